import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from wagtail.models import Page, Site

from core.demo import ensure_home_page


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


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
