"""Cache headers, conditional requests, and exact invalidation of the response cache."""

from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from content import models as m
from core.models import Organisation
from tests.factories import pages as build


def test_public_responses_carry_validators_and_answer_304(anon):
    response = anon.get("/api/v1/pages/")
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert response["Cache-Control"].startswith("public, max-age=")
    assert "stale-while-revalidate" in response["Cache-Control"]
    again = anon.get("/api/v1/pages/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_cached_read_costs_one_version_check(anon, django_assert_num_queries):
    anon.get("/api/v1/pages/", {"fields": "*"})
    # The throttle's counter, and one indexed query that checks the entry's
    # versions against the database (the one truth, whatever process built it).
    with django_assert_num_queries(2):
        assert anon.get("/api/v1/pages/", {"fields": "*"}).status_code == 200


def test_publishing_invalidates_exactly_what_showed_the_page(
    anon, django_capture_on_commit_callbacks
):
    award = m.AwardPage.objects.get()
    detail = f"/api/v1/pages/{award.pk}/"
    other = f"/api/v1/pages/{m.EventPage.objects.get().pk}/"
    first, other_first = anon.get(detail), anon.get(other)
    award.title = "Travelling Librarian Award (renamed)"
    with django_capture_on_commit_callbacks(execute=True):
        award.save_revision().publish()
    changed = anon.get(detail)
    assert (
        changed.json()["title"].endswith("(renamed)")
        and changed["ETag"] != first["ETag"]
    )
    assert anon.get(other)["ETag"] == other_first["ETag"]
    listing = anon.get("/api/v1/pages/", {"type": "award"}).json()
    assert listing["results"][0]["title"].endswith("(renamed)")


def test_snippet_change_invalidates_pages_that_show_it(
    anon, django_capture_on_commit_callbacks
):
    organisation = Organisation.objects.create(name="A committee")
    hub = m.InternationalHubPage.objects.get(locale__language_code="en")
    page = build.representation(hub, "A committee", organisation=organisation)
    url = f"/api/v1/pages/{page.pk}/"
    assert anon.get(url).json()["organisation"]["short_name"] == ""
    organisation.short_name = "UKBS"
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()
    assert anon.get(url).json()["organisation"]["short_name"] == "UKBS"


def test_unpublish_removes_the_page_from_cached_listings(
    anon, django_capture_on_commit_callbacks
):
    before = anon.get("/api/v1/pages/", {"type": "event"}).json()["count"]
    with django_capture_on_commit_callbacks(execute=True):
        m.EventPage.objects.get().unpublish()
    assert anon.get("/api/v1/pages/", {"type": "event"}).json()["count"] == before - 1


def test_a_cache_outage_never_breaks_a_read(anon):
    broken = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        },
    }
    with override_settings(CACHES=broken):
        response = anon.get("/api/v1/pages/", {"fields": "*"})
        assert response.status_code == 200 and response.json()["count"] > 0
    cache.clear()


def test_stored_page_representations_serve_new_queries_without_rendering(
    anon, django_assert_max_num_queries
):
    anon.get("/api/v1/pages/", {"type": "representation", "fields": "*"})
    # Another query over the same pages: the throttle, the site's versions,
    # the listing (count and ids), and one version check for every stored
    # page it shows: no page is rendered.
    with django_assert_max_num_queries(5):
        response = anon.get(
            "/api/v1/pages/",
            {"type": "representation", "fields": "*", "order": "title"},
        )
    assert response.json()["results"][0]["organisation"]["name"]


def test_a_page_is_re_rendered_when_a_page_it_links_to_changes(
    anon, django_capture_on_commit_callbacks
):
    hub = m.InternationalHubPage.objects.get(locale__language_code="en")
    award = m.AwardPage.objects.get()
    cards = m.StandardPage(
        title="Cards",
        slug="cards",
        summary="x",
        body=[{"type": "page_links", "value": {"heading": "", "pages": [award.pk]}}],
    )
    with django_capture_on_commit_callbacks(execute=True):
        hub.add_child(instance=cards)
        cards.save_revision().publish()
    url = f"/api/v1/pages/{cards.pk}/"
    assert (
        anon.get(url).json()["body"][0]["value"]["pages"][0]["title"]
        == "Travelling Librarian Award"
    )
    award.title = "Travelling Librarian Award 2027"
    with django_capture_on_commit_callbacks(execute=True):
        award.save_revision().publish()
    assert (
        anon.get(url).json()["body"][0]["value"]["pages"][0]["title"]
        == "Travelling Librarian Award 2027"
    )
    # ...and through a listing that had stored the same page.
    listed = anon.get(
        "/api/v1/pages/", {"type": "standard", "fields": "body", "limit": 100}
    ).json()["results"]
    card = next(item for item in listed if item["id"] == cards.pk)
    assert (
        card["body"][0]["value"]["pages"][0]["title"]
        == "Travelling Librarian Award 2027"
    )
