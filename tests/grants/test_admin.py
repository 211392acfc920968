from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from grants.models import ApplicationAttachment
from tests.factories.grants import make_application, make_round, make_scheme, make_user
from tests.grants import documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(home):
    return make_round(make_scheme(home), status="open")


@pytest.fixture
def staff_client():
    user = make_user("reviewer", is_staff=True)
    user.groups.add(Group.objects.get(name="Grants staff"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client():
    """An admin user without the Grants staff group (e.g. a content editor)."""
    from django.contrib.auth.models import Permission

    user = make_user("editor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    return client


def url(name, *args):
    return reverse(f"grants_application:{name}", args=args)


def test_grants_staff_group_exists_with_its_permissions():
    codenames = set(
        Group.objects.get(name="Grants staff").permissions.values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"access_admin", "view_application", "review_application"}


def test_staff_list_filter_and_search_applications(staff_client, round_):
    make_application(round_, project_title="Storytelling exchange", status="submitted")
    make_application(round_, project_title="Digital archives", status="draft")

    listing = staff_client.get(url("index"))
    assert listing.status_code == 200
    assert b"Storytelling exchange" in listing.content

    filtered = staff_client.get(url("index"), {"status": "submitted"})
    assert b"Storytelling exchange" in filtered.content
    assert b"Digital archives" not in filtered.content

    searched = staff_client.get(url("index"), {"q": "archives"})
    assert b"Digital archives" in searched.content
    assert b"Storytelling exchange" not in searched.content


def test_staff_export_csv_and_xlsx(staff_client, round_):
    make_application(round_, project_title="Storytelling exchange", status="submitted")
    csv = staff_client.get(url("index"), {"export": "csv"})
    assert csv.status_code == 200
    content = b"".join(csv.streaming_content).decode()
    assert "Scheme" in content.splitlines()[0]
    assert "Storytelling exchange" in content
    xlsx = staff_client.get(url("index"), {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_other_admin_users_cannot_see_applications(editor_client, round_):
    application = make_application(round_, status="submitted")
    assert editor_client.get(url("index")).status_code in (302, 403)
    assert editor_client.get(url("inspect", application.pk)).status_code in (302, 403)
    response = editor_client.post(url("start_review", application.pk))
    assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == "submitted"
    menu = editor_client.get("/admin/")
    assert b"Grant applications" not in menu.content


def test_no_add_edit_or_delete_views(staff_client, round_):
    application = make_application(round_)
    for path in ("new/", f"edit/{application.pk}/", f"delete/{application.pk}/"):
        response = staff_client.get(url("index") + path)
        assert response.status_code == 404


def test_detail_shows_answers_attachments_and_actions(staff_client, round_):
    application = make_application(round_, status="submitted")
    attachment = ApplicationAttachment(
        application=application,
        original_name="budget.pdf",
        content_type="application/pdf",
        size=10,
    )
    from django.core.files.base import ContentFile

    attachment.file.save("x.pdf", ContentFile(documents.pdf()), save=True)

    response = staff_client.get(url("inspect", application.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "What will the collaboration achieve?" in html
    assert "Share reading programmes." in html
    assert "budget.pdf" in html
    assert url("start_review", application.pk) in html

    download = staff_client.get(url("attachment", application.pk, attachment.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == documents.pdf()


def test_start_review_award_and_email(
    staff_client, round_, django_capture_on_commit_callbacks
):
    application = make_application(round_, status="submitted")

    response = staff_client.post(url("start_review", application.pk))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "under_review"

    form = staff_client.get(url("award", application.pk))
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url("award", application.pk), {"amount": "2000.00", "reason": "Well done"}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "awarded"
    assert application.amount_awarded == Decimal("2000.00")
    assert application.decided_at is not None
    assert [e.to_status for e in application.events.all()] == [
        "under_review",
        "awarded",
    ]
    assert application.events.last().actor.username == "reviewer"
    assert len(mail.outbox) == 1
    assert "2000.00 GBP" in mail.outbox[0].body


def test_award_above_the_scheme_maximum_is_refused(staff_client, round_):
    application = make_application(round_, status="under_review")
    response = staff_client.post(
        url("award", application.pk), {"amount": "9000", "reason": ""}
    )
    assert response.status_code == 200
    assert b"at most 5000.00" in response.content
    application.refresh_from_db()
    assert application.status == "under_review"


def test_decline_needs_a_reason(staff_client, round_):
    application = make_application(round_, status="under_review")
    response = staff_client.post(url("decline", application.pk), {"reason": ""})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "under_review"

    response = staff_client.post(
        url("decline", application.pk), {"reason": "Outside the scheme's aims."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "declined"
    assert application.decision_reason == "Outside the scheme's aims."


def test_refused_transition_is_reported_not_applied(staff_client, round_):
    draft = make_application(round_, status="draft")
    response = staff_client.post(url("start_review", draft.pk), follow=True)
    assert response.status_code == 200
    assert b"Cannot start review" in response.content
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_awarded_grants_report_lists_and_exports(staff_client, editor_client, round_):
    from django.utils import timezone

    make_application(
        round_,
        project_title="Storytelling exchange",
        status="awarded",
        amount_awarded=Decimal("1500"),
        decided_at=timezone.now(),
    )
    make_application(round_, project_title="Not yet", status="submitted")
    report = staff_client.get(reverse("grants_awarded_report"))
    assert report.status_code == 200
    assert b"Storytelling exchange" in report.content
    assert b"Not yet" not in report.content
    csv = staff_client.get(reverse("grants_awarded_report"), {"export": "csv"})
    content = b"".join(csv.streaming_content).decode()
    assert "Storytelling exchange" in content
    assert "1500.00" in content
    xlsx = staff_client.get(reverse("grants_awarded_report"), {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert editor_client.get(reverse("grants_awarded_report")).status_code in (302, 403)


def test_grants_staff_and_superusers_see_the_menu(staff_client, round_):
    assert b"Grant applications" in staff_client.get("/admin/").content
    admin = make_user("root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    application = make_application(round_, status="submitted")
    assert b"Grant applications" in client.get("/admin/").content
    assert client.get(url("inspect", application.pk)).status_code == 200
    assert client.get(reverse("grants_awarded_report")).status_code == 200
