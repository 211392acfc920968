"""Sign-in through a Redis or a database outage: degraded, never a 500.

Redis down: allauth's rate limits move to the database cache (core.cache)
and keep counting. Database down: a 503 problem to retry, and the attempts
made meanwhile are not counted as failed sign-ins.
"""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from api.throttles import count_hit
from core import cache as core_cache
from tests.problems import assert_problem

from .conftest import AUTH, PASSWORD, BrowserClient

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.REDIS_URL = DEAD_REDIS
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.RedisWithFallbackCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
        "fallback": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "core_cache",
        },
    }
    core_cache._down_until.clear()
    yield
    core_cache._down_until.clear()


@pytest.fixture
def memory_rate_limits(settings):
    # Stands in for Redis, which stays up while the database is down.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


def database_down():
    return mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError(
            'connection to server at "10.9.8.7", port 5432 failed: refused'
        ),
    )


def test_sign_in_works_while_redis_is_down(redis_down, browser, member):
    browser.get(f"{AUTH}/session")
    response = browser.post(
        f"{AUTH}/login", {"email": member.email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.content
    assert browser.get(f"{AUTH}/session").status_code == 200


def test_failed_sign_ins_still_lock_out_while_redis_is_down(
    redis_down, browser, member
):
    # Letting every attempt through would switch brute-force protection off
    # for the outage; the database cache keeps the count instead.
    browser.get(f"{AUTH}/session")
    wrong = {"email": member.email, "password": "wrong"}
    statuses = [browser.post(f"{AUTH}/login", wrong).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]


def _problem_503(response) -> None:
    assert_problem(response, 503)
    assert response["Retry-After"]
    assert b"10.9.8.7" not in response.content


@pytest.mark.django_db(transaction=True)
def test_database_outage_is_a_503_on_sign_in_session_and_admin(
    memory_rate_limits, member
):
    browser = BrowserClient()
    browser.client.raise_request_exception = False
    browser.get(f"{AUTH}/session")
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(member)
    with database_down():
        _problem_503(
            browser.post(f"{AUTH}/login", {"email": member.email, "password": PASSWORD})
        )
        _problem_503(signed_in.get(f"{AUTH}/session"))
        _problem_503(signed_in.get("/admin/"))
    assert signed_in.get(f"{AUTH}/session").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_sign_ins_during_a_database_outage_do_not_count_as_failures(
    memory_rate_limits, member
):
    browser = BrowserClient()
    browser.client.raise_request_exception = False
    browser.get(f"{AUTH}/session")
    wrong = {"email": member.email, "password": "wrong"}
    right = {"email": member.email, "password": PASSWORD}
    for _ in range(4):  # one short of the 5/5m/key lockout
        assert browser.post(f"{AUTH}/login", wrong).status_code == 400
    with database_down():
        for _ in range(3):
            assert browser.post(f"{AUTH}/login", right).status_code == 503
    response = browser.post(f"{AUTH}/login", right)
    assert response.status_code == 200, response.content


def test_throttle_counts_move_to_the_database_while_redis_is_down(db, redis_down):
    assert count_hit("throttle_anon_x", window_start=60, duration=60, amount=10) == 10
    assert count_hit("throttle_anon_x", window_start=60, duration=60, amount=1) == 11
