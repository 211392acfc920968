import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.test import Client

from tests.factories.membership import MembershipTypeFactory, with_fees
from tests.factories.users import PASSWORD, UserFactory

FRONTEND = "https://front.example"
AUTH = "/api/v1/auth/browser/v1/auth"
APP_AUTH = "/api/v1/auth/app/v1/auth"


class BrowserClient:
    """A frontend on another origin: fetch() with credentials, CSRF enforced."""

    def __init__(self) -> None:
        self.client = Client(enforce_csrf_checks=True)

    def _csrf(self) -> str:
        cookie = self.client.cookies.get("csrftoken")
        return cookie.value if cookie else ""

    def request(self, method: str, path: str, data=None, csrf: bool = True, **extra):
        headers = {"HTTP_ORIGIN": FRONTEND, **extra}
        if csrf and method not in ("get", "options"):
            headers["HTTP_X_CSRFTOKEN"] = self._csrf()
        if data is None:
            return getattr(self.client, method)(path, **headers)
        return getattr(self.client, method)(
            path, data, content_type="application/json", **headers
        )

    def get(self, path, **extra):
        return self.request("get", path, **extra)

    def post(self, path, data=None, **extra):
        return self.request("post", path, data if data is not None else {}, **extra)

    def patch(self, path, data, **extra):
        return self.request("patch", path, data, **extra)

    def delete(self, path, **extra):
        return self.request("delete", path, **extra)


def verification_key() -> str:
    body = mail.outbox[-1].body
    match = re.search(re.escape(FRONTEND) + r"/account/verify-email/(\S+)", body)
    assert match, body
    # The frontend reads the key from its route, URL-decoded.
    return unquote(match.group(1))


@pytest.fixture
def browser() -> BrowserClient:
    return BrowserClient()


@pytest.fixture
def mtype(db):
    return with_fees(MembershipTypeFactory(name="International membership"))


@pytest.fixture
def member(db):
    """A verified account signed in through allauth's browser flow."""
    from allauth.account.models import EmailAddress

    user = UserFactory(username="member", email="member@example.org")
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


@pytest.fixture
def signed_in(browser, member) -> BrowserClient:
    browser.get(f"{AUTH}/session")
    response = browser.post(
        f"{AUTH}/login", {"email": member.email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.content
    return browser
