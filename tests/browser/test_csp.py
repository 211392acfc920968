"""The admin and the API docs work under their Content-Security-Policy (core.csp).

Chromium reports every blocked script, style, image, frame or connection as a
`securitypolicyviolation` event; the pages are used (signed in, a page opened
for editing, the docs rendered) and none may fire.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from .support import chromium_context

pytestmark = pytest.mark.browser

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def staff_site(live_server, transactional_db, django_db_serialized_rollback):
    call_command("load_demo_content", stdout=StringIO())
    get_user_model().objects.create_superuser("csp", "csp@example.org", "csp-pass-1")
    page = Page.objects.live().filter(depth__gt=2).specific().first()
    return live_server.url, page.pk


@pytest.fixture
def page(staff_site) -> Iterator:
    with chromium_context() as context:
        context.add_init_script(WATCH)
        yield context.new_page()


def _violations(page) -> list[str]:
    return page.evaluate("window.__csp")


def test_admin_works_under_its_policy(staff_site, page):
    url, page_id = staff_site
    page.goto(url + "/admin/login/")
    page.fill("#id_username", "csp")
    page.fill("#id_password", "csp-pass-1")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    assert _violations(page) == []
    for path in (
        f"/admin/pages/{page_id}/edit/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/pages/",
    ):
        response = page.goto(url + path)
        assert response.status == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self' 'unsafe-inline';" in policy
        assert "unsafe-eval" not in policy
        page.wait_for_load_state("networkidle")
        assert not (found := _violations(page)), f"{path}: {found}"
    # The editor's own scripts ran: the StreamField and the tabs were built.
    page.goto(url + f"/admin/pages/{page_id}/edit/")
    page.wait_for_selector("[data-w-tabs-target='trigger']")
    page.locator("[data-w-tabs-target='trigger']").nth(1).click()
    assert _violations(page) == []


def test_swagger_ui_and_redoc_render_under_their_policy(staff_site, page):
    url, _ = staff_site
    response = page.goto(url + "/api/v1/docs/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info .title")
    assert _violations(page) == []
    page.goto(url + "/api/v1/redoc/")
    page.wait_for_selector("h1")
    page.wait_for_load_state("networkidle")
    assert "International work API" in page.inner_text("h1")
    # Redoc's "API docs by Redocly" logo is on their CDN: blocked, as it should
    # be (the page works without it); nothing else is.
    assert [v for v in _violations(page) if "cdn.redoc.ly" not in v] == []
