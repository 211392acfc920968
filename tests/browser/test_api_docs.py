"""Swagger UI and Redoc render the contract from this server alone (issue 15)."""

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from .support import chromium_context

pytestmark = pytest.mark.browser


@pytest.fixture
def docs_page(live_server, transactional_db, django_db_serialized_rollback) -> Iterator:
    # Serialized rollback: the flush after a transactional test would also
    # delete what Wagtail's migrations create, which later tests need.
    with chromium_context() as context:
        yield context.new_page()


@pytest.mark.parametrize(
    ("path", "rendered"),
    [("/api/v1/docs/", ".opblock-summary"), ("/api/v1/redoc/", "[role=menuitem]")],
)
def test_docs_render_without_any_other_origin(live_server, docs_page, path, rendered):
    fetched: set[str] = set()
    # What reached the network; the page's policy stops the rest in the browser.
    docs_page.on("requestfinished", lambda r: fetched.add(urlsplit(r.url).netloc))
    docs_page.goto(live_server.url + path)
    docs_page.wait_for_selector(rendered)
    docs_page.wait_for_load_state("networkidle")
    assert fetched - {"", urlsplit(live_server.url).netloc} == set()
    assert docs_page.get_by_text("List grant rounds").count() >= 1
