from unittest import mock

import pytest
from django.contrib.auth import get_user_model

from api.throttles import WriteThrottle
from tests.problems import assert_problem


@pytest.mark.django_db
def test_writes_over_the_limit_get_429_problem_with_retry_after(api_client):
    user = get_user_model().objects.create_user("writer", "w@example.org", "pw")
    api_client.force_authenticate(user)
    rates = {**WriteThrottle.THROTTLE_RATES, "write": "2/min"}
    with mock.patch.object(WriteThrottle, "THROTTLE_RATES", rates):
        statuses = [
            api_client.post(
                "/api/v1/grants/applications/", {}, format="json"
            ).status_code
            for _ in range(3)
        ]
        # Reads are not writes: never throttled by this limit.
        assert api_client.get("/api/v1/grants/applications/").status_code == 200
    assert statuses[:2] == [400, 400]
    assert statuses[2] == 429


@pytest.mark.django_db
def test_throttled_response_shape(api_client):
    user = get_user_model().objects.create_user("writer2", "w2@example.org", "pw")
    api_client.force_authenticate(user)
    with mock.patch.object(
        WriteThrottle,
        "THROTTLE_RATES",
        {**WriteThrottle.THROTTLE_RATES, "write": "1/min"},
    ):
        api_client.post("/api/v1/grants/applications/", {}, format="json")
        response = api_client.post("/api/v1/grants/applications/", {}, format="json")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0
    assert response.json()["status"] == 429
