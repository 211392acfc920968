"""Links survive deletes, moves and slug changes, and dead ones are reported."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import ReferenceIndex, Site

from content.models import StandardPage
from core.models import SiteSettings


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(user)
    return client


def _page(parent, title, **kwargs):
    page = parent.add_child(
        instance=StandardPage(
            title=title, slug=title.lower().replace(" ", "-"), **kwargs
        )
    )
    page.save_revision().publish()
    return page


def _redirect_targets(site) -> dict[str, int | None]:
    return {
        redirect.old_path: redirect.redirect_page_id
        for redirect in Redirect.objects.filter(site=site)
    }


def test_changing_a_slug_redirects_the_old_address(
    home, site, django_capture_on_commit_callbacks
):
    about = _page(home, "About")
    about.slug = "about-us"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    assert _redirect_targets(site) == {"/about": about.pk}


def test_moving_a_page_redirects_the_old_address(home, site):
    section = _page(home, "Section")
    about = _page(home, "About")
    about.move(section, pos="last-child")
    assert _redirect_targets(site)["/about"] == about.pk


def test_deleting_a_page_redirects_it_and_its_children_to_the_parent(
    admin_client, home, site, api_client, django_capture_on_commit_callbacks
):
    section = _page(home, "Section")
    doomed = _page(section, "Old news")
    _page(doomed, "Older news")

    confirm = admin_client.get(f"/admin/pages/{doomed.pk}/delete/")
    assert "it will redirect to &#x27;Section&#x27;" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/pages/{doomed.pk}/delete/")
    assert response.status_code == 302

    assert _redirect_targets(site) == {
        "/section/old-news": section.pk,
        "/section/old-news/older-news": section.pk,
    }
    resolved = api_client.get("/api/v1/pages/resolve/?path=/section/old-news/").json()
    assert resolved["redirect"]["permanent"] is True


def test_deleting_the_contact_page_warns_that_site_settings_use_it(admin_client, home):
    contact = _page(home, "Contact")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_page = contact
    settings.save()
    assert ReferenceIndex.get_references_to(contact).exists()

    confirm = admin_client.get(f"/admin/pages/{contact.pk}/delete/").content.decode()
    assert "Site settings" in confirm or "site settings" in confirm


def test_broken_links_report_lists_links_to_deleted_and_unpublished_pages(
    admin_client, home, django_capture_on_commit_callbacks
):
    gone = _page(home, "Gone")
    draft = _page(home, "Draft")
    linking = _page(
        home,
        "Linking",
        body=[
            {
                "type": "paragraph",
                "value": f'<p><a linktype="page" id="{gone.pk}">Gone</a></p>',
            },
            {
                "type": "page_links",
                "value": {"heading": "", "pages": [draft.pk]},
            },
        ],
    )
    _page(home, "Fine", body=[{"type": "page_links", "value": {"pages": [linking.pk]}}])
    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()
    draft.unpublish()

    response = admin_client.get("/admin/reports/broken-links/")
    assert response.status_code == 200
    rows = {
        (link.source, link.target, link.problem)
        for link in response.context["object_list"]
    }
    assert rows == {
        ("Linking", f"Page {gone.pk}", "deleted"),
        ("Linking", "Draft", "unpublished"),
    }
    menu = admin_client.get("/admin/").content.decode()
    assert "/admin/reports/broken-links/" in menu

    # Once the editor removes the dead link, the report forgets it.
    linking.body = [
        {"type": "page_links", "value": {"heading": "", "pages": [draft.pk]}}
    ]
    linking.save_revision().publish()
    response = admin_client.get("/admin/reports/broken-links/")
    assert [link.problem for link in response.context["object_list"]] == ["unpublished"]
