"""The reference frontend in several languages: French, Arabic (right to left),
and an untranslated page that says it is shown in English."""

from __future__ import annotations

import pytest

from .support import artifacts_dir, open_rendered

pytestmark = pytest.mark.browser


def test_french_hub_arabic_rtl_and_a_visible_fallback(
    backend_url, frontend_url, browser_context
):
    shots = artifacts_dir("languages")
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))

    # The French hub: French content, lang="fr", left to right, no notice.
    open_rendered(page, frontend_url + "/fr/international/", shots / "fr-hub.png")
    assert page.locator("article h1").inner_text() == "International"
    assert "profession mondiale" in page.locator("article").inner_text()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator(".fallback-notice").count() == 0
    switcher = page.locator(".language-switcher a")
    assert switcher.count() == 4
    assert page.locator(".language-switcher a[aria-current='page']").inner_text() == (
        "Français"
    )
    # The menu comes in French too, once the chrome has loaded.
    page.wait_for_selector("header nav a[href='/fr/international/']")

    # Switch language: the Arabic hub renders right to left.
    page.locator(".language-switcher a[data-locale='ar']").click()
    page.wait_for_url(frontend_url + "/ar/international/")
    page.wait_for_selector("html[dir='rtl']")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("article h1").inner_text() == "العمل الدولي"
    direction = page.evaluate(
        "getComputedStyle(document.querySelector('article h1')).direction"
    )
    assert direction == "rtl"
    page.screenshot(path=str(shots / "ar-hub.png"), full_page=True)

    # An untranslated page under /fr/ is English, and says so.
    open_rendered(page, frontend_url + "/fr/international/strategy/", shots / "fb.png")
    notice = page.locator(".fallback-notice")
    assert notice.inner_text() == "Not yet available in Français: shown in English."
    assert notice.get_attribute("data-served-locale") == "en"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert errors == []
