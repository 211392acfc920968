"""A listing's `count` is kept per filter set and checked against the database.

Counting is the part of a listing that grows with the site; every page of
the listing has the same count. It is kept with the versions of what decides
which pages match, so a publish made anywhere changes it at once.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content import models as m
from core.changes import bump

LISTING = "/api/v1/pages/"


@pytest.fixture(autouse=True)
def _no_response_cache(settings):
    # Every request builds its listing: what is kept is only the count.
    settings.API_RESPONSE_CACHE_TIMEOUT = 0


def _publish_update(title: str, *tags: str) -> m.StrategyUpdatePage:
    index = m.StrategyIndexPage.objects.get()
    page = m.StrategyUpdatePage(title=title, summary="A summary.")
    index.add_child(instance=page)
    page.tags.add(*tags)
    page.save_revision().publish()
    return page


def _counted(client, params):
    """(the listing's count, how many COUNT queries answering it took)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LISTING, params)
    assert response.status_code == 200, response.content
    counts = [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    return response.json()["count"], len(counts)


def test_every_page_of_a_listing_shares_one_count(anon):
    first, queries = _counted(anon, {"type": "strategy_update", "limit": 1})
    assert queries == 1
    for params in (
        {"limit": 1, "offset": 1},
        {"limit": 2, "fields": "title"},
        {"order": "title"},
    ):
        count, queries = _counted(anon, {"type": "strategy_update", **params})
        assert (count, queries) == (first, 0), params


def test_another_filter_is_counted_for_itself(anon):
    every, _ = _counted(anon, {"type": "strategy_update"})
    _publish_update("Tagged update", "only-one")
    tagged, queries = _counted(anon, {"type": "strategy_update", "tag": "only-one"})
    assert (tagged, queries) == (1, 1)
    assert _counted(anon, {"type": "strategy_update"})[0] == every + 1


def test_a_publish_changes_the_count_at_once(anon):
    before, _ = _counted(anon, {"type": "strategy_update"})
    # Nothing tells this process's cache: the publish bumps `pages` in the
    # database, and the kept count no longer matches it.
    _publish_update("One more update")
    after, queries = _counted(anon, {"type": "strategy_update"})
    assert (after, queries) == (before + 1, 1)


def test_an_unpublish_changes_the_count_at_once(anon):
    page = _publish_update("Soon withdrawn")
    before, _ = _counted(anon, {"type": "strategy_update"})
    page.unpublish()
    assert _counted(anon, {"type": "strategy_update"})[0] == before - 1


def test_a_bump_by_another_process_is_enough_to_recount(anon):
    _counted(anon, {"type": "strategy_update"})
    bump(["restrictions"])
    assert _counted(anon, {"type": "strategy_update"})[1] == 1


def test_a_signed_in_readers_count_is_never_kept(anon, django_user_model):
    user = django_user_model.objects.create_user("reader", "reader@example.org", "pw")
    anon.force_login(user)
    for _ in range(2):
        assert _counted(anon, {"type": "strategy_update", "search": "library"})[1] == 1


def test_without_a_page_cache_every_listing_counts(anon, settings):
    settings.API_PAGE_CACHE_TIMEOUT = 0
    for _ in range(2):
        assert _counted(anon, {"type": "strategy_update"})[1] == 1
