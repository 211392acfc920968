"""`make bench`'s baseline: Wagtail's API v2, mounted only by the bench URLs."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from content.models import StrategyUpdatePage
from core.demo import ensure_page, stream


def test_project_urls_do_not_serve_api_v2():
    with pytest.raises(NoReverseMatch):
        reverse("bench_wagtailapi:pages:listing")
    assert not hasattr(StrategyUpdatePage, "api_fields")


@pytest.mark.django_db
def test_bench_urls_serve_full_strategy_updates_through_v2(client, site):
    from content.models import InternationalHubPage, StrategyIndexPage

    hub = ensure_page(
        parent=site.root_page,
        model=InternationalHubPage,
        slug="intl",
        log=print,
        title="Intl",
    )
    index = ensure_page(
        parent=hub, model=StrategyIndexPage, slug="strategy", log=print, title="S"
    )
    ensure_page(
        parent=index,
        model=StrategyUpdatePage,
        slug="update",
        log=print,
        title="Update",
        body=stream(("paragraph", "<p>Hello</p>"), namespace="t"),
    )
    with override_settings(ROOT_URLCONF="config.bench_urls"):
        response = client.get(
            "/bench/api/v2/pages/",
            {"type": "content.StrategyUpdatePage", "fields": "*"},
            HTTP_HOST=site.hostname,
        )
    assert response.status_code == 200, response.content
    (item,) = response.json()["items"]
    assert item["body"][0]["type"] == "paragraph"
    assert {"milestone", "announced_by", "tags"} <= item.keys()
