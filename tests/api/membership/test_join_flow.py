"""The whole join flow on the API alone, as a frontend on another origin would run it."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from .conftest import APP_AUTH, AUTH, FRONTEND, PASSWORD, verification_key


def _preflight(client: Client, origin: str, path: str):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type,x-csrftoken,idempotency-key",
    )


@pytest.mark.django_db
def test_preflight_from_the_frontend_allows_credentials():
    response = _preflight(Client(), FRONTEND, f"{AUTH}/login")
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    assert response["Access-Control-Allow-Credentials"] == "true"
    allowed = response["Access-Control-Allow-Headers"].lower()
    assert "x-csrftoken" in allowed and "idempotency-key" in allowed


@pytest.mark.django_db
def test_preflight_from_another_origin_is_not_allowed():
    response = _preflight(Client(), "https://evil.example", f"{AUTH}/login")
    assert "Access-Control-Allow-Origin" not in response


def test_browser_join_flow_sign_up_verify_sign_in_join_approve(
    browser, mtype, django_capture_on_commit_callbacks
):
    # The frontend first asks for the session: 401, and a CSRF cookie.
    response = browser.get(f"{AUTH}/session")
    assert response.status_code == 401
    assert response["Access-Control-Allow-Origin"] == FRONTEND

    signup = {"email": "amara@example.org", "password": PASSWORD}
    assert browser.post(f"{AUTH}/signup", signup, csrf=False).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(f"{AUTH}/signup", signup)
    assert response.status_code == 401  # signed up; email not verified yet
    assert {"id": "verify_email", "is_pending": True} in [
        {k: f.get(k) for k in ("id", "is_pending")}
        for f in response.json()["data"]["flows"]
    ]
    assert mail.outbox[-1].to == ["amara@example.org"]
    assert "testserver" not in mail.outbox[-1].body  # the site, not the API host

    key = verification_key()
    response = browser.post(f"{AUTH}/email/verify", {"key": key})
    assert response.status_code == 200, (key, mail.outbox[-1].body, response.content)
    assert response.json()["meta"]["is_authenticated"] is True

    # Sign out and in again, CSRF enforced on each write.
    assert browser.delete(f"{AUTH}/session").status_code == 401
    login = {"email": "amara@example.org", "password": PASSWORD}
    assert browser.post(f"{AUTH}/login", login).status_code == 200

    join = {
        "membership_type": mtype.pk,
        "country": "GH",
        "institution": "Accra Public Library",
        "job_title": "Librarian",
        "professional_details": "Runs the children's library.",
    }
    assert (
        browser.post("/api/v1/membership/applications/", join, csrf=False).status_code
        == 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            "/api/v1/membership/applications/", join, HTTP_IDEMPOTENCY_KEY="join-1"
        )
    assert response.status_code == 201, response.content
    application = response.json()
    assert application["status"] == "pending"
    assert application["fee_due"] == {"currency": "USD", "amount_minor": 7500}
    assert response["Location"].endswith("/api/v1/me/membership/")
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    retry = browser.post(
        "/api/v1/membership/applications/", join, HTTP_IDEMPOTENCY_KEY="join-1"
    )
    assert retry.status_code == 201 and retry.json()["id"] == application["id"]

    # Staff approve in the Wagtail admin; the member is emailed.
    staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "x")
    admin = Client()
    admin.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/admin/memberships/approve/{application['id']}/")
    assert response.status_code == 302
    assert "approved" in mail.outbox[-1].subject

    response = browser.get("/api/v1/me/membership/")
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    assert response["Cache-Control"] in ("private, no-store", "no-store, private")
    me = browser.get("/api/v1/me/").json()
    assert me["is_member"] is True and me["institution"] == "Accra Public Library"


def test_app_flow_uses_session_tokens_without_cookies(
    mtype, django_capture_on_commit_callbacks
):
    app = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        response = app.post(
            f"{APP_AUTH}/signup",
            {"email": "kofi@example.org", "password": PASSWORD},
            format="json",
        )
    assert response.status_code == 401
    token = response.json()["meta"]["session_token"]
    response = app.post(
        f"{APP_AUTH}/email/verify",
        {"key": verification_key()},
        format="json",
        HTTP_X_SESSION_TOKEN=token,
    )
    assert response.status_code == 200, response.content
    token = response.json()["meta"].get("session_token", token)

    assert app.get("/api/v1/me/").status_code == 401
    response = app.post(
        "/api/v1/membership/applications/",
        {"membership_type": mtype.pk, "country": "FR"},
        format="json",
        HTTP_X_SESSION_TOKEN=token,
    )
    assert response.status_code == 201, response.content
    assert response.json()["fee_due"] == {"currency": "EUR", "amount_minor": 8500}
    response = app.get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token)
    assert (
        response.status_code == 200 and response.json()["email"] == "kofi@example.org"
    )
    assert "X-Session-Token" in response["Vary"]
