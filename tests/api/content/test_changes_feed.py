"""The changes feed: a poller that applies it in order mirrors the public pages."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from content import models as m
from content.selectors import PUBLIC, Access, frontend_path, locale_trees, site_pages
from core.models import ContentChange
from syndication import changes
from tests.problems import assert_problem

URL = "/api/v1/changes/"


class Mirror:
    """A partner's copy: follows `next` and applies upserts and tombstones."""

    def __init__(self, client, **params) -> None:
        self.client, self.params = client, params
        self.pages: dict[int, tuple[str, str | None]] = {}
        self.cursor: str | None = None

    def poll(self, *, limit: int = 7) -> int:
        calls = 0
        while True:
            params = {**self.params, "limit": limit}
            if self.cursor:
                params["since"] = self.cursor
            response = self.client.get(URL, params)
            assert response.status_code == 200, response.content
            body = response.json()
            for item in body["results"]:
                if item["action"] == "upsert":
                    self.pages[item["id"]] = (item["path"], item["last_published_at"])
                else:
                    self.pages.pop(item["id"], None)
            self.cursor, calls = body["cursor"], calls + 1
            assert body["next"].endswith("since=" + self.cursor)
            if not body["has_more"]:
                return calls
            assert calls < 200, "the feed never caught up"


def _public_pages(site) -> dict[int, tuple[str, str | None]]:
    """The truth: every public page of the site, as a mirror should hold it."""
    from api.content.serializers import page_types

    access = Access.load()
    pages = site_pages(site=site, access=access).type(*page_types().values())
    root = site.root_page.url_path
    trees = locale_trees(site)  # `/fr/...` for translations
    return {
        page.pk: (
            frontend_path(url_path=page.url_path, root_url_path=root, trees=trees),
            page.last_published_at.isoformat().replace("+00:00", "Z"),
        )
        for page in pages
        if access.level(page.path) == PUBLIC
    }


def test_a_poller_rebuilds_exactly_the_public_pages_through_every_kind_of_change(
    anon, site
):
    mirror = Mirror(anon)
    mirror.poll()
    assert mirror.pages == _public_pages(site)

    hub = m.InternationalHubPage.objects.get(locale__language_code="en")
    award, event = m.AwardPage.objects.get(), m.EventPage.objects.get()
    statements = list(m.SolidarityStatementPage.objects.live().order_by("pk"))
    index = m.SolidarityIndexPage.objects.get(locale__language_code="en")

    # A publish of a new page, an edit, a move, an unpublish.
    fresh = m.StandardPage(title="Fresh", slug="fresh", summary="New.")
    hub.add_child(instance=fresh)
    fresh.save_revision().publish()
    award.title = "Award, edited"
    award.save_revision().publish()
    mirror.poll()
    assert mirror.pages == _public_pages(site)

    Page.objects.get(pk=fresh.pk).move(index, pos="last-child")
    event.unpublish()
    # Restrictions: a password, then members-only, then one lifted.
    password = PageViewRestriction.objects.create(
        page=statements[0], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    members = PageViewRestriction.objects.create(
        page=statements[1], restriction_type=PageViewRestriction.LOGIN
    )
    mirror.poll(limit=3)
    assert mirror.pages == _public_pages(site)
    assert statements[0].pk not in mirror.pages
    assert statements[1].pk not in mirror.pages

    password.delete()
    groups = PageViewRestriction.objects.create(
        page=statements[2], restriction_type=PageViewRestriction.GROUPS
    )
    groups.groups.add(Group.objects.create(name="Board"))
    members.delete()
    # A delete of a whole subtree, and a republish of the unpublished page.
    Page.objects.get(pk=index.pk).delete()
    event.save_revision().publish()
    mirror.poll(limit=2)
    assert mirror.pages == _public_pages(site)
    assert event.pk in mirror.pages and fresh.pk not in mirror.pages


def test_a_new_mirror_after_the_changes_starts_from_the_snapshot(anon, site):
    m.EventPage.objects.get().unpublish()
    late = Mirror(anon)
    late.poll(limit=5)
    assert late.pages == _public_pages(site)


def test_type_and_section_narrow_the_feed_tombstones_included(anon, site):
    index = m.SolidarityIndexPage.objects.get(locale__language_code="en")
    mirror = Mirror(anon, type="solidarity_statement", section=index.pk)
    mirror.poll()
    statements = set(
        m.SolidarityStatementPage.objects.live()
        .descendant_of(index)
        .values_list("pk", flat=True)
    )
    assert set(mirror.pages) == statements
    gone = m.SolidarityStatementPage.objects.live().descendant_of(index).first()
    gone.unpublish()
    m.AwardPage.objects.get().save_revision().publish()  # another type: not shown
    response = anon.get(URL, {"type": "solidarity_statement", "since": mirror.cursor})
    body = response.json()
    assert [(i["action"], i["id"]) for i in body["results"]] == [("delete", gone.pk)]
    assert body["results"][0]["type"] == "solidarity_statement"


def test_polling_a_caught_up_cursor_is_cached_until_the_next_change(anon):
    mirror = Mirror(anon)
    mirror.poll()
    first = anon.get(URL, {"since": mirror.cursor})
    assert first.json() == {
        "results": [],
        "cursor": mirror.cursor,
        "next": first.json()["next"],
        "has_more": False,
    }
    again = anon.get(URL, {"since": mirror.cursor}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    m.AwardPage.objects.get().save_revision().publish()
    after = anon.get(URL, {"since": mirror.cursor}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and len(after.json()["results"]) == 1


@pytest.mark.parametrize("since", ["nonsense", "bC4x", "", "cy4tMS4y"])
def test_a_cursor_the_feed_never_gave_is_a_400_naming_since(anon, since):
    response = anon.get(URL, {"since": since} if since else {"since": "x!"})
    assert response.status_code == 400
    assert "since" in response.json()["errors"]


def test_a_cursor_older_than_the_retention_is_410_resync(anon, settings):
    mirror = Mirror(anon)
    mirror.poll()
    m.AwardPage.objects.get().save_revision().publish()
    stale = mirror.cursor
    ContentChange.objects.update(created_at=timezone.now() - timedelta(days=400))
    assert changes.prune() > 0
    response = anon.get(URL, {"since": stale})
    assert_problem(response, 410)
    assert "without `since`" in response.json()["detail"]
    fresh = Mirror(anon)
    fresh.poll()
    assert m.AwardPage.objects.get().pk in fresh.pages


def test_unknown_parameters_and_types_are_400(anon):
    assert anon.get(URL, {"order": "x"}).status_code == 400
    assert "type" in anon.get(URL, {"type": "nope"}).json()["errors"]
    assert "limit" in anon.get(URL, {"limit": 0}).json()["errors"]
