from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from membership import services
from tests.factories.membership import MembershipTypeFactory, UserFactory, with_fees


@pytest.fixture
def admin_client(db) -> Client:
    client = Client()
    client.force_login(
        get_user_model().objects.create_superuser("boss", "boss@example.org", "x")
    )
    return client


@pytest.fixture
def application(db):
    mtype = with_fees(MembershipTypeFactory())
    return services.membership_apply(
        user=UserFactory(), membership_type=mtype, country="GH", today=date.today()
    )


def test_listing_offers_approve_and_reject_for_pending_applications(
    admin_client, application
):
    response = admin_client.get("/admin/memberships/")
    assert response.status_code == 200
    assert f"/admin/memberships/approve/{application.pk}/" in response.content.decode()
    assert f"/admin/memberships/reject/{application.pk}/" in response.content.decode()


def test_reject_page_asks_for_a_reason_and_emails_it(
    admin_client, application, django_capture_on_commit_callbacks
):
    url = f"/admin/memberships/reject/{application.pk}/"
    assert b'name="reason"' in admin_client.get(url).content
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"reason": "Please join as a UK member."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "rejected"
    assert mail.outbox[-1].to == [application.member.email]
    assert "Please join as a UK member." in mail.outbox[-1].body


def test_deciding_twice_shows_an_error_not_a_crash(admin_client, application):
    url = f"/admin/memberships/approve/{application.pk}/"
    admin_client.post(url)
    response = admin_client.post(url, follow=True)
    assert response.status_code == 200
    assert b"Only a pending application" in response.content


def test_people_without_admin_access_cannot_decide(application):
    client = Client()
    client.force_login(UserFactory(username="nosy"))
    client.post(f"/admin/memberships/approve/{application.pk}/")
    application.refresh_from_db()
    assert application.status == "pending"


def test_membership_types_are_edited_with_their_fees(admin_client, db):
    response = admin_client.get("/admin/membership_types/new/")
    assert response.status_code == 200
    assert b"fees-TOTAL_FORMS" in response.content


def test_staff_override_in_the_edit_form_takes_effect_at_once(
    admin_client, application
):
    response = admin_client.post(
        f"/admin/memberships/edit/{application.pk}/",
        {"status_override": "active", "start_date": "", "end_date": ""},
    )
    assert response.status_code == 302, response.content[:500]
    application.refresh_from_db()
    assert application.status == "active"
    assert application.member.groups.filter(name="Members").exists()
