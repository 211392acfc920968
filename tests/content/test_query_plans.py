"""The reads that grow with the site go through an index (content's migrations
0008 and 0009 add the two that Wagtail does not declare)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from content.models import StrategyUpdatePage

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite searches its own FTS5 table"
)
MATCHED = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'


def _plan(queryset) -> str:
    """The plan of `queryset`, with a table scan the last resort (few rows here)."""
    if connection.vendor != "postgresql":
        return queryset.explain()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("RESET enable_seqscan")


def test_the_page_at_a_path_is_found_by_an_index():
    plan = _plan(Page.objects.filter(url_path="/home/a/"))
    assert "content_page_url_path" in plan, plan


@on_postgresql
def test_what_a_search_matches_on_has_an_index():
    with CaptureQueriesContext(connection) as queries:
        list(StrategyUpdatePage.objects.live().search("consultation"))
    # If the backend matches on another expression, the index below serves
    # nothing and every search reads every entry of the types searched.
    assert any(MATCHED in query["sql"] for query in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["content_search_title_body_gin"],
        )
        [(definition,)] = cursor.fetchall()
    assert "USING gin" in definition
    assert "(title || body)" in definition
