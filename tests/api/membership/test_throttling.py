"""Sign-in and password reset are rate limited; reset never reveals who has an account."""

from .conftest import AUTH, PASSWORD


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
