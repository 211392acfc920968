"""Where a page lives on the frontend, computed without a request."""

from django.conf import settings
from wagtail.models import Page


def frontend_path(page: Page) -> str:
    """The page's path below the site root: `/home/grants/x/` -> `/grants/x/`."""
    parts = page.url_path.split("/", 2)
    return "/" + (parts[2] if len(parts) > 2 else "")


def frontend_url(page: Page) -> str:
    return settings.FRONTEND_BASE_URL + frontend_path(page)
