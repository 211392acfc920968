"""Headless preview: the admin's Preview button, the token checks and the endpoint.

The tests read a hub, an about page, an award and an event they build, once
for the module.
"""

import datetime
from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)
from wagtail_headless_preview.models import PagePreview

from content import models as m
from content.tasks import prune_page_previews
from core.demo import ensure_home_page
from tests.factories import pages as build
from tests.problems import assert_problem
from tests.transactions import for_the_module

ABOUT = "About the international work"


@pytest.fixture(scope="module")
def site_content(django_db_setup, django_db_blocker):
    with for_the_module(django_db_blocker):
        hub = build.hub(ensure_home_page(log=lambda message: None))
        build.publish(
            hub, m.StandardPage(title=ABOUT, slug="about", summary="Who we are.")
        )
        build.award(hub, "An award", summary="For librarians.")
        build.event(
            hub,
            "A meeting",
            starts_at=datetime.datetime(2027, 1, 5, 10, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2027, 1, 5, 12, tzinfo=datetime.UTC),
            is_online=True,
            online_url="https://meet.example/a-meeting",
        )
        yield


@pytest.fixture
def editor(anon):
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "pw"
    )
    anon.force_login(user)
    return anon


def _form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "tags": "",
        "comments": inline_formset([]),
        "body": streamfield([("paragraph", rich_text("<p>Draft paragraph</p>"))]),
    }
    data.update(changes)
    return nested_form_data(data)


def _preview_link(client, preview_url, data):
    assert client.post(preview_url, data).json()["is_valid"] is True
    response = client.get(preview_url)
    assert response.status_code == 302
    location = urlparse(response["Location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    return location, query


def test_admin_preview_sends_the_editor_to_the_frontend_with_a_working_token(editor):
    page = m.StandardPage.objects.get(slug="about")
    location, query = _preview_link(
        editor,
        f"/admin/pages/{page.pk}/edit/preview/",
        _form(page, title="About (draft)"),
    )
    assert (
        f"{location.scheme}://{location.netloc}{location.path}"
        == "https://front.example/preview/"
    )
    assert query["content_type"] == "content.standardpage"

    editor.logout()  # the frontend calls without the editor's session
    draft = editor.get("/api/v1/preview/", query)
    assert draft.status_code == 200
    data = draft.json()
    assert (
        data["title"] == "About (draft)"
        and data["body"][0]["value"] == "<p>Draft paragraph</p>"
    )
    assert draft["Cache-Control"] == "no-store"
    assert (
        draft["X-Robots-Tag"] == "noindex" and draft["Referrer-Policy"] == "no-referrer"
    )
    live = editor.get(f"/api/v1/pages/{page.pk}/").json()
    assert live["title"] == ABOUT
    assert set(data) == set(live) and data["meta"]["path"] == live["meta"]["path"]


def test_preview_of_a_page_never_saved(editor):
    hub = m.InternationalHubPage.objects.get(locale__language_code="en")
    data = _form(m.StandardPage(title="Brand new", slug="brand-new", summary="New"))
    _, query = _preview_link(
        editor, f"/admin/pages/add/content/standardpage/{hub.pk}/preview/", data
    )
    assert not m.StandardPage.objects.filter(slug="brand-new").exists()
    editor.logout()
    page = editor.get("/api/v1/preview/", query).json()
    assert page["title"] == "Brand new" and page["type"] == "standard"
    assert page["meta"]["path"] == "/international/brand-new/"


@pytest.fixture
def token(anon):
    page = m.AwardPage.objects.get()
    page.title = "Award draft"
    return page, page.create_page_preview().token


def test_valid_token_shows_the_draft(anon, token):
    _page, value = token
    assert (
        anon.get(
            "/api/v1/preview/", {"content_type": "content.awardpage", "token": value}
        ).json()["title"]
        == "Award draft"
    )


def _is_404(response):
    assert_problem(response, 404)
    assert response["Cache-Control"] == "no-store"
    return True


def test_expired_token_is_404(anon, token):
    _, value = token
    later = datetime.datetime.now().timestamp() + 3601
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert _is_404(
            anon.get(
                "/api/v1/preview/",
                {"content_type": "content.awardpage", "token": value},
            )
        )


def test_forged_token_is_404(anon, token):
    _, value = token
    forged = value[:-3] + ("aaa" if not value.endswith("aaa") else "bbb")
    assert _is_404(
        anon.get(
            "/api/v1/preview/", {"content_type": "content.awardpage", "token": forged}
        )
    )
    assert _is_404(
        anon.get(
            "/api/v1/preview/",
            {"content_type": "content.awardpage", "token": "id=1:garbage"},
        )
    )


def test_token_for_another_content_type_is_404(anon, token):
    _, value = token
    assert _is_404(
        anon.get(
            "/api/v1/preview/", {"content_type": "content.eventpage", "token": value}
        )
    )


def test_token_for_another_page_is_404(anon):
    award = m.AwardPage.objects.get()
    forged = award.get_preview_signer().sign(f"id={award.pk + 1000}")
    PagePreview.objects.create(
        token=forged, content_type=award.content_type, content_json=award.to_json()
    )
    assert _is_404(
        anon.get(
            "/api/v1/preview/", {"content_type": "content.awardpage", "token": forged}
        )
    )


@pytest.mark.parametrize(
    "content_type", ["nope.nope", "auth.user", "wagtailcore.page", "content", ""]
)
def test_unknown_or_unpreviewable_type_is_404_or_400(anon, token, content_type):
    _, value = token
    response = anon.get(
        "/api/v1/preview/", {"content_type": content_type, "token": value}
    )
    assert (
        response.status_code in (400, 404)
        and response["Content-Type"] == "application/problem+json"
    )


def test_every_page_type_previews_through_the_package():
    from wagtail_headless_preview.models import HeadlessMixin

    from api.content.serializers import PAGE_SERIALIZERS

    for model in PAGE_SERIALIZERS:
        assert issubclass(model, HeadlessMixin), model


def test_scheduled_cleanup_deletes_expired_previews(anon, token):
    PagePreview.objects.update(
        created_at=datetime.date.today() - datetime.timedelta(days=2)
    )
    fresh = m.EventPage.objects.get().create_page_preview()
    prune_page_previews.enqueue()
    assert list(PagePreview.objects.values_list("token", flat=True)) == [fresh.token]
    assert Page.objects.exists()
