"""The backend, the reference frontend and a browser, for the browser suite.

- `live_server` (pytest-django) is the backend, a real HTTP server sharing the
  test database; the tests load the demo content into it.
- The built reference frontend (`make frontend-build`) is served by its own
  node server on another port (`serve_frontend`): it renders pages on the
  server from the API, and the browser's own API calls are cross-origin (CORS).
- Debian's chromium (`make browser-deps`) is driven by Playwright's sync API.

Playwright's sync API runs an event loop in the test's thread, and Django
refuses ORM calls while one runs: fixtures that touch the database must be
set up before `browser_context`.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from .support import EDITOR, chromium_context, serve_frontend


@pytest.fixture
def frontend_url(live_server) -> Iterator[str]:
    """The built frontend on its own origin and port, pointed at the live API."""
    with serve_frontend(live_server.url) as url:
        yield url


@pytest.fixture
def backend_url(
    live_server,
    settings,
    frontend_url,
    transactional_db,
    django_db_serialized_rollback,
) -> str:
    """The live API with the demo content, configured for that frontend.

    The server thread needs committed data, hence a transactional database;
    its flush would also delete what Wagtail's migrations create (the root
    page, the root collection), hence the serialized rollback.
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
    username, password = EDITOR
    get_user_model().objects.create_superuser(
        username=username, email="editor@example.org", password=password
    )
    return live_server.url


@pytest.fixture
def browser_context(backend_url) -> Iterator:
    with chromium_context() as context:
        yield context
