import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import StrategyUpdatePage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite searches its own FTS5 table",
    ),
]

MATCHED = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'


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
