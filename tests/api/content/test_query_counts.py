"""Query counts do not grow with the page size or the size of bodies."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content import models as m
from core.demo import demo_image
from tests.factories.content import image_block


def _queries(client, url, params):
    client.get(url, params)  # warm: renditions exist after the first read
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    cache.clear()
    return len(ctx.captured_queries)


def _add_updates(count, blocks_each):
    index = m.StrategyIndexPage.objects.get()
    for n in range(count):
        image = demo_image(
            title=f"Update image {n}", colour=(n * 10 % 255, 90, 90), size=(320, 200)
        )
        body = []
        for b in range(blocks_each):
            body += [
                {
                    "type": "paragraph",
                    "value": f'<p>Text {b} <a linktype="page" id="{index.pk}">index</a></p>',
                },
                image_block(image),
            ]
        page = m.StrategyUpdatePage(
            title=f"Update {n}",
            slug=f"update-{n}",
            summary="x",
            listing_image=image,
            body=body,
        )
        index.add_child(instance=page)
        page.tags.add("generated")
        page.save_revision().publish()


def test_listing_costs_the_same_for_1_and_20_full_pages(anon):
    _add_updates(20, blocks_each=3)
    params = {"type": "strategy_update", "tag": "generated", "fields": "*"}
    one = _queries(anon, "/api/v1/pages/", {**params, "limit": 1})
    twenty = _queries(anon, "/api/v1/pages/", {**params, "limit": 20})
    assert one == twenty
    assert twenty < 12


def test_detail_costs_the_same_for_a_short_and_a_long_body(anon):
    _add_updates(2, blocks_each=1)
    short = m.StrategyUpdatePage.objects.get(slug="update-0")
    long = m.StrategyUpdatePage.objects.get(slug="update-1")
    long.body = long.body.raw_data[:] * 25
    long.save_revision().publish()
    assert _queries(anon, f"/api/v1/pages/{short.pk}/", {}) == _queries(
        anon, f"/api/v1/pages/{long.pk}/", {}
    )


def test_a_mixed_type_listing_of_20_full_pages_within_12_queries(anon, settings):
    """Issue 13's target: response cache off, stored pages read from the table."""
    settings.API_RESPONSE_CACHE_TIMEOUT = 0
    settings.API_PAGE_CACHE_TIMEOUT = 0
    _add_updates(6, blocks_each=2)
    params = {"fields": "*", "limit": 20, "order": "title"}
    anon.get("/api/v1/pages/", params)  # stores every page shown
    with CaptureQueriesContext(connection) as ctx:
        response = anon.get("/api/v1/pages/", params)
    results = response.json()["results"]
    assert len(results) == 20
    assert len({item["type"] for item in results}) >= 5
    assert len(ctx.captured_queries) <= 12, [
        q["sql"][:120] for q in ctx.captured_queries
    ]


def test_every_density_and_format_comes_in_the_one_renditions_query(anon, settings):
    """Rendered, not stored: srcsets and sources add files, not queries."""
    settings.API_STORED_PAGES = False
    settings.API_RESPONSE_CACHE_TIMEOUT = 0
    _add_updates(4, blocks_each=2)
    params = {
        "type": "strategy_update",
        "tag": "generated",
        "fields": "*",
        "renditions": "thumbnail,social,small,medium,large",
    }
    anon.get("/api/v1/pages/", params)  # creates the renditions
    with CaptureQueriesContext(connection) as ctx:
        results = anon.get("/api/v1/pages/", params).json()["results"]
    renditions = [
        q["sql"] for q in ctx.captured_queries if "wagtailimages_rendition" in q["sql"]
    ]
    assert len(renditions) == 1, renditions
    assert renditions[0].lstrip().upper().startswith("SELECT")
    social = results[0]["listing_image"]["renditions"]["social"]
    assert [source["type"] for source in social["sources"]] == [
        "image/avif",
        "image/webp",
    ]
    assert len(results) == 4
