"""An editor previews a draft on the headless frontend, then publishes it.

Real pieces end to end: the backend as an HTTP server (pytest-django's
`live_server`) with the demo content, the built reference frontend served by
its own server on another origin (so CORS is exercised), and Debian's
chromium driven by Playwright. Wagtail's "Preview in new tab" goes through
wagtail-headless-preview's redirect to the frontend's /preview/ route, which
fetches the draft from `GET /api/v1/preview/`.

Needs `make frontend-build` (done by `make test-slow`) and `make browser-deps`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from content.models import StandardPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend-contract" / "reference-frontend"
ARTIFACTS = ROOT / "test-artifacts" / "preview-flow"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
TIMEOUT_MS = 20_000

DRAFT_TITLE = "About our international work: draft 7f3a"
DRAFT_SENTENCE = "Draft sentence 7f3a for the preview."
LIVE_SENTENCE = "The association believes library and information workers"
MARKER = "7f3a"  # in every piece of draft text, and in nothing published


@pytest.fixture
def frontend_url(live_server) -> Iterator[str]:
    """The built frontend on its own origin and port, pointed at the live API."""
    if not (FRONTEND / "dist" / "index.html").exists():
        pytest.fail("The reference frontend is not built: run `make frontend-build`.")
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed.")
    server = subprocess.Popen(
        [node, str(FRONTEND / "serve.mjs"), "--port", "0", "--api", live_server.url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, f"frontend server did not start: {line!r}"
        yield f"http://127.0.0.1:{match.group(1)}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@dataclass(frozen=True)
class Deployment:
    backend_url: str
    frontend_url: str
    page_id: int
    page_title: str


@pytest.fixture
def deployment(live_server, settings, frontend_url) -> Deployment:
    """The live API with demo content, configured for that frontend.

    Everything that touches the ORM from the test's thread happens here:
    Playwright's sync API runs an event loop, and Django refuses ORM calls
    while one is running.
    """
    settings.FRONTEND_BASE_URL = frontend_url
    settings.BACKEND_BASE_URL = live_server.url
    settings.CORS_ALLOWED_ORIGINS = [frontend_url]
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "CLIENT_URLS": {"default": frontend_url + "/preview"},
        "SERVE_BASE_URL": frontend_url,
    }
    call_command("load_demo_content", stdout=StringIO())
    get_user_model().objects.create_superuser(
        username="editor", email="editor@example.org", password="correct horse"
    )
    about = StandardPage.objects.get(slug="about")
    return Deployment(
        backend_url=live_server.url,
        frontend_url=frontend_url,
        page_id=about.pk,
        page_title=about.title,
    )


@pytest.fixture
def browser_context(deployment) -> Iterator:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps`.")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=TIMEOUT_MS
        )
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(TIMEOUT_MS)
            yield context
        finally:
            browser.close()


def _get_json(url: str) -> tuple[int, dict[str, str], dict]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


def _published_texts(backend_url: str, page_id: int, path: str) -> str:
    """Everything anonymous readers can get about the page, as one string."""
    api = backend_url + "/api/v1/"
    urls = [
        f"{api}pages/{page_id}/",
        f"{api}pages/resolve/?path={quote(path)}",
        f"{api}pages/?type=standard&limit=100",
        f"{api}pages/?search=international&limit=100",
        f"{api}navigation/",
        f"{api}sitemap/?limit=100",
    ]
    bodies = []
    for url in urls:
        status, _, body = _get_json(url)
        assert status == 200, (url, body)
        bodies.append(json.dumps(body))
    return "\n".join(bodies)


def _open_frontend(page, url: str, name: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready]")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_editor_previews_draft_on_frontend_then_publishes(deployment, browser_context):
    backend_url, frontend_url = deployment.backend_url, deployment.frontend_url
    page_id, live_title = deployment.page_id, deployment.page_title
    path = "/international/about/"
    console_errors: list[str] = []

    # 0. Anyone reading the frontend sees the live page, fetched across origins.
    reader = browser_context.new_page()
    reader.on(
        "console",
        lambda message: message.type == "error" and console_errors.append(message.text),
    )
    _open_frontend(reader, frontend_url + path, "00-frontend-live")
    assert reader.locator("h1").inner_text() == live_title
    assert LIVE_SENTENCE in reader.locator("main").inner_text()

    # 1. The editor signs in and edits the title and the paragraph.
    editor = browser_context.new_page()
    editor.goto(backend_url + "/admin/login/")
    editor.fill("#id_username", "editor")
    editor.fill("#id_password", "correct horse")
    editor.click("button[type=submit]")
    editor.wait_for_url(re.compile(r"/admin/$"))
    editor.goto(f"{backend_url}/admin/pages/{page_id}/edit/")
    editor.fill("#id_title", DRAFT_TITLE)
    paragraph = editor.locator("[contenteditable=true]").filter(has_text=LIVE_SENTENCE)
    paragraph.click()
    editor.keyboard.press("End")
    editor.keyboard.type(" " + DRAFT_SENTENCE)
    # Draftail copies its state into the form's hidden input after a short delay.
    editor.wait_for_function(
        "marker => [...document.querySelectorAll('input[type=hidden]')]"
        ".some(input => input.value.includes(marker))",
        arg=MARKER,
    )
    editor.screenshot(path=str(ARTIFACTS / "01-admin-edited.png"), full_page=True)

    # 2. Preview in a new tab: Wagtail redirects to the frontend's /preview/.
    editor.click('button[data-side-panel-toggle="preview"]')
    new_tab_link = editor.locator('a[data-w-preview-target="newTab"]')
    new_tab_link.wait_for(state="visible")
    editor.screenshot(path=str(ARTIFACTS / "02-admin-preview-panel.png"))
    with browser_context.expect_page() as new_tab:
        new_tab_link.click()
    preview = new_tab.value
    preview.wait_for_selector("body[data-ready]")
    assert preview.url.startswith(frontend_url + "/preview/?"), preview.url
    assert "content_type=content.standardpage" in preview.url
    preview.screenshot(path=str(ARTIFACTS / "03-frontend-preview.png"), full_page=True)
    assert preview.locator(".preview-banner").inner_text().startswith("Preview")
    assert preview.locator("h1").inner_text() == DRAFT_TITLE
    assert DRAFT_SENTENCE in preview.locator(".block-paragraph").first.inner_text()

    # The draft came from the no-store preview endpoint, and from nowhere else.
    token_query = preview.url.split("?", 1)[1]
    status, headers, draft = _get_json(f"{backend_url}/api/v1/preview/?{token_query}")
    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    assert draft["title"] == DRAFT_TITLE
    assert draft["id"] == page_id
    status, _, live = _get_json(f"{backend_url}/api/v1/pages/{page_id}/")
    assert status == 200
    assert live["title"] == live_title
    assert MARKER not in _published_texts(backend_url, page_id, path)

    # 3. Saving a draft revision leaks nothing to readers either.
    editor.click("button.action-save")
    editor.wait_for_selector(".messages .success")
    editor.screenshot(path=str(ARTIFACTS / "04-admin-draft-saved.png"), full_page=True)
    assert MARKER not in _published_texts(backend_url, page_id, path)
    _open_frontend(reader, frontend_url + path, "05-frontend-still-live")
    assert reader.locator("h1").inner_text() == live_title
    assert MARKER not in reader.locator("body").inner_text()

    # 4. Publish: the frontend's normal route shows the new version.
    editor.click('footer [data-w-dropdown-target="toggle"]')
    editor.click('button[name="action-publish"]')
    editor.wait_for_selector(".messages .success")
    editor.screenshot(path=str(ARTIFACTS / "06-admin-published.png"), full_page=True)
    _open_frontend(reader, frontend_url + path, "07-frontend-published")
    assert reader.locator("h1").inner_text() == DRAFT_TITLE
    assert DRAFT_SENTENCE in reader.locator(".block-paragraph").first.inner_text()
    assert reader.locator(".preview-banner").count() == 0
    status, _, live = _get_json(f"{backend_url}/api/v1/pages/{page_id}/")
    assert live["title"] == DRAFT_TITLE

    assert console_errors == []
