"""CDN purges from the change log: exactly the tags a change bumped, after commit."""

import pytest
from django.test import override_settings

from content.models import StandardPage
from core.models import ContentChange
from syndication import purge
from syndication.models import PurgeCursor
from syndication.tasks import purge_cdn_sweep

from .receiver import receiver

pytestmark = pytest.mark.django_db


def _publish(parent, slug, capture):
    # As at deploy (the migration starts the cursors at the end of the log):
    # only changes made from now on are purged.
    latest = ContentChange.objects.order_by("-id").values_list("id", flat=True)
    PurgeCursor.objects.update(last_change_id=latest.first() or 0)
    page = parent.add_child(instance=StandardPage(title=slug, slug=slug, live=False))
    with capture(execute=True):
        page.save_revision().publish()
    return page


def _varnish(url, **extra):
    return override_settings(CDN_PURGE_BACKEND="varnish", CDN_PURGE_URLS=[url], **extra)


def _purged(hook):
    return [set(r.headers["xkey"].split()) for r in hook.requests]


def test_a_publish_purges_its_page_and_the_listings_after_commit(
    home, django_capture_on_commit_callbacks
):
    with receiver() as hook, _varnish(hook.url):
        page = _publish(home, "travel-grants", django_capture_on_commit_callbacks)
    [request] = hook.requests
    assert request.method == "PURGE"
    tags = set(request.headers["xkey"].split())
    assert {f"page:{page.pk}", "pages", "changes"} <= tags
    # Only what the change bumped: not every page, not the site tree.
    change = ContentChange.objects.latest("id")
    assert tags == {*change.deps, "changes"}
    assert PurgeCursor.objects.get(name="immediate").last_change_id == change.pk


def test_nothing_is_sent_while_the_change_is_uncommitted(
    home, django_capture_on_commit_callbacks
):
    with receiver() as hook, _varnish(hook.url):
        page = home.add_child(
            instance=StandardPage(title="Draft", slug="d", live=False)
        )
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            page.save_revision().publish()
        assert hook.requests == []
        for callback in callbacks:
            callback()
    assert any(f"page:{page.pk}" in tags for tags in _purged(hook))


def test_a_failed_purge_keeps_its_place_and_is_sent_again(
    home, django_capture_on_commit_callbacks
):
    with receiver(responses=[(503, {}), (200, {})]) as hook, _varnish(hook.url):
        page = _publish(home, "awards", django_capture_on_commit_callbacks)
        cursor = PurgeCursor.objects.get(name="immediate")
        change = ContentChange.objects.latest("id")
        assert cursor.last_change_id < change.pk
        assert "503" in cursor.last_error
        # The scheduled sweep (or the task's own retry) sends the same tags.
        purge_cdn_sweep.call()
    assert len(hook.requests) >= 2
    assert all(f"page:{page.pk}" in tags for tags in _purged(hook))
    cursor.refresh_from_db()
    assert (cursor.last_change_id, cursor.last_error) == (change.pk, "")


def test_the_settle_pass_purges_the_same_tags_once_they_have_settled(
    home, django_capture_on_commit_callbacks
):
    with receiver() as hook:
        with _varnish(hook.url, CDN_PURGE_SETTLE_SECONDS=3600):
            page = _publish(home, "mentoring", django_capture_on_commit_callbacks)
            first = len(hook.requests)
            assert purge.purge_pending(name="settle") == 0
            assert len(hook.requests) == first
        with _varnish(hook.url, CDN_PURGE_SETTLE_SECONDS=0):
            assert purge.purge_pending(name="settle") >= 1
    assert f"page:{page.pk}" in _purged(hook)[-1]
    latest = ContentChange.objects.latest("id").pk
    assert PurgeCursor.objects.get(name="settle").last_change_id == latest


def test_without_a_purge_backend_nothing_is_sent_or_moved(
    home, django_capture_on_commit_callbacks
):
    _publish(home, "quiet", django_capture_on_commit_callbacks)
    before = dict(PurgeCursor.objects.values_list("name", "last_change_id"))
    assert before["immediate"] < ContentChange.objects.latest("id").pk
    assert purge.purge_pending(name="immediate") == 0
    assert dict(PurgeCursor.objects.values_list("name", "last_change_id")) == before


def test_many_tags_are_split_into_requests_varnish_accepts(db):
    tags = [f"page:{n}" for n in range(purge.TAGS_PER_REQUEST * 2 + 5)]
    with receiver() as hook:
        purge.VarnishXkey([hook.url]).purge(tags)
    sent = _purged(hook)
    assert len(sent) == 3 and set().union(*sent) == set(tags)
    assert all(len(r.headers["xkey"]) < 8000 for r in hook.requests)
