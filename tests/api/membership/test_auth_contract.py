"""allauth's headless endpoints answer only what the contract documents.

openapi.yaml merges allauth's own document (api.schema.merge_allauth_spec)
and adds what sits in front of it: 404 for an unknown client, 403 for a
failed CSRF check, 429 from its limits, 503 during a database outage, and
401 wherever no one is signed in. These tests pin the server's side: each
of those answers is JSON, in the documented content type.
"""

from pathlib import Path

import pytest
import yaml
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]
AUTH = "/api/v1/auth"

pytestmark = pytest.mark.django_db


def _operations():
    schema = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    for path, item in schema["paths"].items():
        if path.startswith(AUTH + "/"):
            for method, operation in item.items():
                if isinstance(operation, dict) and "responses" in operation:
                    yield path, method, operation["responses"]


def test_every_allauth_operation_documents_the_edges_in_front_of_it():
    operations = list(_operations())
    assert len(operations) > 15
    for path, method, responses in operations:
        where = f"{method.upper()} {path}"
        assert "application/problem+json" in responses["404"]["content"], where
        assert "application/problem+json" in responses["503"]["content"], where
        if not path.endswith("/config"):
            assert "401" in responses, where
        if method != "get":
            assert "429" in responses, where
        if method != "get" and "{client}" in path:
            assert "application/problem+json" in responses["403"]["content"], where


def test_a_failed_csrf_check_under_the_api_is_a_403_problem():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{AUTH}/browser/v1/auth/login",
        {"email": "a@example.org", "password": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "csrf_failed"


def test_the_admins_csrf_failure_stays_djangos_page():
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("body", ["0", "[null, null]", '"x"'])
@pytest.mark.parametrize(
    "path",
    ["/app/v1/auth/login", "/app/v1/tokens/refresh", "/app/v1/auth/password/request"],
)
def test_a_body_that_is_not_a_json_object_is_allauths_json_400(path, body):
    response = Client().post(AUTH + path, body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["code"] == "invalid"
