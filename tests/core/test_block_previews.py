"""Every block explains itself in the admin's block picker: a description and a preview."""

import pytest
from django.contrib.auth import get_user_model

from content.blocks import BodyBlock, EventProgrammeBlock
from grants.blocks import QuestionsBlock

STREAMS = [BodyBlock(), EventProgrammeBlock(), QuestionsBlock()]
CHILDREN = [
    (type(stream).__name__, name, block)
    for stream in STREAMS
    for name, block in stream.child_blocks.items()
]


@pytest.mark.parametrize(
    ("stream", "name", "block"), CHILDREN, ids=[f"{s}.{n}" for s, n, _ in CHILDREN]
)
def test_every_block_has_a_description_and_a_preview(client, db, stream, name, block):
    assert block.get_description(), f"{stream}.{name} has no description"
    assert block.is_previewable, f"{stream}.{name} has no preview in the block picker"

    user = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(user)
    response = client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    assert "<main>" in response.content.decode()
