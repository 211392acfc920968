from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

from tests.problems import assert_problem


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="internal-address")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_database_and_cache_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok"}


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_problem_when_the_database_fails(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError(
            'connection to server at "10.9.8.7", port 5432 failed'
        ),
    ):
        response = client.get("/readyz")
    assert_problem(response, 503)
    body = response.json()
    assert body["status"] == 503
    assert body["checks"]["database"] == "error"
    assert "database" in body["detail"]
    # What is down, never where (the reason goes to the log).
    assert "10.9.8.7" not in response.content.decode()
    # Back without a restart.
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_stays_ready_but_degraded_when_the_cache_is_unreachable(client):
    # The cache only accelerates: every instance out of rotation for a Redis
    # outage would turn a slowdown into an outage.
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "error"},
    }
