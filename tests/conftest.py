from io import StringIO

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from rest_framework.test import APIClient
from wagtail.models import Page, Site

from api.content.context import forget as forget_memo
from core.demo import ensure_home_page
from tests.transactions import for_the_module


def _forget_caches() -> None:
    # Every in-memory alias and memo: rolled-back rows reuse primary keys and
    # version numbers, so an entry from an earlier test could pass for
    # current in a later one. The database cache rolls back with the test.
    for alias in caches:
        if not isinstance(caches[alias], DatabaseCache):
            caches[alias].clear()
    forget_memo()


@pytest.fixture(autouse=True)
def _clear_cache():
    _forget_caches()
    yield
    _forget_caches()


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


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content, loaded once per module and rolled back after it."""
    with for_the_module(django_db_blocker):
        call_command("load_demo_content", stdout=StringIO())
        yield


@pytest.fixture
def reader(home, client):
    """An anonymous client on the default site's host, reading what a test builds."""
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@pytest.fixture(scope="module")
def site_content(demo):
    """What `anon` reads: the demo content, unless the module builds its own
    (a module-scoped `site_content` fixture of its own, with `for_the_module`)."""


@pytest.fixture
def anon(site_content, db, client):
    """An anonymous client on the default site's host."""
    client.defaults["HTTP_HOST"] = "localhost"
    return client
