from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from membership import services
from tests.factories.membership import MembershipTypeFactory, with_fees
from tests.factories.users import UserFactory


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


def test_refused_rejection_keeps_the_typed_reason(admin_client, application):
    admin_client.post(f"/admin/memberships/approve/{application.pk}/")
    response = admin_client.post(
        f"/admin/memberships/reject/{application.pk}/",
        {"reason": "Please join as a UK member & pay in GBP."},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only a pending application can be rejected." in html
    assert "Please join as a UK member &amp; pay in GBP.</textarea>" in html
    application.refresh_from_db()
    assert application.status == "active"


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
    services.membership_approve(
        membership=application, by=application.member, now=timezone.now()
    )
    response = admin_client.post(
        f"/admin/memberships/edit/{application.pk}/",
        {"status_override": "expired", "start_date": "", "end_date": ""},
    )
    assert response.status_code == 302, response.content[:500]
    application.refresh_from_db()
    assert application.status == "expired"
    assert not application.member.groups.filter(name="Members").exists()


@pytest.mark.parametrize(
    ("override", "pointer"), [("active", "Use Approve"), ("grace", "Use Approve")]
)
def test_override_cannot_activate_an_application_that_was_not_approved(
    admin_client, application, django_capture_on_commit_callbacks, override, pointer
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/memberships/edit/{application.pk}/",
            {"status_override": override, "start_date": "", "end_date": ""},
        )
    assert response.status_code == 200
    assert pointer in response.content.decode()
    application.refresh_from_db()
    assert (application.status, application.status_override) == ("pending", "")
    assert not application.member.groups.filter(name="Members").exists()
    assert mail.outbox == []


def test_override_cannot_reject_an_undecided_application(admin_client, application):
    response = admin_client.post(
        f"/admin/memberships/edit/{application.pk}/",
        {"status_override": "rejected", "start_date": "", "end_date": ""},
    )
    assert response.status_code == 200
    assert "Use Reject" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "pending"


def _profiled_application():
    user = UserFactory(username="amara", email="amara@example.org")
    mtype = with_fees(MembershipTypeFactory(name="International membership"))
    return services.membership_apply(
        user=user,
        membership_type=mtype,
        country="GH",
        currency="GBP",
        institution="University of Ghana Library",
        job_title="Systems librarian",
        professional_details="Ten years in academic libraries.",
        today=date(2026, 11, 20),
    )


def test_detail_shows_the_profile_the_fee_and_the_decision_buttons(admin_client):
    application = _profiled_application()
    html = admin_client.get(f"/admin/memberships/inspect/{application.pk}/")
    html = html.content.decode()
    for text in (
        "amara@example.org",
        "University of Ghana Library",
        "Systems librarian",
        "£60.00 for 12 months",
        "Ghana",
        "Pending approval",
        "20 November 2026",
    ):
        assert text in html, text
    assert "Fee minor" not in html
    assert "6000" not in html
    approve = f"/admin/memberships/approve/{application.pk}/"
    reject = f"/admin/memberships/reject/{application.pk}/"
    assert f'<a href="{approve}" class="w-header-button button"' in html
    assert f'action="{approve}"' in html
    assert reject in html


def test_approve_from_the_detail_view_emails_the_welcome_and_logs_it(
    admin_client, django_capture_on_commit_callbacks
):
    from wagtail.models import ModelLogEntry

    application = _profiled_application()
    detail = f"/admin/memberships/inspect/{application.pk}/"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/memberships/approve/{application.pk}/", {"next": detail}
        )
    assert response.status_code == 302
    assert response["Location"] == detail
    application.refresh_from_db()
    assert application.status == "active"
    assert application.decided_by.username == "boss"
    assert application.member.groups.filter(name="Members").exists()
    assert [m.subject for m in mail.outbox] == [
        "Welcome: your International membership is approved"
    ]
    entry = ModelLogEntry.objects.for_instance(application).get()
    assert (entry.action, entry.user.username) == ("membership.approve", "boss")
    history = admin_client.get(f"/admin/memberships/history/{application.pk}/")
    assert "Approve membership" in history.content.decode()

    after = admin_client.get(detail).content.decode()
    assert f"/admin/memberships/approve/{application.pk}/" not in after
    assert "Approved on" in after


def test_reject_keeps_the_way_back_to_the_detail_view(admin_client, application):
    detail = f"/admin/memberships/inspect/{application.pk}/"
    url = f"/admin/memberships/reject/{application.pk}/?next={detail}"
    page = admin_client.get(url).content.decode()
    assert f'name="next" value="{detail}"' in page
    response = admin_client.post(url, {"next": detail, "reason": "Not eligible."})
    assert response["Location"] == detail

    other = services.membership_apply(
        user=UserFactory(),
        membership_type=application.membership_type,
        country="GH",
        today=date.today(),
    )
    evil = admin_client.post(
        f"/admin/memberships/reject/{other.pk}/", {"next": "https://evil.test/"}
    )
    assert evil["Location"] == "/admin/memberships/"


def test_dashboard_counts_pending_applications(admin_client, application):
    other = services.membership_apply(
        user=UserFactory(),
        membership_type=application.membership_type,
        country="FR",
        today=date.today(),
    )
    services.membership_approve(
        membership=other, by=application.member, now=timezone.now()
    )
    html = admin_client.get("/admin/").content.decode()
    assert "Membership applications pending" in html
    assert 'data-count="1"' in html
    assert "1 application</a>" in html
    assert application.member.email in html
    assert other.member.email not in html


def test_dashboard_panel_is_not_shown_to_other_editors(application):
    from django.contrib.auth.models import Permission

    editor = UserFactory(username="editor", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Membership applications pending" not in html
