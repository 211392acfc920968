from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page, Revision, Site

from content.models import AwardPage
from core.models import ContentChange


def _load() -> str:
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_content_builds_the_site_and_is_idempotent():
    output = _load()
    assert "demo content ready" in output
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    pages, images = Page.objects.count(), Image.objects.count()

    _load()
    assert Page.objects.count() == pages
    assert Image.objects.count() == images
    assert Site.objects.count() == 1


@pytest.mark.django_db
def test_a_second_load_writes_nothing_and_a_changed_page_is_put_back():
    _load()
    revisions, changes = Revision.objects.count(), ContentChange.objects.count()
    assert _load().splitlines() == ["site tree", "demo content ready"]
    assert (Revision.objects.count(), ContentChange.objects.count()) == (
        revisions,
        changes,
    )

    award = AwardPage.objects.get()
    declared = award.summary
    award.summary = "Edited in the admin."
    award.save_revision().publish()
    _load()
    award.refresh_from_db()
    assert award.summary == declared
    assert Revision.objects.count() == revisions + 2  # the edit, and putting it back


def test_demo_site_is_named_by_the_backend_address(db, settings):
    from core.demo import ensure_home_page

    settings.BACKEND_BASE_URL = "http://127.0.0.1:8000"
    ensure_home_page(log=lambda message: None)  # replaces Wagtail's localhost:80
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert site.root_url == "http://127.0.0.1:8000"

    settings.BACKEND_BASE_URL = "https://cms.example.org"
    site.hostname, site.port = "intl.example.org", 443  # chosen by an admin
    site.save()
    ensure_home_page(log=lambda message: None)
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("intl.example.org", 443)  # kept
