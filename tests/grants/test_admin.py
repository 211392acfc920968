from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from grants.models import ApplicationAttachment
from tests.factories.grants import make_application, make_round, make_scheme
from tests.factories.users import UserFactory
from tests.grants import documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(home):
    return make_round(make_scheme(home), status="open")


@pytest.fixture
def staff_client():
    user = UserFactory(username="reviewer", is_staff=True)
    user.groups.add(Group.objects.get(name="Grants staff"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client():
    """An admin user without the Grants staff group (e.g. a content editor)."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username="editor", is_staff=True)
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
    assert "£1,500.00" in report.content.decode()
    csv = staff_client.get(reverse("grants_awarded_report"), {"export": "csv"})
    content = b"".join(csv.streaming_content).decode()
    assert "Storytelling exchange" in content
    assert "1500.00" in content
    xlsx = staff_client.get(reverse("grants_awarded_report"), {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert editor_client.get(reverse("grants_awarded_report")).status_code in (302, 403)


def test_grants_staff_and_superusers_see_the_menu(staff_client, round_):
    assert b"Grant applications" in staff_client.get("/admin/").content
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    application = make_application(round_, status="submitted")
    assert b"Grant applications" in client.get("/admin/").content
    assert client.get(url("inspect", application.pk)).status_code == 200
    assert client.get(reverse("grants_awarded_report")).status_code == 200


# --- Issue 16: decisions as buttons, readable amounts, export, dashboard ----------


def _header_buttons(html):
    import re

    return re.findall(r'<a href="([^"]+)"[^>]*class="[^"]*w-header-button[^"]*"', html)


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        ("submitted", ["start_review", "decline"]),
        ("under_review", ["award", "decline"]),
        ("awarded", []),
        ("draft", []),
    ],
)
def test_decisions_are_primary_buttons_on_the_application(
    staff_client, round_, status, actions
):
    application = make_application(round_, status=status)
    html = staff_client.get(url("inspect", application.pk)).content.decode()
    expected = [url(action, application.pk) for action in actions]
    assert _header_buttons(html) == expected
    for action_url in expected:
        # Also in the page body; Start review there is a one-click form.
        assert html.count(action_url) == 2
    one_click = f'action="{url("start_review", application.pk)}"'
    assert (one_click in html) == ("start_review" in actions)
    # Nothing left in the "..." menu.
    assert "icon-dots-horizontal" not in html


def test_application_shows_scheme_currency_and_formatted_amounts(staff_client, round_):
    from django.utils import timezone

    application = make_application(
        round_,
        status="awarded",
        amount_requested=Decimal("1400"),
        amount_awarded=Decimal("1250.5"),
        decided_at=timezone.now(),
        decision_reason="Strong partnership.",
    )
    html = staff_client.get(url("inspect", application.pk)).content.decode()
    assert round_.scheme.title in html
    assert "Pound sterling (GBP)" in html
    assert "£1,400.00" in html
    assert "£1,250.50" in html
    assert "(Europe/London)" in html
    fields = html.split("<dl>", 1)[1].split("</dl>", 1)[0]
    assert "None" not in fields


def test_listing_shows_the_scheme_and_the_amount_with_its_currency(
    staff_client, round_
):
    make_application(round_, status="submitted", amount_requested=Decimal("1400"))
    html = staff_client.get(url("index")).content.decode()
    assert round_.scheme.title in html
    assert "£1,400.00" in html
    assert "1400.00" not in html


def test_start_review_from_the_inspect_button_is_one_post(staff_client, round_):
    application = make_application(round_, status="submitted")
    response = staff_client.post(url("start_review", application.pk))
    assert response.status_code == 302
    assert response["Location"] == url("inspect", application.pk)
    application.refresh_from_db()
    assert application.status == "under_review"


def test_decline_straight_from_submitted(
    staff_client, round_, django_capture_on_commit_callbacks
):
    application = make_application(round_, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url("decline", application.pk), {"reason": "Outside the scheme's aims."}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "declined"
    assert [(e.from_status, e.to_status) for e in application.events.all()] == [
        ("submitted", "declined")
    ]
    assert "Outside the scheme's aims." in mail.outbox[-1].body


def test_refused_decline_keeps_the_typed_reason(staff_client, round_):
    # Someone else decided while this reviewer was typing.
    application = make_application(round_, status="awarded")
    reason = "A long, careful reason\nover two lines & with <markup>."
    response = staff_client.post(url("decline", application.pk), {"reason": reason})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cannot decline an application that is awarded." in html
    assert "A long, careful reason\nover two lines &amp; with &lt;markup&gt;." in html
    application.refresh_from_db()
    assert application.status == "awarded"
    assert not application.events.exists()


def test_refused_award_keeps_the_amount_and_the_message(staff_client, round_):
    application = make_application(round_, status="under_review")
    response = staff_client.post(
        url("award", application.pk), {"amount": "9000", "reason": "Well done, all."}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "at most 5000.00 GBP" in html
    assert 'value="9000"' in html
    assert "Well done, all." in html
    assert "Amount (GBP)" in html


def _csv_rows(response):
    import csv
    import io

    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_has_labels_readable_dates_answers_and_email(staff_client, round_):
    from datetime import UTC, datetime

    applicant = UserFactory(username="amara", email="amara@example.org")
    make_application(
        round_,
        applicant=applicant,
        status="under_review",
        organisation_type="academic_library",
        organisation_country="GH",
        amount_requested=Decimal("1400"),
        submitted_at=datetime(2026, 7, 1, 16, 30, tzinfo=UTC),
        answers={"q-aims": "Share reading programmes.", "q-region": "Africa"},
    )
    [row] = _csv_rows(staff_client.get(url("index"), {"export": "csv"}))
    assert row["Scheme"] == round_.scheme.title
    assert row["Status"] == "Under review"
    assert row["Organisation type"] == "Academic or research library"
    assert row["Country"] == "Ghana"
    assert row["Applicant email"] == "amara@example.org"
    assert row["Currency"] == "GBP"
    assert row["Amount requested"] == "1400.00"
    # 16:30 UTC is 17:30 in London in July; the zone is named in the heading.
    assert row["Submitted (Europe/London)"] == "2026-07-01 17:30"
    assert row["Decided (Europe/London)"] == ""
    assert row["What will the collaboration achieve?"] == "Share reading programmes."
    assert row["Region of the partner library"] == "Africa"
    assert row["Start date"] == ""


def test_csv_export_follows_the_filters(staff_client, round_):
    make_application(round_, project_title="In review", status="under_review")
    make_application(round_, project_title="Just in", status="submitted")
    rows = _csv_rows(
        staff_client.get(url("index"), {"export": "csv", "status": "submitted"})
    )
    assert [r["Project title"] for r in rows] == ["Just in"]


def test_dashboard_counts_applications_awaiting_review_and_rounds_closing(
    staff_client, editor_client, home
):
    from datetime import timedelta

    from django.utils import timezone

    scheme = make_scheme(home, title="Travel bursaries")
    now = timezone.now()
    soon = make_round(scheme, name="Spring round", closes_at=now + timedelta(days=3))
    make_round(scheme, name="Autumn round", closes_at=now + timedelta(days=20))
    make_round(scheme, name="Last round", status="closed")
    for _ in range(3):
        make_application(soon, status="submitted", submitted_at=now)
    make_application(soon, status="under_review", submitted_at=now)
    make_application(soon, status="draft")

    html = staff_client.get("/admin/").content.decode()
    assert "Grant applications awaiting review" in html
    assert 'data-count="3"' in html
    assert "3 submitted applications" in html
    assert "Grant rounds closing this week" in html
    assert "Spring round" in html
    assert "4 applications in" in html
    assert "Autumn round" not in html
    assert "Last round" not in html

    other = editor_client.get("/admin/").content.decode()
    assert "Grant applications awaiting review" not in other
    assert "Grant rounds closing this week" not in other


def test_csv_export_across_schemes_has_each_question_once(staff_client, home):
    bursary_questions = [
        {
            "type": "short_text",
            "id": "q-event",
            "value": {
                "label": "Conference attended",
                "help_text": "",
                "required": True,
                "max_length": 100,
            },
        }
    ]
    grants_round = make_round(make_scheme(home, title="A: Partnerships"))
    bursary_round = make_round(
        make_scheme(home, title="B: Bursaries", questions=bursary_questions)
    )
    make_application(grants_round, project_title="Partnership", status="submitted")
    make_application(
        bursary_round,
        project_title="Bursary",
        status="submitted",
        answers={"q-event": "IFLA WLIC"},
    )
    rows = {
        r["Project title"]: r
        for r in _csv_rows(staff_client.get(url("index"), {"export": "csv"}))
    }
    assert rows["Bursary"]["Conference attended"] == "IFLA WLIC"
    assert rows["Bursary"]["Region of the partner library"] == ""
    assert rows["Partnership"]["Conference attended"] == ""
    assert rows["Partnership"]["Region of the partner library"] == "Africa"
