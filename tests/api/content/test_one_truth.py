"""The database decides what is current: the change log, versions and stored pages.

No process is told of a change: whatever it cached carries the versions it
was built from and is checked against the database on every use. So a change
committed by this process or any other is served at once, and a restart
finds the stored representations in the database.
"""

from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from api.caching import api_cache
from api.content.context import forget as forget_memo
from api.content.pages import PageSet
from api.models import StoredPage
from api.throttles import count_hit
from content import models as m
from core.changes import bump, is_current, versions
from core.models import ContentChange, ContentChangeKind

DEFAULT_RENDITIONS = "large,medium,small,thumbnail"


def _restart() -> None:
    """What a new process has: an empty `api` cache and no memo."""
    api_cache().clear()
    forget_memo()


def test_a_publish_logs_one_change_and_bumps_its_keys_in_its_transaction(anon):
    award = m.AwardPage.objects.get()
    before = versions([f"page:{award.pk}", "pages"])
    last = ContentChange.objects.order_by("-id").values_list("id", flat=True).first()
    award.title = "Renamed"
    award.save_revision().publish()
    change = ContentChange.objects.filter(id__gt=last or 0).get(
        kind=ContentChangeKind.PAGE_PUBLISHED
    )
    assert change.object_type == "wagtailcore.page"
    assert change.object_id == str(award.pk) and change.page_ids == [award.pk]
    # `translations:`: every language version lists this one.
    assert set(change.deps) == {
        f"page:{award.pk}",
        "pages",
        f"translations:{award.translation_key}",
    }
    after = versions([f"page:{award.pk}", "pages"])
    assert all(after[key] > before[key] for key in before)


def test_a_rolled_back_publish_leaves_no_change_and_no_bump(anon):
    award = m.AwardPage.objects.get()
    count, before = ContentChange.objects.count(), versions(["pages"])
    with pytest.raises(RuntimeError), transaction.atomic():
        award.title = "Never published"
        award.save_revision().publish()
        raise RuntimeError
    assert ContentChange.objects.count() == count
    assert versions(["pages"]) == before


def test_change_log_rows_are_ordered_by_id_for_readers_after_a_cursor(anon):
    event = m.EventPage.objects.get()
    cursor = ContentChange.objects.order_by("-id").values_list("id", flat=True)[0]
    event.save_revision().publish()
    event.unpublish()
    kinds = list(
        ContentChange.objects.filter(id__gt=cursor).values_list("kind", flat=True)
    )
    assert kinds == [
        ContentChangeKind.PAGE_PUBLISHED,
        ContentChangeKind.PAGE_UNPUBLISHED,
    ]


def test_no_cache_is_told_of_a_change_and_none_serves_the_old_state(anon):
    award = m.AwardPage.objects.get()
    url = f"/api/v1/pages/{award.pk}/"
    anon.get(url)
    cached = len(api_cache()._cache)
    award.title = "Renamed elsewhere"
    award.save_revision().publish()
    # Nothing was deleted from this process's memory...
    assert len(api_cache()._cache) == cached
    # ...and the database's versions still decide.
    assert anon.get(url).json()["title"] == "Renamed elsewhere"


def test_a_password_restriction_hides_the_page_from_every_cached_view(anon):
    award = m.AwardPage.objects.get()
    url = f"/api/v1/pages/{award.pk}/"
    assert anon.get(url).status_code == 200
    assert award.pk in [p["id"] for p in anon.get("/api/v1/pages/").json()["results"]]
    PageViewRestriction.objects.create(
        page=award, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert anon.get(url).status_code == 404
    ids = [p["id"] for p in anon.get("/api/v1/pages/").json()["results"]]
    assert award.pk not in ids


def test_a_group_added_to_a_restriction_later_changes_who_passes(
    anon, django_user_model
):
    event = m.EventPage.objects.get()
    group = Group.objects.create(name="Board")
    user = django_user_model.objects.create_user("board", "b@example.org", "pw")
    user.groups.add(group)
    restriction = PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.GROUPS
    )
    anon.force_login(user)
    url = f"/api/v1/pages/{event.pk}/"
    assert anon.get(url).json()["meta"]["has_access"] is False
    restriction.groups.add(group)  # an m2m change only: no save of the restriction
    assert anon.get(url).json()["meta"]["has_access"] is True


def test_a_publish_stores_the_page_for_the_default_renditions_in_the_background(
    anon, django_capture_on_commit_callbacks
):
    award = m.AwardPage.objects.get()
    StoredPage.objects.filter(page=award).delete()
    award.title = "Built by the task"
    with django_capture_on_commit_callbacks(execute=True):
        award.save_revision().publish()
    row = StoredPage.objects.get(page=award, renditions=DEFAULT_RENDITIONS)
    assert '"title":"Built by the task"' in row.data
    assert is_current(row.deps, versions(row.deps))


def test_an_image_change_rebuilds_the_stored_pages_that_show_it(
    anon, django_capture_on_commit_callbacks
):
    hub = m.InternationalHubPage.objects.get(locale__language_code="en")
    anon.get(f"/api/v1/pages/{hub.pk}/")
    row = StoredPage.objects.get(page=hub, renditions=DEFAULT_RENDITIONS)
    image = get_image_model().objects.get(pk=hub.listing_image_id)
    assert f"image:{image.pk}" in row.deps
    image.description = "A reading room, rebuilt"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    row.refresh_from_db()
    assert "A reading room, rebuilt" in row.data
    assert is_current(row.deps, versions(row.deps))


def test_after_a_restart_a_listing_never_seen_reads_stored_pages(
    anon, django_assert_max_num_queries
):
    params = {"fields": "*", "limit": 100}
    anon.get("/api/v1/pages/", params)
    _restart()
    with (
        mock.patch.object(
            PageSet, "_render_full", side_effect=AssertionError("rendered")
        ),
        # The throttle; the memo's versions, then the site and restrictions
        # (a new process loads them once); the listing (count and pages); the
        # stored pages, one query whatever their types; their versions; the
        # site's language trees (once per process, with the site); and the
        # grant schemes' rounds, read live rather than stored, with their
        # version (two queries for all schemes, whatever their number).
        django_assert_max_num_queries(11),
    ):
        response = anon.get(
            "/api/v1/pages/", {**params, "order": "-first_published_at"}
        )
    assert response.status_code == 200 and len(response.json()["results"]) > 5


def test_a_stored_page_built_before_a_change_is_rendered_again(anon):
    award = m.AwardPage.objects.get()
    url = f"/api/v1/pages/{award.pk}/"
    anon.get(url)
    _restart()
    # Another process changed the page (a direct write, then its bump).
    m.AwardPage.objects.filter(pk=award.pk).update(title="Changed elsewhere")
    bump([f"page:{award.pk}"])
    assert anon.get(url, {"renditions": "thumbnail"}).json()["title"] == (
        "Changed elsewhere"
    )
    assert anon.get(url).json()["title"] == "Changed elsewhere"


def test_search_results_depend_on_the_search_index(anon):
    from modelsearch.tasks import insert_or_update_object_task

    award = m.AwardPage.objects.get()
    before = versions(["search"])["search"]
    # Wagtail updates the index in a task after the save; its end is a change.
    insert_or_update_object_task.enqueue("content", "awardpage", str(award.pk))
    assert versions(["search"])["search"] == before + 1


def test_throttle_counts_are_shared_through_the_database(db):
    from api.models import RateCounter

    assert count_hit("throttle_anon_192.0.2.1", window_start=60, duration=60) == 1
    assert count_hit("throttle_anon_192.0.2.1", window_start=60, duration=60) == 2
    assert RateCounter.objects.get(key="throttle_anon_192.0.2.1").count == 2


def test_a_page_read_back_from_the_table_is_byte_identical_to_a_fresh_one(anon):
    award = m.AwardPage.objects.get()
    url = f"/api/v1/pages/{award.pk}/"
    fresh = anon.get(url)
    _restart()
    assert StoredPage.objects.filter(page=award).exists()
    stored = anon.get(url)
    # The same bytes, so a client's If-None-Match still matches after a deploy.
    assert stored.content == fresh.content and stored["ETag"] == fresh["ETag"]


def test_the_task_builds_the_same_bytes_a_request_would(
    anon, django_capture_on_commit_callbacks
):
    award = m.AwardPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        award.save_revision().publish()
    url = f"/api/v1/pages/{award.pk}/"
    from_task = anon.get(url)
    StoredPage.objects.all().delete()
    _restart()
    assert anon.get(url).content == from_task.content
    # Rendition names in any order are one set, rendered one way.
    _restart()
    reordered = anon.get(url, {"renditions": "large,medium,small,thumbnail"})
    assert reordered.content == from_task.content
