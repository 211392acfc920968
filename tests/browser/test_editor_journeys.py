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


def _sign_in(page, backend_url: str) -> None:
    page.goto(backend_url + "/admin/login/")
    page.fill("#id_username", EDITOR[0])
    page.fill("#id_password", EDITOR[1])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def _publish(page) -> None:
    page.click('footer [data-w-dropdown-target="toggle"]')
    page.click('button[name="action-publish"]')


def _add_block(page, field: str, label: str) -> int:
    """Add a block at the end of the StreamField `field`; return its index."""
    stream = page.locator(f'[data-contentpath="{field}"]').first
    before = stream.locator("[data-streamfield-child]").count()
    stream.locator("button.c-sf-add-button").last.click()
    picker = page.locator(".w-combobox")
    picker.get_by_role("option", name=label, exact=True).click()
    stream.locator("[data-streamfield-child]").nth(before).wait_for()
    return before


def _child(page, field: str, index: int):
    return (
        page.locator(f'[data-contentpath="{field}"]')
        .first.locator("[data-streamfield-child]")
        .nth(index)
    )


def _choose_first(page, block, button_text: str) -> None:
    """Open a chooser inside `block` and pick its first item."""
    block.get_by_role("button", name=re.compile(button_text, re.I)).first.click()
    modal = page.locator(".modal.fade.show, .modal.show").last
    modal.wait_for()
    modal.locator("[data-chooser-modal-choice]").first.click()
    modal.wait_for(state="hidden")


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
    return content.InternationalHubPage.objects.get()


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
    page.wait_for_selector(".messages .success")

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
