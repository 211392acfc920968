"""Resetting a forgotten password through allauth's headless flow.

The key arrives by mail as `<uidb36>-<token>`; any other string is a wrong
key, answered as allauth answers a wrong key (400, `invalid_password_reset`
on `key`), never a server error.
"""

import json
import re

import pytest
from django.core import mail
from django.test import Client

from tests.api.membership.conftest import APP_AUTH, FRONTEND
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-Pass-word-42"
MALFORMED_KEYS = ["-4194304", "-", "abc-", "nohyphen", ""]


def _errors(response) -> list[dict]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)["errors"]


def _reset_key(client: Client, email: str, capture) -> str:
    with capture(execute=True):
        response = client.post(
            f"{APP_AUTH}/password/request",
            {"email": email},
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    body = mail.outbox[-1].body
    match = re.search(re.escape(FRONTEND) + r"/account/password/reset/key/(\S+)", body)
    assert match, body
    return match.group(1)


@pytest.mark.parametrize("key", MALFORMED_KEYS)
def test_a_malformed_key_is_a_wrong_key_on_post(key):
    response = Client().post(
        f"{APP_AUTH}/password/reset",
        {"key": key, "password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert [e["param"] for e in _errors(response)] == ["key"]


@pytest.mark.parametrize("key", MALFORMED_KEYS[:-1])
def test_a_malformed_key_is_a_wrong_key_on_the_check(key):
    response = Client().get(f"{APP_AUTH}/password/reset", HTTP_X_PASSWORD_RESET_KEY=key)
    assert [e["code"] for e in _errors(response)] == ["invalid_password_reset"]


def test_the_mailed_key_resets_the_password(django_capture_on_commit_callbacks):
    user = UserFactory(email="forgetful@example.org")
    client = Client()
    key = _reset_key(client, user.email, django_capture_on_commit_callbacks)

    check = client.get(f"{APP_AUTH}/password/reset", HTTP_X_PASSWORD_RESET_KEY=key)
    assert check.status_code == 200, check.content

    response = client.post(
        f"{APP_AUTH}/password/reset",
        {"key": key, "password": NEW_PASSWORD},
        content_type="application/json",
    )
    # Reset, and not signed in: the email address is not verified yet.
    assert response.status_code in (200, 401), response.content
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_tampered_key_changes_nothing(django_capture_on_commit_callbacks):
    user = UserFactory(email="forgetful@example.org")
    client = Client()
    key = _reset_key(client, user.email, django_capture_on_commit_callbacks)
    uidb36, _, token = key.partition("-")

    response = client.post(
        f"{APP_AUTH}/password/reset",
        {"key": f"{uidb36}-{token[::-1]}", "password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert [e["code"] for e in _errors(response)] == ["invalid_password_reset"]
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("body", ["[null, null]", "0", '"key"'])
def test_a_body_that_is_not_an_object_is_a_json_400(body):
    # Found by schemathesis: this view is ours (a subclass of allauth's), and
    # the edge middleware gave only allauth's own views the JSON 400.
    response = Client().post(
        f"{APP_AUTH}/password/reset", body, content_type="application/json"
    )
    [error] = _errors(response)
    assert error["message"] == "The body must be a JSON object."
