"""One account per email address, whatever its case, even under parallel sign-ups."""

import threading
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client

from tests.api.membership.conftest import APP_AUTH, PASSWORD

User = get_user_model()


def _sign_up(client: Client, email: str):
    return client.post(
        f"{APP_AUTH}/signup",
        {"email": email, "password": PASSWORD},
        content_type="application/json",
    )


@pytest.mark.django_db
def test_database_refuses_a_second_account_with_the_same_email_in_any_case():
    User.objects.create_user("first", "Amara@Example.org", PASSWORD)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("second", "amara@example.ORG", PASSWORD)
    # Accounts without an email (made by staff) are not caught by it.
    User.objects.create_user("nomail1", "", PASSWORD)
    User.objects.create_user("nomail2", "", PASSWORD)


@pytest.mark.django_db
def test_sign_up_that_loses_the_race_is_a_400_naming_the_email():
    User.objects.create_user("winner", "race@example.org", PASSWORD)
    # The loser's form check ran before the winner's insert committed.
    with mock.patch(
        "allauth.account.internal.flows.manage_email.email_already_exists",
        side_effect=lambda email, **kwargs: (email, False),
    ):
        response = _sign_up(Client(), "Race@example.org")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert errors == [
        {
            "message": "A user is already registered with this email address.",
            "code": "email_taken",
            "param": "email",
        }
    ]
    assert User.objects.filter(email__iexact="race@example.org").count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_sign_ups_with_one_new_email_make_one_account(settings):
    # 20 sign-ups from one address in a second: above allauth's per-IP limit.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": False}
    count = 20
    barrier = threading.Barrier(count)
    statuses: list[int] = []
    bodies: list[dict] = []
    lock = threading.Lock()

    def sign_up(i: int) -> None:
        try:
            client = Client()
            barrier.wait(timeout=30)
            # Mixed case: the constraint is case-insensitive.
            email = "Parallel@Example.org" if i % 2 else "parallel@example.org"
            response = _sign_up(client, email)
            with lock:
                statuses.append(response.status_code)
                bodies.append(response.json())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(statuses) == count
    assert User.objects.filter(email__iexact="parallel@example.org").count() == 1
    # The winner and any late comer (allauth's enumeration-safe "verify your
    # email") are 401; losers of the race are a 400 naming the field.
    assert set(statuses) <= {400, 401}, statuses
    assert statuses.count(401) >= 1
    for status, body in zip(statuses, bodies, strict=True):
        if status == 400:
            assert body["errors"][0]["code"] == "email_taken"
            assert body["errors"][0]["param"] == "email"
