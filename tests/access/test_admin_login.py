"""/admin/login/ is no side door: staff only, verified, throttled like allauth."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.test import Client

from tests.api.membership.conftest import AUTH, PASSWORD, BrowserClient
from tests.factories.users import UserFactory

LOGIN = "/admin/login/"
WRONG = "not-the-password-at-all"


def _sign_in(client: Client, username: str, password: str):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}
    )


def _has_session(client: Client) -> bool:
    response = client.get("/api/v1/me/")
    return response.status_code == 200


def _editor(**kwargs):
    user = UserFactory(**kwargs)
    group = Group.objects.create(name=f"Editors of {user.username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def _body(response) -> str:
    """The page without the CSRF token, which differs on every response."""
    import re

    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    return re.sub(r'"CSRF_TOKEN": "[^"]+"', "", body)


@pytest.mark.django_db
def test_staff_with_admin_access_signs_in():
    _editor(username="ed", email="ed@example.org")
    client = Client()
    response = _sign_in(client, "ed", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert _has_session(client)


@pytest.mark.django_db
def test_staff_signs_in_with_their_email_too():
    _editor(username="ed", email="ed@example.org")
    client = Client()
    assert _sign_in(client, "ed@example.org", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_non_staff_gets_the_wrong_password_answer_and_no_session():
    reader = UserFactory(username="reader", email="reader@example.org")
    EmailAddress.objects.create(
        user=reader,
        email="reader@example.org",
        verified=True,
        primary=True,
    )
    right, wrong = Client(), Client()
    right_answer = _sign_in(right, "reader@example.org", PASSWORD)
    wrong_answer = _sign_in(wrong, "reader@example.org", WRONG)
    assert right_answer.status_code == wrong_answer.status_code == 200
    assert _body(right_answer) == _body(wrong_answer)
    assert "didn&#x27;t match" in _body(right_answer)
    assert not _has_session(right)
    assert "sessionid" not in right.cookies


@pytest.mark.django_db
def test_unverified_sign_up_gets_no_session_at_the_admin(
    django_capture_on_commit_callbacks,
):
    browser = BrowserClient()
    browser.get(f"{AUTH}/session")
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            f"{AUTH}/signup", {"email": "new@example.org", "password": PASSWORD}
        )
    assert response.status_code == 401  # pending verification
    client = Client()
    assert _sign_in(client, "new@example.org", PASSWORD).status_code == 200
    assert not _has_session(client)
    assert client.post("/api/v1/membership/applications/", {}).status_code in (
        401,
        403,
    )


@pytest.mark.django_db
def test_staff_with_an_unverified_allauth_email_is_refused():
    editor = _editor(username="ed", email="ed@example.org")
    EmailAddress.objects.create(
        user=editor, email=editor.email, verified=False, primary=True
    )
    client = Client()
    assert _sign_in(client, "ed", PASSWORD).status_code == 200
    assert not _has_session(client)
    EmailAddress.objects.filter(user=editor).update(verified=True)
    assert _sign_in(client, "ed", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_admin_login_locks_out_after_allauth_login_failed_limit():
    # ACCOUNT_RATE_LIMITS["login_failed"] = "10/m/ip,5/5m/key": the sixth try
    # on one account within five minutes is refused, the right password too.
    _editor(username="ed", email="ed@example.org")
    client = Client()
    for _ in range(5):
        response = _sign_in(client, "ed", WRONG)
        assert response.status_code == 200
        assert "Too many" not in response.content.decode()
    response = _sign_in(client, "ed", PASSWORD)
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not _has_session(client)


@pytest.mark.django_db
def test_admin_and_headless_failures_share_one_counter(signed_out_member):
    # Three failures on the API and two at the admin spend the five.
    browser = BrowserClient()
    browser.get(f"{AUTH}/session")
    for _ in range(3):
        response = browser.post(
            f"{AUTH}/login", {"email": signed_out_member.email, "password": WRONG}
        )
        assert response.status_code == 400
    client = Client()
    for _ in range(2):
        assert (
            "Too many"
            not in _sign_in(client, signed_out_member.email, WRONG).content.decode()
        )
    response = browser.post(
        f"{AUTH}/login", {"email": signed_out_member.email, "password": PASSWORD}
    )
    assert response.status_code in (400, 429)
    assert "too_many_login_attempts" in response.content.decode()


@pytest.mark.django_db
def test_successful_admin_sign_ins_do_not_lock_staff_out():
    _editor(username="ed", email="ed@example.org")
    for _ in range(8):
        assert _sign_in(Client(), "ed", PASSWORD).status_code == 302


@pytest.fixture
def signed_out_member(db):
    user = UserFactory(username="member", email="member@example.org")
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user
