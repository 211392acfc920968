from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from core import accounts, personal_data
from core.errors import Conflict, DomainError
from membership import services
from membership.models import MemberProfile
from membership.tasks import refresh_membership_statuses
from tests.factories.membership import MembershipTypeFactory, with_fees
from tests.factories.users import UserFactory

TODAY = date(2025, 3, 10)
NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def mtype(db):
    return with_fees(MembershipTypeFactory())


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True)


def _apply(user, mtype, country="GH", **kwargs):
    return services.membership_apply(
        user=user, membership_type=mtype, country=country, today=TODAY, **kwargs
    )


def _members(user) -> bool:
    return user.groups.filter(name="Members").exists()


def test_application_is_pending_with_the_fee_of_the_members_region(mtype):
    user = UserFactory()
    membership = _apply(user, mtype, country="gh", institution="Accra Library")
    assert membership.status == "pending"
    assert (membership.region, membership.currency, membership.fee_minor) == (
        "international",
        "USD",
        7500,
    )
    profile = MemberProfile.objects.get(user=user)
    assert (profile.country, profile.institution) == ("GH", "Accra Library")


def test_application_may_choose_another_currency_of_the_region(mtype):
    membership = _apply(UserFactory(), mtype, currency="GBP")
    assert (membership.currency, membership.fee_minor) == ("GBP", 6000)


def test_application_without_a_fee_for_the_currency_is_refused(mtype):
    with pytest.raises(DomainError) as exc:
        _apply(UserFactory(), mtype, country="FR", currency="USD")
    assert exc.value.field == "currency"


def test_bad_country_code_is_refused_on_the_country_field(mtype):
    with pytest.raises(DomainError) as exc:
        _apply(UserFactory(), mtype, country="XX")
    assert (exc.value.field, exc.value.code) == ("country", "invalid_country")


def test_second_application_while_pending_is_a_conflict(mtype):
    user = UserFactory()
    _apply(user, mtype)
    with pytest.raises(Conflict) as exc:
        _apply(user, mtype)
    assert exc.value.code == "membership_exists"


def test_approval_starts_a_year_and_adds_the_member_to_the_group(
    mtype, staff, django_capture_on_commit_callbacks
):
    user = UserFactory()
    membership = _apply(user, mtype)
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_approve(
            membership=membership, by=staff, now=NOW
        )
    assert membership.status == "active"
    assert (membership.start_date, membership.end_date) == (TODAY, date(2026, 3, 9))
    assert membership.decided_by == staff
    assert _members(user)
    assert mail.outbox[-1].to == [user.email]
    assert "approved" in mail.outbox[-1].subject


def test_rejection_emails_the_reason_and_keeps_the_person_out(
    mtype, staff, django_capture_on_commit_callbacks
):
    user = UserFactory()
    membership = _apply(user, mtype)
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_reject(
            membership=membership,
            by=staff,
            now=NOW,
            reason="Please apply as UK member.",
        )
    assert membership.status == "rejected"
    assert not _members(user)
    assert "Please apply as UK member." in mail.outbox[-1].body


def test_a_decided_application_cannot_be_decided_again(mtype, staff):
    membership = _apply(UserFactory(), mtype)
    services.membership_reject(membership=membership, by=staff, now=NOW)
    with pytest.raises(DomainError):
        services.membership_approve(membership=membership, by=staff, now=NOW)


def test_daily_refresh_moves_statuses_on_and_syncs_the_group(mtype, staff):
    user = UserFactory()
    membership = services.membership_approve(
        membership=_apply(user, mtype), by=staff, now=NOW
    )
    assert services.memberships_refresh_all(today=date(2026, 3, 9)) == 0
    assert services.memberships_refresh_all(today=date(2026, 3, 10)) == 1
    membership.refresh_from_db()
    assert membership.status == "grace"
    assert _members(user)
    services.memberships_refresh_all(today=date(2026, 4, 9))
    membership.refresh_from_db()
    assert membership.status == "expired"
    assert not _members(user)


def test_refresh_removes_people_put_in_the_group_by_hand(db):
    user = UserFactory()
    Group.objects.get(name="Members").user_set.add(user)
    services.memberships_refresh_all(today=TODAY)
    assert not _members(user)


def test_scheduled_task_runs_the_refresh(db):
    result = refresh_membership_statuses.enqueue()
    assert result.return_value == 0


def test_renewal_extends_from_the_old_end_date(mtype, staff):
    membership = services.membership_approve(
        membership=_apply(UserFactory(), mtype), by=staff, now=NOW
    )
    renewed = services.membership_renew(membership=membership, today=date(2026, 3, 20))
    assert renewed.end_date == date(2027, 3, 9)
    assert renewed.status == "active"


def test_renewal_after_expiry_starts_a_new_period_today(mtype, staff):
    membership = services.membership_approve(
        membership=_apply(UserFactory(), mtype), by=staff, now=NOW
    )
    renewed = services.membership_renew(membership=membership, today=date(2027, 1, 1))
    assert (renewed.start_date, renewed.end_date) == (
        date(2027, 1, 1),
        date(2027, 12, 31),
    )


def test_staff_override_is_stored_and_syncs_the_group(mtype, staff):
    user = UserFactory()
    membership = _apply(user, mtype)
    membership.status_override = "active"
    membership.save()
    membership = services.membership_refresh(membership=membership, today=TODAY)
    assert membership.status == "active"
    assert _members(user)


def test_export_holds_the_account_profile_and_memberships(mtype):
    user = UserFactory()
    _apply(user, mtype, institution="Accra Library", professional_details="Cataloguer")
    data = accounts.account_export(user=user)
    assert data["account"]["email"] == user.email
    assert data["profile"]["institution"] == "Accra Library"
    assert data["memberships"][0]["professional_details"] == "Cataloguer"
    assert {"account", *(s.name for s in personal_data.sources())} <= set(data)


def test_erasure_anonymises_but_keeps_the_membership_record(mtype, staff):
    user = UserFactory()
    membership = services.membership_approve(
        membership=_apply(user, mtype, professional_details="Cataloguer"),
        by=staff,
        now=NOW,
    )
    accounts.account_erase(user=user, now=NOW)
    user.refresh_from_db()
    membership.refresh_from_db()
    assert not user.is_active and user.email == "" and not user.has_usable_password()
    assert not MemberProfile.objects.filter(user=user).exists()
    assert membership.professional_details == "" and membership.fee_minor == 7500
    assert not _members(user)
