"""Sign-in and password reset are rate limited; reset never reveals who has an account."""

import pytest

from .conftest import AUTH, PASSWORD, BrowserClient

PROXY = "10.0.0.7"


def test_repeated_failed_sign_ins_lock_the_account_for_a_while(browser, member):
    browser.get(f"{AUTH}/session")
    wrong = {"email": member.email, "password": "wrong"}
    for _ in range(5):
        assert browser.post(f"{AUTH}/login", wrong).status_code == 400
    right = {"email": member.email, "password": PASSWORD}
    response = browser.post(f"{AUTH}/login", right)
    # A lockout says "wait", and for how long (the 5-minute window of
    # 5/5m/key), not "bad request".
    assert response.status_code == 429
    assert response["Retry-After"] == "300"
    assert response.json()["status"] == 429


def test_sign_ins_from_one_address_are_throttled(browser, member, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    browser.get(f"{AUTH}/session")
    wrong = {"email": "someone@example.org", "password": "wrong"}
    statuses = [browser.post(f"{AUTH}/login", wrong).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_reset_for_an_unknown_email_answers_like_a_known_one(browser, member):
    browser.get(f"{AUTH}/session")
    known = browser.post(f"{AUTH}/password/request", {"email": member.email})
    unknown = browser.post(f"{AUTH}/password/request", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()


def test_repeated_reset_requests_are_throttled(browser, member):
    browser.get(f"{AUTH}/session")
    statuses = [
        browser.post(f"{AUTH}/password/request", {"email": member.email}).status_code
        for _ in range(7)
    ]
    assert statuses[0] == 200
    assert statuses[-1] == 429


@pytest.mark.django_db
def test_failed_sign_ins_lock_out_one_client_not_everyone_behind_the_proxy(
    settings, member
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "2/m/ip",
    }
    attacker, user = BrowserClient(), BrowserClient()
    via = {"REMOTE_ADDR": PROXY}
    attacker.get(f"{AUTH}/session", HTTP_X_FORWARDED_FOR="198.51.100.66", **via)
    wrong = {"email": "someone@example.org", "password": "wrong"}
    statuses = [
        attacker.post(
            f"{AUTH}/login", wrong, HTTP_X_FORWARDED_FOR="198.51.100.66", **via
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]

    user.get(f"{AUTH}/session", HTTP_X_FORWARDED_FOR="198.51.100.5", **via)
    right = {"email": member.email, "password": PASSWORD}
    response = user.post(
        f"{AUTH}/login", right, HTTP_X_FORWARDED_FOR="198.51.100.5", **via
    )
    assert response.status_code == 200, response.content
