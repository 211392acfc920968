"""Cache tags: every public response names its dependencies, for purge by tag."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings


def _tags(response):
    xkey = set(response["xkey"].split())
    assert set(response["Surrogate-Key"].split()) == xkey
    assert set(response["Cache-Tag"].split(",")) == xkey
    return xkey


@pytest.mark.parametrize("cache_timeout", [3600, 0])
def test_a_listing_is_tagged_with_every_page_it_shows(anon, cache_timeout):
    with override_settings(API_RESPONSE_CACHE_TIMEOUT=cache_timeout):
        first = anon.get("/api/v1/pages/", {"limit": 5, "fields": "*"})
        again = anon.get("/api/v1/pages/", {"limit": 5, "fields": "*"})
    tags = _tags(first)
    ids = [item["id"] for item in first.json()["results"]]
    assert {f"page:{pk}" for pk in ids} | {"pages", "tree", "restrictions"} <= tags
    # A hit from the response cache carries the same tags.
    assert _tags(again) == tags


def test_a_detail_is_tagged_with_its_page_and_not_the_listings(anon):
    listed = anon.get("/api/v1/pages/", {"type": "strategy_update"}).json()
    page_id = listed["results"][0]["id"]
    tags = _tags(anon.get(f"/api/v1/pages/{page_id}/"))
    assert f"page:{page_id}" in tags and "pages" not in tags


def test_a_304_carries_the_tags_too(anon):
    first = anon.get("/api/v1/navigation/")
    response = anon.get("/api/v1/navigation/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert _tags(response) == _tags(first)


def test_a_personal_response_has_no_tags(anon):
    user = get_user_model().objects.create_user(
        username="reader", email="reader@example.org", password="x" * 20
    )
    anon.force_login(user)
    response = anon.get("/api/v1/navigation/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert not {"xkey", "Surrogate-Key", "Cache-Tag"} & set(response.headers)
