"""The reference frontend renders every page type and every body block, on
the server (what crawlers and link previews read, checked without
JavaScript) and in the browser (after it takes over navigation).

The block list comes from `BodyBlock` itself and the page types from the
`Page` union in openapi.yaml, so a new block or page type fails here until
the frontend has a renderer for it.
"""

from __future__ import annotations

import datetime
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote
from zoneinfo import ZoneInfo

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

from .support import (
    ROOT,
    artifacts_dir,
    get_html,
    get_json,
    head_meta,
    open_rendered,
    serve_frontend,
    tags,
)

pytestmark = pytest.mark.browser

EMBED_URL = "https://video.example.org/watch/libraries"
SHOWCASE_PATH = "/international/every-block/"
# The fields openapi.yaml marks `format: html` on pages (blocks are checked apart).
RICH_TEXT_FIELDS = ("intro", "offer", "how_to_apply", "eligibility")


@contextmanager
def without_javascript(browser_context) -> Iterator:
    """A tab that runs no script: what the server alone sends."""
    context = browser_context.browser.new_context(java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


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
        title="Every block",
        slug="every-block",
        summary="One of each.",
        listing_image=image,
        body=body,
    )
    hub.add_child(instance=page)
    page.save_revision().publish()
    return page


def _check_every_block(page) -> None:
    """Every body block type is on the page, each rendered as its kind."""
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
    assert stream.locator(".block-accordion details p").first.inner_text() == "Anyone."
    assert stream.locator(".block-key-facts dt").inner_text() == "1927"
    cards = stream.locator(".block-page-links .card a")
    assert cards.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
        "/international/",
        "/international/working-internationally/",
    ]
    logo = stream.locator(".block-organisations img")
    assert logo.get_attribute("alt").endswith("logo")


def test_every_body_block_renders_on_the_server(
    showcase, frontend_url, browser_context
):
    status, headers, html = get_html(frontend_url + SHOWCASE_PATH)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    types = set(re.findall(r'data-block-type="([a-z_]+)"', html))
    assert types == set(BodyBlock().child_blocks)
    # The paragraph's HTML is inserted as markup, not shown as text.
    assert "<p>A paragraph with <b>bold</b> text.</p>" in html
    assert "&lt;b&gt;" not in html

    with without_javascript(browser_context) as page:
        page.goto(frontend_url + SHOWCASE_PATH)
        _check_every_block(page)


def test_every_body_block_renders(showcase, frontend_url, browser_context):
    shots = artifacts_dir("reference-frontend")
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    open_rendered(page, frontend_url + SHOWCASE_PATH, shots / "every-block.png")
    _check_every_block(page)

    # Every image loads from the API's rendition URLs (they are lazy: scroll).
    stream = page.locator(".stream")
    for picture in stream.locator("img").all():
        picture.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
        )
    # Each image is a <picture> of one named rendition: the modern formats
    # first, and the browser takes the best it supports (Chromium: AVIF).
    figure = stream.locator(".block-image picture")
    assert figure.locator("source").evaluate_all("s => s.map(x => x.type)") == [
        "image/avif",
        "image/webp",
    ]
    assert ".avif" in figure.locator("img").evaluate("img => img.currentSrc")

    # Internal links route in the app, without a reload; the browser renders
    # the next page with the same renderers, and the page's head follows.
    page.evaluate("window.notReloaded = true")
    stream.locator(".block-page-links .card a").first.click()
    page.wait_for_selector("article[data-page-type='international_hub']")
    assert page.evaluate("window.notReloaded") is True
    assert page.url == frontend_url + "/international/"
    canonical = page.locator("link[rel=canonical]")
    assert canonical.count() == 1
    assert canonical.get_attribute("href") == frontend_url + "/international/"

    # And back: the server's page is rendered again in the browser, all blocks.
    page.go_back()
    page.wait_for_selector("article[data-page-type='standard']")
    assert page.evaluate("window.notReloaded") is True
    _check_every_block(page)
    assert errors == []


def test_server_html_has_canonical_open_graph_and_hreflang(
    showcase, backend_url, frontend_url
):
    status, _, api_page = get_json(
        f"{backend_url}/api/v1/pages/resolve/?path={quote(SHOWCASE_PATH)}"
    )
    assert status == 200
    status, _, social = get_json(
        f"{backend_url}/api/v1/images/{api_page['listing_image']['id']}/"
        "?renditions=social"
    )
    assert status == 200

    status, headers, html = get_html(frontend_url + SHOWCASE_PATH)
    assert status == 200
    assert headers["Content-Language"] == "en"
    canonical = tags(html, "link", rel="canonical")
    assert [link["href"] for link in canonical] == [frontend_url + SHOWCASE_PATH]
    assert api_page["meta"]["url"] == frontend_url + SHOWCASE_PATH
    assert "<title data-head>Every block</title>" in html
    meta = head_meta(html)
    assert meta["description"] == "One of each."
    assert meta["og:title"] == "Every block"
    assert meta["og:description"] == "One of each."
    assert meta["og:url"] == frontend_url + SHOWCASE_PATH
    assert meta["og:type"] == "article"
    assert meta["og:site_name"]
    # The link preview image is the listing image's 1200x630 social crop.
    assert meta["og:image"] == social["renditions"]["social"]["url"]
    assert meta["og:image"].startswith("http")
    assert meta["og:image:width"] == str(social["renditions"]["social"]["width"])
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]
    assert "robots" not in meta

    # A reload of an unchanged page is a 304.
    status, _, _ = get_html(
        frontend_url + SHOWCASE_PATH, {"If-None-Match": headers["ETag"]}
    )
    assert status == 304

    # hreflang: every published language version of the hub, and x-default.
    status, _, hub = get_json(
        f"{backend_url}/api/v1/pages/resolve/?path=/international/"
    )
    versions = {t["locale"]: t["url"] for t in hub["meta"]["translations"]}
    assert len(versions) > 1
    _, _, html = get_html(frontend_url + "/international/")
    alternates = {
        link["hreflang"]: link["href"] for link in tags(html, "link", rel="alternate")
    }
    assert alternates == {**versions, "x-default": versions["en"]}
    assert head_meta(html)["og:type"] == "website"


@pytest.fixture
def moved(backend_url) -> dict[str, str]:
    """Two Wagtail redirects to the about page: permanent and temporary."""
    about = content.StandardPage.objects.get(slug="about")
    Redirect.add_redirect("/about-us", redirect_to=about, is_permanent=True)
    Redirect.add_redirect("/about-this-week", redirect_to=about, is_permanent=False)
    return {"permanent": "/about-us/", "temporary": "/about-this-week/"}


def test_non_canonical_paths_redirect_to_the_canonical_path(
    showcase, moved, frontend_url, browser_context
):
    cases = [
        # No trailing slash; the query goes along.
        ("/international/every-block", 308, SHOWCASE_PATH),
        ("/international/every-block?ref=feed", 308, SHOWCASE_PATH + "?ref=feed"),
        # The default language's own prefix: the API serves the page at /.
        ("/en/international/every-block/", 308, SHOWCASE_PATH),
        # An editor's redirects, permanent or not as they set them.
        (moved["permanent"], 308, "/international/about/"),
        (moved["temporary"], 307, "/international/about/"),
    ]
    for path, expected_status, location in cases:
        status, headers, _ = get_html(frontend_url + path)
        assert (status, headers["Location"]) == (expected_status, location), path

    # A browser lands on the canonical page.
    page = browser_context.new_page()
    open_rendered(page, frontend_url + "/international/every-block")
    assert page.url == frontend_url + SHOWCASE_PATH
    assert page.locator("h1").inner_text() == "Every block"


def test_unknown_path_is_a_404_page_with_the_site_chrome(frontend_url, backend_url):
    status, headers, html = get_html(frontend_url + "/no/such/page/")
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert tags(html, "article", **{"data-error-status": "404"})
    assert "<h1>Page not found</h1>" in html
    assert head_meta(html)["robots"] == "noindex"
    assert tags(html, "a", href="/international/", **{"data-path": "/international/"})


@contextmanager
def _api_answering(status: int, headers: dict[str, str]) -> Iterator[str]:
    """A stand-in API that answers every request with `status`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b'{"status": %d, "code": "database_unavailable"}' % status
            self.send_response(status)
            self.send_header("Content-Type", "application/problem+json")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_api_failures_answer_502_and_503():
    # The API is down (nothing listens): a bad gateway.
    with serve_frontend(f"http://127.0.0.1:{_closed_port()}") as url:
        status, headers, html = get_html(url + "/international/")
    assert status == 502
    assert headers["Cache-Control"] == "no-store"
    assert "<h1>Something went wrong</h1>" in html

    # The API says it is unavailable: so are we, for as long as it says.
    with (
        _api_answering(503, {"Retry-After": "30"}) as api,
        serve_frontend(api) as url,
    ):
        status, headers, html = get_html(url + "/international/")
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert tags(html, "article", **{"data-error-status": "503"})

    # Any other error of the API's: a bad gateway, never its 500 passed on.
    with _api_answering(500, {}) as api, serve_frontend(api) as url:
        status, _, _ = get_html(url + "/international/")
    assert status == 502


@pytest.fixture
def old_address(backend_url) -> str:
    """A Wagtail redirect from an old address to the about page."""
    about = content.StandardPage.objects.get(slug="about")
    Redirect.add_redirect("/about-us", redirect_to=about, is_permanent=True)
    return "/about-us/"


def _first_page_of_each_type(backend_url: str) -> dict[str, str]:
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
    return first_of_type


def test_every_page_type_renders_on_the_server_with_its_rich_text_and_labels(
    backend_url, frontend_url
):
    for page_type, path in sorted(_first_page_of_each_type(backend_url).items()):
        _, _, data = get_json(f"{backend_url}/api/v1/pages/resolve/?path={quote(path)}")
        status, _, html = get_html(frontend_url + path)
        assert status == 200, path
        assert tags(html, "article", **{"data-page-type": page_type}), path
        assert [link["href"] for link in tags(html, "link", rel="canonical")] == [
            data["meta"]["url"]
        ]
        # Rich text is the API's HTML, inserted as markup: never escaped.
        for field in RICH_TEXT_FIELDS:
            if data.get(field):
                assert data[field] in html, (path, field)
        for block in data.get("body") or []:
            if block["type"] == "paragraph":
                assert block["value"] in html, path
        assert "&lt;p&gt;" not in html, path
        # Enum values are shown with the API's labels.
        for field in ("status", "milestone", "capacity", "event_kind"):
            if f"{field}_label" in data:
                assert f">{data[f'{field}_label']}</span>" in html, (path, field)
        if "kind_label" in data:
            assert f"<dd>{data['kind_label']}</dd>" in html, path
        for round_ in data.get("rounds", []):
            badge = f'data-status="{round_["status"]}">{round_["status_label"]}<'
            assert badge in html, path


def test_every_page_type_renders_with_site_chrome(
    old_address, backend_url, frontend_url, browser_context
):
    first_of_type = _first_page_of_each_type(backend_url)
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

    # Wagtail redirects are followed.
    open_rendered(page, frontend_url + old_address)
    assert page.url == frontend_url + "/international/about/"
    assert page.locator("h1").inner_text() == "About our international work"

    open_rendered(page, frontend_url + "/no/such/page/")
    assert page.locator("[data-error-status='404'] h1").inner_text() == (
        "Page not found"
    )
    errors = [e for e in errors if "404" not in e]  # the page's own 404, expected
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

    browser = browser_context.new_page()
    open_rendered(browser, frontend_url + "/international/open-award/")
    with without_javascript(browser_context) as server_only:
        server_only.goto(frontend_url + "/international/open-award/")
        for page in (server_only, browser):
            how_to_apply = page.locator(".how-to-apply")
            assert how_to_apply.locator("p b").inner_text() == "the committee"
            assert "<p>" not in how_to_apply.inner_text()
            # The badge is the API's label, not the value reformatted.
            badge = page.locator(".award-status .badge")
            assert badge.inner_text() == data["status_label"]


TOKYO = ZoneInfo("Asia/Tokyo")
TOKYO_PATH = "/international/tokyo-webinar/"
CONFERENCE_PATH = "/international/working-internationally/international-conference/"


@pytest.fixture
def tokyo_event(backend_url) -> content.EventPage:
    """An online event in Tokyo time with a programme of local times."""
    hub = content.InternationalHubPage.objects.get(locale__language_code="en")
    session = {"speakers": "", "description": ""}
    event = content.EventPage(
        title="Webinar with Japanese libraries",
        slug="tokyo-webinar",
        summary="An online meeting in Tokyo time.",
        starts_at=datetime.datetime(2027, 3, 5, 10, 0, tzinfo=TOKYO),
        ends_at=datetime.datetime(2027, 3, 5, 11, 30, tzinfo=TOKYO),
        timezone="Asia/Tokyo",
        is_online=True,
        online_url="https://meet.example.org/tokyo",
        programme=stream(
            (
                "day",
                {
                    "date": "2027-03-05",
                    "sessions": [
                        {"starts_at": "10:00", "ends_at": "10:45", "title": "Welcome"}
                        | session,
                        {"starts_at": "10:45", "ends_at": None, "title": "Questions"}
                        | session,
                    ],
                },
            ),
            namespace="tokyo/programme",
        ),
    )
    hub.add_child(instance=event)
    event.save_revision().publish()
    return event


def _check_tokyo_times(page) -> None:
    starts, ends = page.locator(".facts time").all()[:2]
    assert starts.get_attribute("datetime") == "2027-03-05T10:00:00+09:00"
    assert starts.get_attribute("data-time-zone") == "Asia/Tokyo"
    # Tokyo's wall clock and zone, not the server's or the reader's.
    assert "5 March 2027" in starts.inner_text()
    assert starts.inner_text().endswith("10:00 GMT+9")
    assert ends.inner_text().endswith("11:30 GMT+9")
    assert page.locator(".time-zone").inner_text() == "Asia/Tokyo (GMT+9)"
    sessions = page.locator(".sessions .time")
    assert sessions.nth(0).inner_text() == "10:00\u201310:45 GMT+9"
    assert sessions.nth(1).inner_text() == "10:45 GMT+9"
    assert sessions.nth(0).locator("time").first.get_attribute("datetime") == (
        "2027-03-05T10:00:00+09:00"
    )


def test_event_times_are_shown_in_the_events_time_zone(
    tokyo_event, frontend_url, browser_context
):
    # The reader is in New York, the event in Tokyo, the server in UTC.
    browser = browser_context.browser
    reader = browser.new_context(
        timezone_id="America/New_York", java_script_enabled=False
    )
    try:
        page = reader.new_page()
        page.goto(frontend_url + TOKYO_PATH)
        _check_tokyo_times(page)
        # Summer time is the zone's own: London's June conference is in BST.
        page.goto(frontend_url + CONFERENCE_PATH)
        assert (
            page.locator(".sessions .time").first.inner_text() == "09:30\u201310:30 BST"
        )
        assert page.locator(".facts time").first.inner_text().endswith("09:30 BST")
    finally:
        reader.close()

    # Rendered by the browser after an in-app navigation: the same.
    reader = browser.new_context(timezone_id="America/New_York")
    try:
        page = reader.new_page()
        open_rendered(page, frontend_url + "/international/")
        page.evaluate("window.notReloaded = true")
        page.locator(f"main a[href='{TOKYO_PATH}']").first.click()
        page.wait_for_selector("article[data-page-type='event']")
        assert page.evaluate("window.notReloaded") is True
        _check_tokyo_times(page)
    finally:
        reader.close()
