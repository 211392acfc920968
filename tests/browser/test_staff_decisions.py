"""Grants and membership staff take their decisions from buttons (issue 16).

Grants staff start the review of a submitted application and decline it
from the buttons on its page, then export a CSV a person can read; the
membership team approves a pending member from the application's page.
The admin needs no frontend, so `backend_url` is overridden here: the live
server with only the data these journeys need, all committed before the
browser starts (the ORM refuses calls while Playwright's loop runs).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from core.demo import ensure_home_page
from membership import services as membership_services
from tests.factories.grants import make_application, make_round, make_scheme
from tests.factories.membership import MembershipTypeFactory, with_fees
from tests.factories.users import UserFactory

from .support import artifacts_dir

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
REASON = (
    "The project falls outside this scheme's aims: please apply to Travel bursaries."
)


@pytest.fixture
def backend_url(live_server, transactional_db, django_db_serialized_rollback) -> str:
    home = ensure_home_page(log=lambda message: None)
    scheme = make_scheme(home, title="International partnerships")
    round_ = make_round(scheme, name="Autumn 2026", status="open")
    reviewer = UserFactory(
        username="reviewer", email="reviewer@example.org", is_staff=True
    )
    reviewer.set_password(PASSWORD)
    reviewer.save()
    reviewer.groups.add(Group.objects.get(name="Grants staff"))
    make_application(
        round_,
        applicant=UserFactory(username="amara", email="amara@example.org"),
        status="submitted",
        submitted_at=timezone.now(),
        project_title="Stories across borders",
        amount_requested=Decimal("1400"),
    )

    boss = UserFactory(
        username="boss", email="boss@example.org", is_staff=True, is_superuser=True
    )
    boss.set_password(PASSWORD)
    boss.save()
    membership_services.membership_apply(
        user=UserFactory(username="kofi", email="kofi@example.org"),
        membership_type=with_fees(MembershipTypeFactory(name="International member")),
        country="GH",
        currency="GBP",
        institution="University of Ghana Library",
        job_title="Systems librarian",
        today=date.today(),
    )
    return live_server.url


def _sign_in(page, backend_url: str, username: str) -> None:
    page.goto(backend_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(backend_url + "/admin/")


def test_grants_staff_review_and_decline_from_buttons_then_export_csv(
    backend_url, browser_context
):
    shots = artifacts_dir("grants-decisions")
    page = browser_context.new_page()
    _sign_in(page, backend_url, "reviewer")

    assert "1 submitted application" in page.content()
    page.screenshot(path=str(shots / "01-dashboard.png"), full_page=True)
    page.click("text=Stories across borders")
    page.wait_for_url("**/admin/grants_application/inspect/*/")

    decision = page.locator("section[aria-labelledby=decision-heading]")
    assert decision.locator("button", has_text="Start review").is_visible()
    assert decision.locator("a", has_text="Decline").is_visible()
    assert "£1,400.00" in page.content()
    assert "International partnerships" in page.content()
    page.screenshot(path=str(shots / "02-submitted.png"), full_page=True)

    decision.locator("button", has_text="Start review").click()
    page.wait_for_selector("text=Start review: Stories across borders")
    assert page.locator("dd", has_text="Under review").count() == 1
    page.screenshot(path=str(shots / "03-under-review.png"), full_page=True)

    page.locator(
        "section[aria-labelledby=decision-heading] a", has_text="Decline"
    ).click()
    page.fill("textarea[name=reason]", REASON)
    page.screenshot(path=str(shots / "04-decline-form.png"), full_page=True)
    page.click("form button[type=submit]:has-text('Decline')")
    page.wait_for_selector("text=Decline: Stories across borders")
    assert page.locator("dd", has_text="Declined").count() == 1
    assert REASON in page.content()
    assert page.locator("section[aria-labelledby=decision-heading]").count() == 0
    page.screenshot(path=str(shots / "05-declined.png"), full_page=True)

    page.goto(backend_url + "/admin/grants_application/")
    assert "£1,400.00" in page.content()
    page.click("#w-slim-header-buttons [data-w-dropdown-target=toggle]")
    with page.expect_download() as download_info:
        page.click("text=Download CSV")
    download = download_info.value
    path = shots / "grant-applications.csv"
    download.save_as(str(path))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    [row] = rows
    assert row["Status"] == "Declined"
    assert row["Scheme"] == "International partnerships"
    assert row["Applicant email"] == "amara@example.org"
    assert row["Organisation type"] == "Public library service"
    assert row["Decision reason"] == REASON
    assert row["What will the collaboration achieve?"] == "Share reading programmes."
    decided = row["Decided (Europe/London)"]
    assert len(decided) == len("2026-12-02 14:05") and decided[4] == "-", decided
    # The applicant heard of the decision.
    assert any(REASON in m.body for m in mail.outbox if m.to == ["amara@example.org"])


def test_membership_staff_approve_a_pending_member_from_the_detail_view(
    backend_url, browser_context
):
    shots = artifacts_dir("membership-approve")
    page = browser_context.new_page()
    _sign_in(page, backend_url, "boss")

    assert "Membership applications pending" in page.content()
    page.screenshot(path=str(shots / "01-dashboard.png"), full_page=True)
    page.click("a:has-text('kofi@example.org')")
    page.wait_for_url("**/admin/memberships/inspect/*/")

    content = page.content()
    for text in (
        "University of Ghana Library",
        "Systems librarian",
        "£60.00 for 12 months",
        "Pending approval",
    ):
        assert text in content, text
    page.screenshot(path=str(shots / "02-pending.png"), full_page=True)

    mail.outbox.clear()
    page.locator(
        "section[aria-labelledby=decision-heading] button", has_text="Approve"
    ).click()
    page.wait_for_selector("text=kofi@example.org: application approved.")
    assert page.locator("dd", has_text="Active").count() == 1
    assert "Approved on" in page.content()
    assert page.locator("section[aria-labelledby=decision-heading]").count() == 0
    page.screenshot(path=str(shots / "03-approved.png"), full_page=True)
    assert [m.to for m in mail.outbox if m.subject.startswith("Welcome")] == [
        ["kofi@example.org"]
    ]
