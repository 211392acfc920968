import pytest
from django.core.cache import caches
from rest_framework.test import APIClient
from wagtail.models import Page, Site

from core.demo import ensure_home_page


@pytest.fixture(autouse=True)
def _clear_cache():
    # Every alias: rolled-back rows reuse primary keys, so a cached rendition
    # of an image from an earlier test would otherwise be served for a new one.
    for alias in caches:
        caches[alias].clear()
    yield
    for alias in caches:
        caches[alias].clear()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def home(db) -> Page:
    """The site's home page, as `load_demo_content` makes it."""
    return ensure_home_page(log=lambda message: None)


@pytest.fixture
def site(home) -> Site:
    return Site.objects.get(is_default_site=True)
