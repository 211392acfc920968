"""Editors' daily journeys in the real admin (issue 16), in Debian's chromium.

- a call to action without a link is a field error, and nothing typed is lost;
- a Tokyo webinar entered as 10:00 stays 10:00 +09:00, in the API and the form;
- a solidarity statement with every body block and a country found by search
  is previewed in the reference frontend and published.

The servers and the browser come from conftest.py; screenshots go to
test-artifacts/editor-journeys/.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from content import models as content
from content.blocks import BodyBlock

from .support import EDITOR, artifacts_dir, get_json, open_rendered

pytestmark = pytest.mark.browser

EMBED_URL = "https://video.example.org/watch/solidarity"
TITLE = "Solidarity with libraries in the flood region"


def _sign_in(page, backend_url: str) -> None:
    page.goto(backend_url + "/admin/login/")
    page.fill("#id_username", EDITOR[0])
    page.fill("#id_password", EDITOR[1])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def _publish(page) -> None:
    """Publish from the edit view and wait until Wagtail says it is done (the
    draft's "saved" message stays on the page until then, so not by that).

    Wagtail asks before it saves when its editing-session check saw a newer
    revision or could not reach the server; the preview tab this test opens
    is another session of the same editor, and CI met the dialog. Then the
    editor continues, as a person would.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.click('footer [data-w-dropdown-target="toggle"]')
    publish = page.locator('button[name="action-publish"]')
    publish.wait_for(state="visible")
    confirm = page.locator(
        '#w-save-confirmation-dialog [data-w-dialog-target="confirm"]'
    )
    with page.expect_navigation():
        publish.click()
        try:
            confirm.wait_for(state="visible", timeout=3_000)
        except PlaywrightTimeoutError:
            pass  # no question asked: the form is on its way
        else:
            confirm.click()
    page.locator(".messages .success", has_text="published").wait_for()


def _add_block(page, field: str, label: str) -> int:
    """Add a block at the end of the StreamField `field`; return its index."""
    before = page.evaluate(
        """field => [...document.querySelectorAll('input[type=hidden]')]
        .filter(input => new RegExp(`^${field}-[0-9]+-type$`).test(input.name)).length""",
        field,
    )
    stream = page.locator(f'[data-contentpath="{field}"]').first
    stream.locator("button.c-sf-add-button").last.click()
    picker = page.locator(".w-combobox")
    picker.get_by_role("option", name=label, exact=True).click()
    _child(page, field, before).wait_for()
    return before


def _child(page, field: str, index: int):
    """The container of block `index` of a StreamField (not of nested lists)."""
    return page.locator(
        f'[data-streamfield-child]:has(input[name="{field}-{index}-type"])'
    ).last


def _open_chooser(block, button_text: str, choices) -> None:
    """Click a chooser button and pick the first item of its modal.

    Under load the first click can land before the chooser's script is ready
    and open nothing, so click again rather than wait out the timeout.
    """
    button = block.get_by_role("button", name=re.compile(button_text, re.I)).first
    choice = choices.first
    for attempt in range(3):
        button.click()
        try:
            choice.wait_for(state="visible", timeout=8_000)
            break
        except Exception:
            if attempt == 2:
                raise
            if block.page.locator(".modal:visible").count():
                choice.wait_for(state="visible")  # opening, only slowly
                break
    choice.click()
    choice.wait_for(state="detached")


def _choose_first(page, block, button_text: str) -> None:
    """Open a chooser inside `block` and pick its first item."""
    _open_chooser(
        block, button_text, page.locator(".modal [data-chooser-modal-choice]:visible")
    )


# --- An empty call to action -----------------------------------------------------


@pytest.fixture
def about(backend_url) -> content.StandardPage:
    return content.StandardPage.objects.get(slug="about")


def test_empty_call_to_action_is_a_field_error_and_the_form_keeps_everything(
    about, backend_url, browser_context
):
    shots = artifacts_dir("editor-journeys")
    page = browser_context.new_page()
    _sign_in(page, backend_url)
    page.goto(f"{backend_url}/admin/pages/{about.pk}/edit/")
    page.fill("#id_title", "About us: edited 4b1e")

    index = _add_block(page, "body", "Call to action")
    block = _child(page, "body", index)
    block.locator(f"#body-{index}-value-heading").fill("Join the network 4b1e")
    block.locator(f"#body-{index}-value-button_label").fill("Sign up")
    page.click("button.action-save")

    error = page.get_by_text("Choose a page or enter an address.")
    error.wait_for()
    page.screenshot(path=str(shots / "cta-01-field-error.png"), full_page=True)
    assert page.locator("#id_title").input_value() == "About us: edited 4b1e"
    block = _child(page, "body", index)
    assert block.locator(f"#body-{index}-value-heading").input_value() == (
        "Join the network 4b1e"
    )
    assert block.locator(f"#body-{index}-value-button_label").input_value() == "Sign up"
    status, _, live = get_json(f"{backend_url}/api/v1/pages/{about.pk}/")
    assert status == 200 and "4b1e" not in str(live)


# --- A Tokyo webinar ---------------------------------------------------------------


@pytest.fixture
def hub(backend_url) -> content.InternationalHubPage:
    return content.InternationalHubPage.objects.get(locale__language_code="en")


def test_tokyo_webinar_entered_as_10_00_is_served_as_10_00_plus_09_00(
    hub, backend_url, frontend_url, browser_context
):
    shots = artifacts_dir("editor-journeys")
    page = browser_context.new_page()
    _sign_in(page, backend_url)
    page.goto(f"{backend_url}/admin/pages/add/content/eventpage/{hub.pk}/")
    page.fill("#id_title", "Webinar with Japanese libraries")
    page.fill("#id_summary", "An online meeting in Tokyo time.")
    page.fill("#id_starts_at", "2027-03-05 10:00")
    page.fill("#id_ends_at", "2027-03-05 11:30")
    page.select_option("#id_timezone", "Asia/Tokyo")
    page.check("#id_is_online")
    page.fill("#id_online_url", "https://meet.example.org/tokyo")
    page.keyboard.press("Escape")  # close the date picker
    page.screenshot(path=str(shots / "tokyo-01-entered.png"), full_page=True)
    _publish(page)

    event = get_json(f"{backend_url}/api/v1/pages/?type=event&search=Japanese&limit=5")[
        2
    ]["results"][0]
    status, _, detail = get_json(f"{backend_url}/api/v1/pages/{event['id']}/")
    assert status == 200
    assert detail["starts_at"] == "2027-03-05T10:00:00+09:00"
    assert detail["ends_at"] == "2027-03-05T11:30:00+09:00"

    page.goto(f"{backend_url}/admin/pages/{event['id']}/edit/")
    assert page.locator("#id_starts_at").input_value() == "2027-03-05 10:00"
    assert page.locator("#id_timezone").input_value() == "Asia/Tokyo"
    page.screenshot(path=str(shots / "tokyo-02-edit-form.png"), full_page=True)

    reader = browser_context.new_page()
    open_rendered(
        reader, frontend_url + detail["meta"]["path"], shots / "tokyo-03-frontend.png"
    )


# --- A solidarity statement with every block ------------------------------------------


@pytest.fixture
def solidarity(backend_url) -> content.SolidarityIndexPage:
    """The section, plus a document and a stored embed for the choosers."""
    Document.objects.create(
        title="Relief fund report",
        file=ContentFile(b"Report\n", name="relief-fund-report.txt"),
    )
    # EmbedBlock validates by looking the address up; store the answer so no
    # provider is asked over the network.
    Embed.objects.create(
        url=EMBED_URL,
        hash=get_embed_hash(EMBED_URL, None, None),
        type="video",
        html='<iframe title="Solidarity video" srcdoc="A video" width="480"></iframe>',
        title="Libraries in solidarity",
        provider_name="Example Video",
        width=480,
        height=270,
    )
    return content.SolidarityIndexPage.objects.get(locale__language_code="en")


def _rich_text(page, block, text: str) -> None:
    editor = block.locator("[contenteditable=true]").first
    editor.click()
    page.keyboard.type(text)


def _choose_page(page, block, button_text: str = "Choose a page") -> None:
    _open_chooser(block, button_text, page.locator(".modal a.choose-page:visible"))


def _fill_block(page, name: str, index: int) -> None:
    """Give block `name` at `index` of the body a valid value, as an editor would."""
    block = _child(page, "body", index)
    prefix = f"#body-{index}-value"
    if name == "heading":
        block.locator(f"{prefix}-text").fill("What happened")
    elif name == "paragraph":
        _rich_text(page, block, "Libraries in the region lost buildings 8d3f.")
    elif name == "image":
        _choose_first(page, block, "Choose an image")
    elif name == "quote":
        block.locator(f"{prefix}-text").fill("We will rebuild our reading rooms.")
    elif name == "testimonial":
        _choose_first(page, block, "Choose")
    elif name == "call_to_action":
        block.locator(f"{prefix}-heading").fill("Help libraries rebuild")
        block.locator(f"{prefix}-link-url").fill("https://example.org/donate")
        block.locator(f"{prefix}-button_label").fill("Donate")
    elif name == "embed":
        block.locator(prefix).fill(EMBED_URL)
    elif name == "document":
        _choose_first(page, block, "Choose a document")
    elif name == "table":
        block.locator("input[name$='-caption']").fill("Damage by region")
    elif name == "accordion":
        block.locator(f"{prefix}-items-0-value-heading").fill("How can I help?")
        _rich_text(page, block, "Give to the relief fund.")
    elif name == "key_facts":
        block.locator(f"{prefix}-facts-0-value-value").fill("120")
        block.locator(f"{prefix}-facts-0-value-label").fill("libraries damaged")
    elif name == "page_links":
        _choose_page(page, block)
    elif name == "organisation_list":
        _choose_first(page, block, "Choose")
    else:  # a new block: give it a case here
        pytest.fail(f"no way to fill a {name} block")


def test_editor_builds_a_statement_with_every_block_previews_and_publishes_it(
    solidarity, backend_url, frontend_url, browser_context
):
    shots = artifacts_dir("editor-journeys")
    names = list(BodyBlock().child_blocks)
    labels = {
        name: str(block.label) for name, block in BodyBlock().child_blocks.items()
    }
    page = browser_context.new_page()
    _sign_in(page, backend_url)
    page.goto(
        f"{backend_url}/admin/pages/add/content/solidaritystatementpage/{solidarity.pk}/"
    )
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "The association stands with colleagues after the floods.")

    # A country, found by typing part of its name.
    page.fill("[data-searchable-checkboxes-search]", "ukr")
    assert page.get_by_label("Afghanistan").is_hidden()
    page.get_by_label("Ukraine", exact=True).check()
    page.fill("[data-searchable-checkboxes-search]", "")
    assert (
        "Chosen: Ukraine"
        in page.locator("[data-searchable-checkboxes-chosen]").inner_text()
    )

    for name in names:
        try:
            index = _add_block(page, "body", labels[name])
            _fill_block(page, name, index)
        except Exception:
            page.screenshot(path=str(shots / f"statement-failed-at-{name}.png"))
            raise
    page.screenshot(path=str(shots / "statement-01-every-block.png"), full_page=True)

    page.click("button.action-save")
    page.wait_for_selector(".messages .success")
    # A new page's first save lands on its edit view (no ORM here: see conftest).
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    statement_id = int(re.search(r"/pages/(\d+)/edit/", page.url).group(1))
    page.screenshot(path=str(shots / "statement-02-draft-saved.png"), full_page=True)

    # Preview in the reference frontend.
    page.click('button[data-side-panel-toggle="preview"]')
    new_tab_link = page.locator('a[data-w-preview-target="newTab"]')
    new_tab_link.wait_for(state="visible")
    with browser_context.expect_page() as new_tab:
        new_tab_link.click()
    preview = new_tab.value
    preview.wait_for_selector("body[data-ready]")
    preview.screenshot(path=str(shots / "statement-03-preview.png"), full_page=True)
    assert preview.locator("h1").inner_text() == TITLE
    assert "8d3f" in preview.locator("main").inner_text()
    token_query = preview.url.split("?", 1)[1]
    status, _, draft = get_json(f"{backend_url}/api/v1/preview/?{token_query}")
    assert status == 200
    assert [block["type"] for block in draft["body"]] == names

    # Publish: readers get every block and the country.
    _publish(page)
    page.screenshot(path=str(shots / "statement-04-published.png"), full_page=True)
    status, _, live = get_json(f"{backend_url}/api/v1/pages/{statement_id}/")
    assert status == 200
    assert [block["type"] for block in live["body"]] == names
    assert [
        country["code"] if isinstance(country, dict) else country
        for country in live["countries"]
    ] == ["UA"]
    reader = browser_context.new_page()
    open_rendered(
        reader, frontend_url + live["meta"]["path"], shots / "statement-05-frontend.png"
    )
    assert "8d3f" in reader.locator("main").inner_text()
