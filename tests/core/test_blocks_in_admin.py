"""Every block, given empty and wrong values in the admin's own edit form.

An invalid block must come back as a field error on a re-rendered form (200)
with everything the editor typed still there, never as a 500 that loses the
unsaved block. The form data is built from each block's definition, so a new
block is tried without touching this file.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from content.models import EventPage, InternationalHubPage, StandardPage
from tests.factories.grants import make_scheme

KEEP = "Keep this paragraph 9c2e."
TITLE = "Edited title 9c2e"
TOO_LONG = "y" * 1200

# Blocks for which no value of that kind is invalid (they stay valid).
VALID = {
    ("body", "table", "empty"),  # a table without columns is an empty table
    ("body", "paragraph", "empty"),  # kept as an empty paragraph, harmless
    ("body", "paragraph", "wrong"),  # any rich text is rich text
}


def _leaf(block: blocks.Block, mode: str) -> Any:
    if mode == "empty":
        if isinstance(block, blocks.RichTextBlock):
            return rich_text("")
        if isinstance(block, blocks.BooleanBlock):
            return ""
        return ""
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(f"<p>{TOO_LONG}</p>")
    if isinstance(block, blocks.BooleanBlock):
        return "on"
    if isinstance(block, blocks.ChoiceBlock):
        return "not-a-choice"
    if isinstance(block, blocks.URLBlock | EmbedBlock):
        return "not an address"
    if isinstance(block, blocks.IntegerBlock | blocks.DecimalBlock):
        return "many"
    if isinstance(block, blocks.DateBlock):
        return "31 February"
    if isinstance(block, blocks.TimeBlock):
        return "25:61"
    if isinstance(block, blocks.ChooserBlock):
        return "999999"  # an id that does not exist
    return TOO_LONG


def _table(block: TypedTableBlock, mode: str) -> dict[str, Any]:
    if mode == "empty":
        return {"caption": "", "column-count": "0", "row-count": "0"}
    return {
        "caption": "Figures",
        "column-count": "1",
        "column-0-type": "numeric",
        "column-0-order": "0",
        "column-0-deleted": "",
        "column-0-heading": "Amount",
        "row-count": "1",
        "row-0-order": "0",
        "row-0-deleted": "",
        "cell-0-0": "many",
    }


def form_value(block: blocks.Block, mode: str) -> Any:
    """What the admin's form posts for `block` holding empty or wrong values."""
    if isinstance(block, TypedTableBlock):
        return _table(block, mode)
    if isinstance(block, blocks.StructBlock):
        return {
            name: form_value(child, mode) for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        if mode == "empty":
            return {"count": "0"}
        return {
            "count": "1",
            "0": {
                "value": form_value(block.child_block, mode),
                "deleted": "",
                "order": "0",
                "id": "",
            },
        }
    return _leaf(block, mode)


@pytest.fixture
def pages(home):
    """One page per StreamField holding these blocks, keyed by field name."""
    standard = home.add_child(instance=StandardPage(title="About", slug="about"))
    start = timezone.now().replace(microsecond=0)
    hub = home.add_child(instance=InternationalHubPage(title="Hub", slug="hub"))
    event = hub.add_child(
        instance=EventPage(
            title="Webinar",
            slug="webinar",
            starts_at=start,
            ends_at=start,
            venue_name="The British Library",
        )
    )
    return {"body": standard, "programme": event, "questions": make_scheme(home)}


def _cases() -> list[tuple[str, str, str]]:
    from content.blocks import BodyBlock, EventProgrammeBlock
    from grants.blocks import QuestionsBlock

    cases = []
    for field, stream in [
        ("body", BodyBlock()),
        ("programme", EventProgrammeBlock()),
        ("questions", QuestionsBlock()),
    ]:
        for name in stream.child_blocks:
            for mode in ("empty", "wrong"):
                cases.append((field, name, mode))
    return cases


def _stream_block(field: str, name: str) -> blocks.Block:
    from content.blocks import BodyBlock, EventProgrammeBlock
    from grants.blocks import QuestionsBlock

    stream = {
        "body": BodyBlock,
        "programme": EventProgrammeBlock,
        "questions": QuestionsBlock,
    }[field]()
    return stream.child_blocks[name]


def _edit_data(admin_client, page, field: str, items: list) -> dict[str, Any]:
    """The page's own edit form as the admin renders it, with `field` replaced."""
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = {
        key: value
        for key, value in querydict_from_html(html, form_id="page-edit-form").items()
        if not key.startswith(f"{field}-")
    }
    # The admin's script builds StreamField inputs; leave the others empty.
    for other in page.specific_class._meta.get_fields():
        if isinstance(other, StreamField) and other.name != field:
            data[f"{other.name}-count"] = "0"
    data.update(nested_form_data({"title": TITLE, field: streamfield(items)}))
    data.update(nested_form_data({"comments": inline_formset([])}))
    data["action-publish"] = "publish"
    return data


def _keeper(field: str) -> tuple[str, Any]:
    """A valid block to put after the one under test, so we see it survive."""
    if field == "body":
        return ("paragraph", rich_text(f"<p>{KEEP}</p>"))
    if field == "programme":
        return (
            "day",
            {
                "date": "2027-06-10",
                "sessions": {
                    "count": "1",
                    "0": {
                        "value": {
                            "starts_at": "10:00",
                            "ends_at": "",
                            "title": KEEP,
                            "speakers": "",
                            "description": "",
                        },
                        "deleted": "",
                        "order": "0",
                        "id": "",
                    },
                },
            },
        )
    return (
        "short_text",
        {"label": KEEP, "help_text": "", "required": "on", "max_length": "255"},
    )


@pytest.mark.parametrize(("field", "name", "mode"), _cases())
def test_invalid_block_is_a_field_error_and_keeps_the_form(
    admin_client, pages, field, name, mode
):
    page = pages[field]
    value = form_value(_stream_block(field, name), mode)
    data = _edit_data(admin_client, page, field, [(name, value), _keeper(field)])

    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)

    page.refresh_from_db()
    if (field, name, mode) in VALID:
        assert response.status_code == 302
        return
    assert response.status_code == 200, response.content[:500]
    assert page.title != TITLE  # nothing saved
    errors = response.context["form"].errors.as_data()
    assert list(errors) == [field], errors
    [stream_error] = errors[field]
    assert list(stream_error.block_errors) == [0]  # the block under test only
    stream_error.as_json_data()  # what the re-rendered form needs
    content = response.content.decode()
    assert TITLE in content and KEEP in content  # what was typed is still there
