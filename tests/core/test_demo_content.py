from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page, Site


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
