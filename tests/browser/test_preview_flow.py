"""An editor previews a draft on the headless frontend, then publishes it.

Wagtail's "Preview in new tab" goes through wagtail-headless-preview's
redirect to the frontend's /preview/ route, which fetches the draft from
`GET /api/v1/preview/`; meanwhile no published endpoint shows any of it.
The servers and the browser come from conftest.py.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from content.models import StandardPage

from .support import EDITOR, artifacts_dir, get_json, open_rendered

pytestmark = pytest.mark.browser

DRAFT_TITLE = "About our international work: draft 7f3a"
DRAFT_SENTENCE = "Draft sentence 7f3a for the preview."
LIVE_SENTENCE = "The association believes library and information workers"
MARKER = "7f3a"  # in every piece of draft text, and in nothing published
PATH = "/international/about/"


@pytest.fixture
def about(backend_url) -> StandardPage:
    return StandardPage.objects.get(slug="about")


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
        status, _, body = get_json(url)
        assert status == 200, (url, body)
        bodies.append(json.dumps(body))
    return "\n".join(bodies)


def test_editor_previews_draft_on_frontend_then_publishes(
    about, backend_url, frontend_url, browser_context
):
    page_id, live_title, path = about.pk, about.title, PATH
    shots = artifacts_dir("preview-flow")
    console_errors: list[str] = []

    # 0. Anyone reading the frontend sees the live page, fetched across origins.
    reader = browser_context.new_page()
    reader.on(
        "console",
        lambda message: message.type == "error" and console_errors.append(message.text),
    )
    open_rendered(reader, frontend_url + path, shots / "00-frontend-live.png")
    assert reader.locator("h1").inner_text() == live_title
    assert LIVE_SENTENCE in reader.locator("main").inner_text()

    # 1. The editor signs in and edits the title and the paragraph.
    editor = browser_context.new_page()
    editor.goto(backend_url + "/admin/login/")
    editor.fill("#id_username", EDITOR[0])
    editor.fill("#id_password", EDITOR[1])
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
    editor.screenshot(path=str(shots / "01-admin-edited.png"), full_page=True)

    # 2. Preview in a new tab: Wagtail redirects to the frontend's /preview/.
    editor.click('button[data-side-panel-toggle="preview"]')
    new_tab_link = editor.locator('a[data-w-preview-target="newTab"]')
    new_tab_link.wait_for(state="visible")
    editor.screenshot(path=str(shots / "02-admin-preview-panel.png"))
    with browser_context.expect_page() as new_tab:
        new_tab_link.click()
    preview = new_tab.value
    preview.wait_for_selector("body[data-ready]")
    assert preview.url.startswith(frontend_url + "/preview/?"), preview.url
    assert "content_type=content.standardpage" in preview.url
    preview.screenshot(path=str(shots / "03-frontend-preview.png"), full_page=True)
    assert preview.locator(".preview-banner").inner_text().startswith("Preview")
    assert preview.locator("h1").inner_text() == DRAFT_TITLE
    assert DRAFT_SENTENCE in preview.locator(".block-paragraph").first.inner_text()

    # The draft came from the no-store preview endpoint, and from nowhere else.
    token_query = preview.url.split("?", 1)[1]
    status, headers, draft = get_json(f"{backend_url}/api/v1/preview/?{token_query}")
    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    assert draft["title"] == DRAFT_TITLE
    assert draft["id"] == page_id
    status, _, live = get_json(f"{backend_url}/api/v1/pages/{page_id}/")
    assert status == 200
    assert live["title"] == live_title
    assert MARKER not in _published_texts(backend_url, page_id, path)

    # 3. Saving a draft revision leaks nothing to readers either.
    editor.click("button.action-save")
    editor.wait_for_selector(".messages .success")
    editor.screenshot(path=str(shots / "04-admin-draft-saved.png"), full_page=True)
    assert MARKER not in _published_texts(backend_url, page_id, path)
    open_rendered(reader, frontend_url + path, shots / "05-frontend-still-live.png")
    assert reader.locator("h1").inner_text() == live_title
    assert MARKER not in reader.locator("body").inner_text()

    # 4. Publish: the frontend's normal route shows the new version.
    editor.click('footer [data-w-dropdown-target="toggle"]')
    editor.click('button[name="action-publish"]')
    editor.wait_for_selector(".messages .success")
    editor.screenshot(path=str(shots / "06-admin-published.png"), full_page=True)
    open_rendered(reader, frontend_url + path, shots / "07-frontend-published.png")
    assert reader.locator("h1").inner_text() == DRAFT_TITLE
    assert DRAFT_SENTENCE in reader.locator(".block-paragraph").first.inner_text()
    assert reader.locator(".preview-banner").count() == 0
    status, _, live = get_json(f"{backend_url}/api/v1/pages/{page_id}/")
    assert live["title"] == DRAFT_TITLE

    assert console_errors == []
