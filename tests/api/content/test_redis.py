"""With REDIS_URL: built responses and throttle counters are shared in Redis.

Runs where `REDIS_TEST_URL` names a Redis database the suite may flush (CI
sets it); the database still decides what is current.
"""

import os
import uuid

import pytest
from django.core.cache import caches

from api.models import RateCounter
from api.throttles import count_hit
from content import models as m

REDIS = os.environ.get("REDIS_TEST_URL", "")
pytestmark = pytest.mark.skipif(not REDIS, reason="REDIS_TEST_URL is not set")


def _redis(location: str) -> dict:
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


@pytest.fixture
def redis_caches(settings):
    settings.REDIS_URL = REDIS
    settings.CACHES = {
        "default": _redis(REDIS),
        "api": _redis(REDIS),
        "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    yield
    caches["api"].clear()


def test_a_response_kept_in_redis_is_served_only_while_current(anon, redis_caches):
    award = m.AwardPage.objects.get()
    url = f"/api/v1/pages/{award.pk}/"
    first = anon.get(url)
    api = caches["api"]
    assert api._cache.get_client().keys(api.key_prefix + "*"), "kept in Redis"
    assert anon.get(url)["ETag"] == first["ETag"]
    award.title = "Renamed while cached in Redis"
    award.save_revision().publish()
    assert anon.get(url).json()["title"] == "Renamed while cached in Redis"


def test_throttle_counts_are_shared_in_redis(db, redis_caches):
    key = f"throttle_anon_{uuid.uuid4().hex}"
    assert count_hit(key, window_start=120, duration=60) == 1
    assert count_hit(key, window_start=120, duration=60) == 2
    assert not RateCounter.objects.exists()


def test_a_redis_outage_costs_speed_not_answers(anon, settings):
    dead = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    settings.REDIS_URL = dead
    settings.CACHES = {
        "default": _redis(dead),
        "api": _redis(dead),
        "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    award = m.AwardPage.objects.get()
    response = anon.get(f"/api/v1/pages/{award.pk}/")
    assert response.status_code == 200 and response.json()["id"] == award.pk


def test_a_throttle_count_is_one_round_trip_and_expires_with_its_window(
    db, redis_caches, settings
):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**_redis(REDIS), "BACKEND": "core.cache.RedisWithFallbackCache"},
    }
    shared = caches["default"]
    client = shared._cache.get_client(write=True)
    key = f"throttle_anon_{uuid.uuid4().hex}"
    sent = []
    execute = type(client.pipeline()).execute

    def counting_execute(pipe, *args, **kwargs):
        sent.append(len(pipe.command_stack))
        return execute(pipe, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(client.pipeline()), "execute", counting_execute)
        assert count_hit(key, window_start=120, duration=60, amount=10) == 10
        assert count_hit(key, window_start=120, duration=60, amount=1) == 11
    assert sent == [2, 2], "one pipelined round trip per count"
    name = shared.make_and_validate_key(f"throttle:{key}:120")
    assert 0 < client.ttl(name) <= 61
    assert shared.get(f"throttle:{key}:120") == 11
    assert not RateCounter.objects.exists()
