"""The reference frontend renders every page type and every body block.

The block list comes from `BodyBlock` itself and the page types from the
`Page` union in openapi.yaml, so a new block or page type fails here until
the frontend has a renderer for it.
"""

from __future__ import annotations

import pytest
import yaml
from django.core.files.base import ContentFile
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.models import Page

from content import models as content
from content.blocks import BodyBlock
from core.demo import stream
from core.models import Organisation

from .support import ROOT, artifacts_dir, get_json, open_rendered

pytestmark = pytest.mark.browser

EMBED_URL = "https://video.example.org/watch/libraries"
SHOWCASE_PATH = "/international/every-block/"


@pytest.fixture
def showcase(backend_url) -> content.StandardPage:
    """A published page with one of each body block (two paragraphs)."""
    hub = content.InternationalHubPage.objects.get(locale__language_code="en")
    image = Image.objects.filter(title="Libraries around the world").get()
    document = Document.objects.create(
        title="Annual report", file=ContentFile(b"Report\n", name="annual-report.txt")
    )
    # The API reads embeds Wagtail has stored; store one rather than fetch it.
    Embed.objects.create(
        url=EMBED_URL,
        hash="every-block-embed",
        type="video",
        html='<iframe title="Library video" srcdoc="A video" width="480"></iframe>',
        title="Libraries at work",
        provider_name="Example Video",
        width=480,
        height=270,
    )
    pages = [hub.pk, Page.objects.get(slug="working-internationally").pk]
    body = stream(
        ("heading", {"text": "Every block", "level": "h2"}),
        ("paragraph", "<p>A paragraph with <b>bold</b> text.</p>"),
        (
            "image",
            {"image": image.pk, "alt_text": "", "decorative": False, "caption": "A"},
        ),
        ("quote", {"text": "Libraries change lives.", "attribution": "A reader"}),
        ("testimonial", content.Testimonial.objects.first().pk),
        (
            "call_to_action",
            {
                "heading": "Join us",
                "text": "",
                "link": {"page": hub.pk, "url": "", "label": ""},
                "button_label": "Join",
                "style": "primary",
            },
        ),
        ("embed", EMBED_URL),
        ("document", {"document": document.pk, "title": ""}),
        (
            "table",
            {
                "caption": "Libraries by country",
                "columns": [
                    {"type": "text", "heading": "Country"},
                    {"type": "numeric", "heading": "Libraries"},
                    {"type": "rich_text", "heading": "Notes"},
                ],
                "rows": [{"values": ["Ukraine", "1234", "<p><b>Many</b> damaged</p>"]}],
            },
        ),
        (
            "accordion",
            {
                "heading": "Questions",
                "items": [
                    {"heading": "Who can join?", "body": "<p>Anyone.</p>"},
                    {"heading": "What does it cost?", "body": "<p>It depends.</p>"},
                ],
            },
        ),
        (
            "key_facts",
            {"heading": "", "facts": [{"value": "1927", "label": "Founded"}]},
        ),
        ("page_links", {"heading": "Read on", "pages": pages}),
        (
            "organisation_list",
            {"heading": "Partners", "organisations": [Organisation.objects.first().pk]},
        ),
        ("paragraph", "<p>The last paragraph.</p>"),
        namespace="every-block",
    )
    page = content.StandardPage(
        title="Every block", slug="every-block", summary="One of each.", body=body
    )
    hub.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_every_body_block_renders(showcase, frontend_url, browser_context):
    shots = artifacts_dir("reference-frontend")
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    open_rendered(page, frontend_url + SHOWCASE_PATH, shots / "every-block.png")

    assert page.locator("h1").inner_text() == "Every block"
    rendered = set(
        page.locator("[data-block-type]").evaluate_all(
            "nodes => nodes.map(node => node.dataset.blockType)"
        )
    )
    assert rendered == set(BodyBlock().child_blocks), "a block type has no renderer"
    assert page.locator("[data-unknown-block]").count() == 0

    stream = page.locator(".stream")
    assert stream.locator("h2.block-heading").inner_text() == "Every block"
    assert stream.locator(".block-paragraph b").first.inner_text() == "bold"
    img = stream.locator(".block-image img")
    assert "480w" in img.get_attribute("srcset")
    assert img.get_attribute("alt") == "Readers in a bright public library"
    assert stream.locator(".block-quote blockquote").inner_text() == (
        "Libraries change lives."
    )
    assert stream.locator(".block-testimonial blockquote").count() == 1
    assert stream.locator(".block-cta a.button").get_attribute("href") == (
        "/international/"
    )
    assert stream.locator(".block-embed iframe[title='Library video']").count() == 1
    assert stream.locator(".block-embed a").get_attribute("href") == EMBED_URL
    document_link = stream.locator(".block-document a")
    assert document_link.inner_text().startswith("Annual report")
    assert document_link.get_attribute("href").startswith("http")
    table = stream.locator(".block-table table")
    assert table.locator("caption").inner_text() == "Libraries by country"
    assert table.locator("td.numeric").inner_text() == "1234"
    assert table.locator("td b").inner_text() == "Many"
    accordion = stream.locator(".block-accordion details")
    assert accordion.count() == 2
    accordion.first.locator("summary").click()
    assert accordion.first.get_attribute("open") is not None
    assert stream.locator(".block-key-facts dt").inner_text() == "1927"
    cards = stream.locator(".block-page-links .card a")
    assert cards.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        "/international/",
        "/international/working-internationally/",
    ]
    logo = stream.locator(".block-organisations img")
    assert logo.get_attribute("alt").endswith("logo")

    # Every image loads from the API's rendition URLs (they are lazy: scroll).
    for picture in stream.locator("img").all():
        picture.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
        )

    # Internal links route in the app, without a reload.
    page.evaluate("window.notReloaded = true")
    cards.first.click()
    page.wait_for_selector("article[data-page-type='international_hub']")
    assert page.evaluate("window.notReloaded") is True
    assert page.url == frontend_url + "/international/"
    assert errors == []


@pytest.fixture
def old_address(backend_url) -> str:
    """A Wagtail redirect from an old address to the about page."""
    about = content.StandardPage.objects.get(slug="about")
    Redirect.add_redirect("/about-us", redirect_to=about, is_permanent=True)
    return "/about-us/"


def test_every_page_type_renders_with_site_chrome(
    old_address, backend_url, frontend_url, browser_context
):
    schema = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    page_types = set(
        schema["components"]["schemas"]["Page"]["discriminator"]["mapping"]
    )
    status, _, sitemap = get_json(f"{backend_url}/api/v1/sitemap/?limit=100")
    assert status == 200
    first_of_type: dict[str, str] = {}
    for entry in sitemap["results"]:
        first_of_type.setdefault(entry["type"], entry["path"])
    assert set(first_of_type) == page_types, "the demo lacks a page type"

    shots = artifacts_dir("reference-frontend")
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    for page_type, path in sorted(first_of_type.items()):
        open_rendered(page, frontend_url + path, shots / f"type-{page_type}.png")
        article = page.locator(f"article[data-page-type='{page_type}']")
        assert article.count() == 1, path
        assert article.locator("h1").inner_text()
    page.wait_for_selector("footer address")
    assert page.locator("header nav a[href='/international/']").count() == 1
    assert "international@example.org" in page.locator("footer").inner_text()

    # Wagtail redirects are followed in the app.
    open_rendered(page, frontend_url + old_address)
    assert page.url == frontend_url + "/international/about/"
    assert page.locator("h1").inner_text() == "About our international work"

    open_rendered(page, frontend_url + "/no/such/page/")
    assert page.locator("[data-error-status='404'] h1").inner_text() == (
        "Page not found"
    )
    errors = [e for e in errors if "404" not in e]  # the API's 404, expected
    assert errors == []


@pytest.fixture
def open_award(backend_url) -> content.AwardPage:
    # Written before the browser starts: Playwright's loop makes the ORM refuse.
    hub = content.InternationalHubPage.objects.get(locale__language_code="en")
    award = content.AwardPage(
        title="Open award",
        slug="open-award",
        summary="Open now.",
        status=content.AwardStatus.OPEN,
        how_to_apply="<p>Write to <b>the committee</b>.</p>",
        apply_url="https://apply.example/",
    )
    hub.add_child(instance=award)
    award.save_revision().publish()
    return award


def test_an_open_award_shows_how_to_apply_as_rich_text_with_the_api_labels(
    open_award, backend_url, frontend_url, browser_context
):
    status, _, data = get_json(
        f"{backend_url}/api/v1/pages/resolve/?path=/international/open-award/"
    )
    assert status == 200

    page = browser_context.new_page()
    open_rendered(page, frontend_url + "/international/open-award/")

    how_to_apply = page.locator(".how-to-apply")
    assert how_to_apply.locator("p b").inner_text() == "the committee"
    assert "<p>" not in how_to_apply.inner_text()
    # The badge is the API's label, not the value reformatted.
    assert page.locator(".award-status .badge").inner_text() == data["status_label"]
