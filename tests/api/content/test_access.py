"""Who sees what: drafts, password-protected and members-only pages.

The tests read a hub they build (once for the module) and the pages below it
that each test adds.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from content import models as m
from core.demo import ensure_home_page
from tests.factories import pages as build
from tests.transactions import for_the_module

from .conftest import by_path

ENDPOINTS = (
    "/api/v1/pages/?limit=100",
    "/api/v1/sitemap/?limit=100",
    "/api/v1/navigation/",
)


def _everything(client) -> str:
    return (
        "".join(client.get(url).content.decode() for url in ENDPOINTS)
        + client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    )


@pytest.fixture(scope="module")
def site_content(django_db_setup, django_db_blocker):
    with for_the_module(django_db_blocker):
        yield build.hub(ensure_home_page(log=lambda message: None))


@pytest.fixture
def hub(anon, site_content):
    # Read afresh: each test adds children, rolled back after it.
    return m.InternationalHubPage.objects.get(pk=site_content.pk)


def _child(hub, slug, **kwargs):
    page = m.StandardPage(
        title=slug.replace("-", " ").title(),
        slug=slug,
        summary=f"Summary of {slug}",
        show_in_menus=True,
        **kwargs,
    )
    hub.add_child(instance=page)
    return page


def test_draft_and_unpublished_pages_never_appear(anon, hub):
    draft = _child(hub, "secret-draft", live=False)
    draft.save_revision()
    published = _child(hub, "was-public")
    published.save_revision().publish()
    published.unpublish()
    text = _everything(anon)
    assert "secret-draft" not in text and "was-public" not in text
    for page in (draft, published):
        assert anon.get(f"/api/v1/pages/{page.pk}/").status_code == 404
        assert (
            anon.get(
                "/api/v1/pages/resolve/", {"path": f"/international/{page.slug}/"}
            ).status_code
            == 404
        )
    assert anon.get("/api/v1/pages/", {"search": "secret"}).json()["count"] == 0


def test_unpublished_changes_never_leak_into_the_live_version(anon, hub):
    page = _child(hub, "about")
    page.save_revision().publish()
    page.title = "DRAFT TITLE"
    page.save_revision()
    assert "DRAFT TITLE" not in _everything(anon)
    assert by_path(anon, "/international/about/")["title"] == "About"


def test_password_protected_pages_and_their_children_never_appear(anon, hub):
    protected = _child(hub, "board-papers")
    protected.save_revision().publish()
    child = m.StandardPage(title="Minutes", slug="minutes", summary="x")
    protected.add_child(instance=child)
    child.save_revision().publish()
    PageViewRestriction.objects.create(
        page=protected, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    text = _everything(anon)
    assert "board-papers" not in text and "minutes" not in text
    assert anon.get(f"/api/v1/pages/{child.pk}/").status_code == 404
    assert (
        anon.get(
            "/api/v1/pages/resolve/", {"path": "/international/board-papers/"}
        ).status_code
        == 404
    )
    assert anon.get("/api/v1/pages/", {"search": "Minutes"}).json()["count"] == 0


@pytest.fixture
def members_page(hub):
    page = _child(
        hub,
        "members-briefing",
        body=[{"type": "paragraph", "value": "<p>Members only text</p>"}],
    )
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name="Members")[0])
    return page


def test_members_only_page_is_listed_without_its_body(anon, members_page):
    listed = anon.get(
        "/api/v1/pages/", {"type": "standard", "fields": "*", "limit": 100}
    ).json()["results"]
    item = next(r for r in listed if r["id"] == members_page.pk)
    assert item["meta"]["access"] == "members" and item["meta"]["has_access"] is False
    assert item["title"] == "Members Briefing" and item["body"] is None
    detail = anon.get(f"/api/v1/pages/{members_page.pk}/")
    assert detail.json()["body"] is None
    assert "Members only text" not in _everything(anon) + detail.content.decode()


def test_members_only_body_for_a_member_and_not_for_another_user(anon, members_page):
    User = get_user_model()
    member = User.objects.create_user("member", "m@example.org", "pw")
    member.groups.add(Group.objects.get(name="Members"))
    outsider = User.objects.create_user("outsider", "o@example.org", "pw")

    anon.force_login(outsider)
    response = anon.get(f"/api/v1/pages/{members_page.pk}/")
    assert (
        response.json()["body"] is None
        and response.json()["meta"]["has_access"] is False
    )

    anon.force_login(member)
    response = anon.get(f"/api/v1/pages/{members_page.pk}/")
    assert response.json()["meta"]["has_access"] is True
    assert "Members only text" in response.json()["body"][0]["value"]
    assert response["Cache-Control"] == "private, no-store"
    assert "Cookie" in response["Vary"] and "Authorization" in response["Vary"]

    # The member's response never fills the shared cache.
    anon.logout()
    assert anon.get(f"/api/v1/pages/{members_page.pk}/").json()["body"] is None


def test_login_restriction_admits_any_signed_in_user(anon, hub):
    page = _child(
        hub, "signed-in-only", body=[{"type": "paragraph", "value": "<p>For users</p>"}]
    )
    page.save_revision().publish()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert anon.get(f"/api/v1/pages/{page.pk}/").json()["body"] is None
    anon.force_login(get_user_model().objects.create_user("u", "u@example.org", "pw"))
    assert (
        anon.get(f"/api/v1/pages/{page.pk}/").json()["body"][0]["value"]
        == "<p>For users</p>"
    )


def test_a_new_restriction_applies_to_pages_already_served(
    anon, hub, django_capture_on_commit_callbacks
):
    page = _child(
        hub, "soon-private", body=[{"type": "paragraph", "value": "<p>Was public</p>"}]
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert anon.get(f"/api/v1/pages/{page.pk}/").json()["meta"]["access"] == "public"
    anon.get(f"/api/v1/pages/{page.pk}/")  # memoised site and restrictions in use
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
    data = anon.get(f"/api/v1/pages/{page.pk}/").json()
    assert data["meta"]["access"] == "members" and data["body"] is None
