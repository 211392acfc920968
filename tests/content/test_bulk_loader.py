"""The benchmark's bulk loader writes what Wagtail's own save and publish write.

The same page specs go through both builders; the tree, the revisions, the
reference index, the search index and the API's answers must not tell them apart.
"""

import re

import pytest
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend

from benchmarks import bulk
from core.models import ContentChange

COUNT = 10  # every type, 5 to 10 blocks
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(demo, django_db_blocker):
    """Both builders, once per module (inside `demo`'s rolled-back transaction)."""
    with django_db_blocker.unblock():
        ctx = bulk.context()
        normal = bulk.publish_normally(
            bulk.page_specs(ctx, count=COUNT, prefix="normal")
        )
        fast = bulk.bulk_publish(
            bulk.page_specs(ctx, count=COUNT, prefix="bulk"), log=lambda message: None
        )
    return list(zip(normal, fast, strict=True))


def _same(data, normal_id, fast_id):
    """A representation with what must differ (ids, slugs, times) neutralised."""
    text = re.sub(r"\b(normal|bulk)-", "X-", str(data))
    text = re.sub(rf"\b({normal_id}|{fast_id})\b", "ID", text)
    return re.sub(r"'(first|last)_published_at': '[^']*'", "'T'", text)


def test_tree_is_valid(built):
    assert Page.find_problems() == ([], [], [], [], [])
    for _, fast in built:
        page = Page.objects.get(pk=fast)
        parent = page.get_parent()
        assert parent.numchild == parent.get_children().count()
        assert page.url_path == parent.url_path + page.slug + "/"
        assert page.live and not page.has_unpublished_changes


def test_revisions_match_a_publish(built):
    for normal_id, fast_id in built:
        normal, fast = (Page.objects.get(pk=pk) for pk in (normal_id, fast_id))
        assert fast.latest_revision_id == fast.live_revision_id is not None
        assert fast.latest_revision.object_id == str(fast.pk)
        old = dict(normal.latest_revision.content)
        new = dict(fast.latest_revision.content)
        for key in (
            "pk",
            "path",
            "slug",
            "url_path",
            "translation_key",
            "draft_title",
            "live_revision",
            "latest_revision",
            "latest_revision_created_at",
            "first_published_at",
            "last_published_at",
            "tagged_items",
        ):
            old.pop(key, None)
            new.pop(key, None)
        assert _same(new, normal_id, fast_id) == _same(old, normal_id, fast_id)
        restored = fast.latest_revision.as_object()
        assert restored.title == fast.specific.title
        assert sorted(t.name for t in restored.tags.all()) == sorted(
            t.name for t in fast.specific.tags.all()
        )


def test_references_match_a_publish(built):
    def refs(pk):
        return {
            (r.to_content_type_id, r.to_object_id, r.model_path)
            for r in ReferenceIndex.objects.filter(object_id=str(pk))
        }

    for normal_id, fast_id in built:
        assert refs(fast_id) == refs(normal_id)
        assert refs(fast_id)  # images, pages, snippets and tags


def test_search_and_change_log(built):
    _, fast_id = built[0]
    page = Page.objects.get(pk=fast_id).specific
    found = get_search_backend().search(page.title, type(page))
    assert fast_id in [hit.pk for hit in found]
    assert ContentChange.objects.filter(
        kind="page.published", object_id=str(fast_id)
    ).exists()


def test_api_serves_them_identically(built, api_client):
    for normal_id, fast_id in built:
        normal = api_client.get(f"/api/v1/pages/{normal_id}/")
        fast = api_client.get(f"/api/v1/pages/{fast_id}/")
        assert normal.status_code == fast.status_code == 200
        normal_data, fast_data = normal.json(), fast.json()
        for data in (normal_data, fast_data):
            data["meta"].pop("translations")
        assert _same(fast_data, normal_id, fast_id) == _same(
            normal_data, normal_id, fast_id
        )
    # Stored representations built in bulk serve the same bytes.
    bulk.build_stored([fast for _, fast in built], log=lambda message: None)
    for _, fast_id in built:
        fresh = api_client.get(f"/api/v1/pages/{fast_id}/")
        assert fresh.status_code == 200
