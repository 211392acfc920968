"""Rich text reaches clients as safe, self-contained HTML."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file_svg

from api.content import richtext
from content import models as m
from core.demo import demo_image
from tests.factories import pages as build

from .conftest import by_path, open_media, srcset_entries
from .test_query_counts import _queries


@pytest.fixture
def hub(home):
    return build.hub(home)


@pytest.fixture
def page_with_links(hub):
    award = build.award(hub, "The award", slug="travelling-librarian-award")
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
    reader, page_with_links
):
    value = by_path(reader, "/international/links/")["body"][0]["value"]
    assert 'href="/international/travelling-librarian-award/"' in value
    assert "linktype" not in value and "<embed" not in value
    assert '<img src="https://cms.example/media/images/' in value
    assert 'alt="A picture"' in value and 'class="richtext-image left"' in value


def test_editor_markup_is_sanitised(reader, page_with_links):
    value = by_path(reader, "/international/links/")["body"][0]["value"]
    assert (
        "<script" not in value and "javascript:" not in value and "onclick" not in value
    )
    assert "a gone page" in value and "999999" not in value


def test_sanitiser_keeps_safe_links():
    assert (
        richtext.sanitise('<a href="mailto:a@b.org">mail</a>')
        == '<a href="mailto:a@b.org" rel="noopener noreferrer">mail</a>'
    )


class _Tags(HTMLParser):
    """The tags of an HTML fragment: [(tag, {attribute: value})]."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _page_with_image(hub, image, fmt, *, slug, alt="A picture"):
    html = f'<embed embedtype="image" id="{image.pk}" format="{fmt}" alt="{alt}"/>'
    page = m.StandardPage(
        title=slug,
        slug=slug,
        summary="x",
        body=[{"type": "paragraph", "value": html}],
    )
    hub.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.parametrize(
    ("fmt", "src_width", "widths"),
    [("fullwidth", 960, [480, 960, 1600]), ("left", 480, [480, 960])],
)
def test_rich_text_images_are_pictures_of_their_formats_renditions(
    reader, hub, fmt, src_width, widths
):
    image = demo_image(title="Inline photo", colour=(60, 90, 30), size=(1600, 900))
    _page_with_image(hub, image, fmt, slug=f"inline-{fmt}")
    value = by_path(reader, f"/international/inline-{fmt}/")["body"][0]["value"]
    tags = _Tags(value).tags
    assert [tag for tag, _ in tags] == ["picture", "source", "source", "img"]
    img = tags[-1][1]
    sizes = settings.API_RICHTEXT_IMAGE_FORMATS[fmt]["sizes"]
    assert img["sizes"] == sizes
    assert (img["width"], img["height"]) == (str(src_width), str(src_width * 9 // 16))
    assert open_media(img["src"]) == ("PNG", (src_width, src_width * 9 // 16))
    assert img["alt"] == "A picture" and img["class"] == f"richtext-image {fmt}"
    assert img["loading"] == "lazy" and img["data-image-id"] == str(image.pk)
    assert [w for _, w in srcset_entries(img["srcset"])] == widths
    for (_, source), mime in zip(tags[1:3], ["image/avif", "image/webp"], strict=True):
        assert source["type"] == mime and source["sizes"] == sizes
        entries = srcset_entries(source["srcset"])
        assert [w for _, w in entries] == widths
        for url, width in entries:
            assert open_media(url) == (mime[6:].upper(), (width, width * 9 // 16))


def test_a_rich_text_svg_is_a_plain_img(reader, hub):
    svg = Image.objects.create(
        title="Inline vector",
        file=get_test_image_file_svg(filename="inline.svg", width=600, height=300),
    )
    _page_with_image(hub, svg, "right", slug="inline-svg", alt="")
    value = by_path(reader, "/international/inline-svg/")["body"][0]["value"]
    tags = _Tags(value).tags
    assert [tag for tag, _ in tags] == ["img"]
    img = tags[0][1]
    assert img["src"].endswith(".svg") and img["alt"] == ""
    assert img["srcset"] == f"{img['src']} 480w"


def test_rich_text_images_cost_no_query_each(reader, hub):
    images = [
        demo_image(title=f"Inline {n}", colour=(n * 20, 40, 40), size=(640, 480))
        for n in range(6)
    ]
    one = _page_with_image(hub, images[0], "left", slug="one-inline")
    many = _page_with_image(hub, images[0], "left", slug="many-inline")
    many.body = [
        {
            "type": "paragraph",
            "value": "".join(
                f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt=""/>'
                for image in images
            ),
        }
    ]
    many.save_revision().publish()
    assert _queries(reader, f"/api/v1/pages/{one.pk}/", {}) == _queries(
        reader, f"/api/v1/pages/{many.pk}/", {}
    )
    value = reader.get(f"/api/v1/pages/{many.pk}/").json()["body"][0]["value"]
    assert value.count("<picture>") == 6


def test_sanitiser_drops_a_srcset_with_another_scheme():
    html = (
        '<img src="https://a.example/x.png" srcset="https://a.example/x.png 1x, '
        'javascript:alert(1) 2x"><img srcset="https://a.example/y.png 100w">'
    )
    assert richtext.sanitise(html) == (
        '<img src="https://a.example/x.png"><img srcset="https://a.example/y.png 100w">'
    )
