"""Rich text reaches clients as safe, self-contained HTML."""

import pytest

from api.content import richtext
from content import models as m
from core.demo import demo_image

from .conftest import by_path


@pytest.fixture
def page_with_links(anon):
    hub = m.InternationalHubPage.objects.get(locale__language_code="en")
    award = m.AwardPage.objects.get()
    image = demo_image(title="Inline picture", colour=(10, 20, 30), size=(800, 600))
    html = (
        f'<p>See <a linktype="page" id="{award.pk}">the award</a> and '
        '<a href="javascript:alert(1)">this</a><script>alert(1)</script>'
        '<a linktype="page" id="999999">a gone page</a></p>'
        f'<embed embedtype="image" id="{image.pk}" format="left" alt="A picture"/>'
        '<p onclick="steal()">Plain</p>'
    )
    page = m.StandardPage(
        title="Links",
        slug="links",
        summary="x",
        body=[{"type": "paragraph", "value": html}],
    )
    hub.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_internal_links_become_frontend_paths_and_images_img_tags(
    anon, page_with_links
):
    value = by_path(anon, "/international/links/")["body"][0]["value"]
    assert 'href="/international/travelling-librarian-award/"' in value
    assert "linktype" not in value and "<embed" not in value
    assert '<img src="https://cms.example/media/images/' in value
    assert 'alt="A picture"' in value and 'class="richtext-image left"' in value


def test_editor_markup_is_sanitised(anon, page_with_links):
    value = by_path(anon, "/international/links/")["body"][0]["value"]
    assert (
        "<script" not in value and "javascript:" not in value and "onclick" not in value
    )
    assert "a gone page" in value and "999999" not in value


def test_sanitiser_keeps_safe_links():
    assert (
        richtext.sanitise('<a href="mailto:a@b.org">mail</a>')
        == '<a href="mailto:a@b.org" rel="noopener noreferrer">mail</a>'
    )
