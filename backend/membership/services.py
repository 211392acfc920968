"""Writes for the membership app: joining, decisions, status, personal data.

Every service is keyword-only and atomic; emails are enqueued on commit.
"""

import calendar
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser, Group
from django.db import transaction
from django_countries import countries
from wagtail.log_actions import log

from core import personal_data
from core.tasks import queue_email

from .models import MemberProfile, Membership, MembershipType
from .regions import DEFAULT_CURRENCY, region_for_country
from .selectors import membership_fee_get, membership_list_for
from .status import CURRENT_STATUSES, FINAL_STATUSES, MembershipStatus

PROFILE_FIELDS = (
    "name",
    "country",
    "institution",
    "job_title",
    "newsletter_opt_in",
    "events_opt_in",
)
# The decisions' entries in Wagtail's audit log (labels: wagtail_hooks.py).
APPROVE_ACTION = "membership.approve"
REJECT_ACTION = "membership.reject"
# Memberships that stop a person from applying again.
OPEN_STATUSES = frozenset({MembershipStatus.PENDING, *CURRENT_STATUSES})


class MembershipError(Exception):
    """A request the rules refuse; the API turns it into a problem response."""

    def __init__(
        self, *, code: str, message: str, field: str | None = None, status: int = 400
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.status = status


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def period_end(*, start: date, membership_type: MembershipType) -> date:
    """The last day of a period of the type's duration starting on `start`."""
    return add_months(start, membership_type.duration_months) - timedelta(days=1)


def _notify(*, user: AbstractBaseUser, subject: str, body: str) -> None:
    email = getattr(user, "email", "")
    if not email:
        return
    body = f"{body.rstrip()}\n\nYour membership: {settings.FRONTEND_MEMBERSHIP_URL}\n"
    queue_email(to=[email], subject=subject, body=body)


def _members_group() -> Group:
    group, _ = Group.objects.get_or_create(name=settings.MEMBERS_GROUP_NAME)
    return group


def _validate_country(country: str) -> str:
    code = (country or "").upper()
    if code not in countries:
        raise MembershipError(
            code="invalid_country",
            field="country",
            message=f"{country!r} is not an ISO 3166-1 alpha-2 country code.",
        )
    return code


# --- Profile --------------------------------------------------------------------


@transaction.atomic
def profile_update(
    *, user: AbstractBaseUser, changes: Mapping[str, Any]
) -> MemberProfile:
    """Create or update the person's profile with the given fields only."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise MembershipError(
            code="unknown_field",
            field=sorted(unknown)[0],
            message="This field cannot be changed here.",
        )
    profile, _ = MemberProfile.objects.select_for_update().get_or_create(
        user_id=user.pk
    )
    for name, value in changes.items():
        if name == "country" and value:
            value = _validate_country(value)
        setattr(profile, name, value)
    profile.save()
    return profile


# --- Joining and decisions ---------------------------------------------------------


@transaction.atomic
def membership_apply(
    *,
    user: AbstractBaseUser,
    membership_type: MembershipType,
    country: str,
    institution: str = "",
    job_title: str = "",
    professional_details: str = "",
    currency: str | None = None,
    today: date,
) -> Membership:
    """Record an application (pending) and the profile details it carries."""
    # Lock the person so two concurrent applications cannot both pass the check.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if not membership_type.is_open:
        raise MembershipError(
            code="membership_type_closed",
            field="membership_type",
            message="This membership type is not open for applications.",
        )
    country = _validate_country(country)
    if Membership.objects.filter(member_id=user.pk, status__in=OPEN_STATUSES).exists():
        raise MembershipError(
            code="membership_exists",
            status=409,
            message="You already have a pending or current membership.",
        )
    region = region_for_country(country)
    currency = (currency or DEFAULT_CURRENCY[region]).upper()
    fee = membership_fee_get(
        membership_type=membership_type, region=region, currency=currency
    )
    if fee is None:
        raise MembershipError(
            code="no_fee",
            field="currency",
            message=f"This membership type has no {currency} fee for your region.",
        )
    membership = Membership.objects.create(
        member_id=user.pk,
        membership_type=membership_type,
        status=MembershipStatus.PENDING,
        country=country,
        region=region,
        currency=currency,
        fee_minor=fee.amount_minor,
        professional_details=professional_details,
        joined_on=today,
    )
    changes: dict[str, Any] = {"country": country}
    if institution:
        changes["institution"] = institution
    if job_title:
        changes["job_title"] = job_title
    profile_update(user=user, changes=changes)
    _notify(
        user=user,
        subject=f"We have your application: {membership_type.name}",
        body=(
            f"Thank you for applying for {membership_type.name}.\n\n"
            "Our membership team will review your application and write to "
            "you when they have decided.\n"
        ),
    )
    return membership


def _lock(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update()
        .select_related("membership_type", "member")
        .get(pk=membership.pk)
    )


def _lock_pending(membership: Membership, *, action: str) -> Membership:
    """Lock the application; only an undecided, pending one may be decided."""
    membership = _lock(membership)
    if (
        membership.decided_at is not None
        or membership.status != MembershipStatus.PENDING
    ):
        raise MembershipError(
            code="not_pending",
            status=409,
            message=f"Only a pending application can be {action}.",
        )
    return membership


@transaction.atomic
def membership_approve(
    *, membership: Membership, by: AbstractBaseUser, now: datetime
) -> Membership:
    """Start a pending membership today and email the member."""
    membership = _lock_pending(membership, action="approved")
    today = now.date()
    membership.start_date = today
    membership.end_date = period_end(
        start=today, membership_type=membership.membership_type
    )
    membership.decided_at = now
    membership.decided_by_id = by.pk
    membership.status = membership.status_on(today)
    membership.save()
    log(instance=membership, action=APPROVE_ACTION, user=by)
    members_group_sync(user=membership.member)
    _notify(
        user=membership.member,
        subject=f"Welcome: your {membership.membership_type.name} is approved",
        body=(
            f"Your application for {membership.membership_type.name} has been "
            f"approved. Your membership runs from {membership.start_date:%d %B %Y} "
            f"to {membership.end_date:%d %B %Y}.\n"
        ),
    )
    return membership


@transaction.atomic
def membership_reject(
    *, membership: Membership, by: AbstractBaseUser, now: datetime, reason: str = ""
) -> Membership:
    """Refuse a pending application and email the member (with the reason, if any)."""
    membership = _lock_pending(membership, action="rejected")
    membership.rejected = True
    membership.rejection_reason = reason
    membership.decided_at = now
    membership.decided_by_id = by.pk
    membership.status = membership.status_on(now.date())
    membership.save()
    log(
        instance=membership,
        action=REJECT_ACTION,
        user=by,
        data={"reason": reason} if reason else None,
    )
    members_group_sync(user=membership.member)
    body = (
        f"We are sorry: your application for {membership.membership_type.name} "
        "has not been approved.\n"
    )
    if reason:
        body += f"\n{reason}\n"
    _notify(
        user=membership.member,
        subject=f"Your application for {membership.membership_type.name}",
        body=body,
    )
    return membership


@transaction.atomic
def membership_renew(*, membership: Membership, today: date) -> Membership:
    """Extend by one period: from the old end date, or from today once expired."""
    membership = _lock(membership)
    status = membership.status_on(today)
    if membership.end_date is None or status in FINAL_STATUSES:
        raise MembershipError(
            code="not_renewable",
            status=409,
            message="This membership cannot be renewed.",
        )
    if status == MembershipStatus.EXPIRED:
        membership.start_date = today
        start = today
    else:
        start = membership.end_date + timedelta(days=1)
    membership.end_date = period_end(
        start=start, membership_type=membership.membership_type
    )
    membership.status = membership.status_on(today)
    membership.save()
    members_group_sync(user=membership.member)
    return membership


@transaction.atomic
def membership_cancel(*, membership: Membership, today: date) -> Membership:
    membership = _lock(membership)
    if membership.status in FINAL_STATUSES:
        return membership
    membership.cancelled_on = today
    membership.status = membership.status_on(today)
    membership.save()
    members_group_sync(user=membership.member)
    return membership


@transaction.atomic
def membership_refresh(*, membership: Membership, today: date) -> Membership:
    """Store the status the dates and override give today (after a staff edit)."""
    membership = _lock(membership)
    status = membership.status_on(today)
    if status != membership.status:
        membership.status = status
        membership.save(update_fields=["status", "updated_at"])
    members_group_sync(user=membership.member)
    return membership


def _is_current_member(user: AbstractBaseUser) -> bool:
    return (
        bool(getattr(user, "is_active", True))
        and Membership.objects.filter(
            member_id=user.pk, status__in=CURRENT_STATUSES
        ).exists()
    )


@transaction.atomic
def members_group_sync(*, user: AbstractBaseUser) -> bool:
    """Put the person in the Members group while current, take them out otherwise."""
    group = _members_group()
    current = _is_current_member(user)
    if current:
        group.user_set.add(user.pk)
    else:
        group.user_set.remove(user.pk)
    return current


@transaction.atomic
def memberships_refresh_all(*, today: date) -> int:
    """Move every stored status on to today's, then reconcile the Members group.

    Safe to run any number of times; returns how many statuses changed.
    """
    changed = 0
    candidates = (
        Membership.objects.exclude(status__in=FINAL_STATUSES, status_override="")
        .select_related("membership_type")
        .select_for_update(of=("self",))
    )
    for membership in candidates:
        status = membership.status_on(today)
        if status != membership.status:
            membership.status = status
            membership.save(update_fields=["status", "updated_at"])
            changed += 1
    group = _members_group()
    current_ids = set(
        Membership.objects.filter(
            status__in=CURRENT_STATUSES, member__is_active=True
        ).values_list("member_id", flat=True)
    )
    in_group = set(group.user_set.values_list("pk", flat=True))
    if in_group - current_ids:
        group.user_set.remove(*(in_group - current_ids))
    if current_ids - in_group:
        group.user_set.add(*(current_ids - in_group))
    return changed


# --- Personal data (registered with core.personal_data) ---------------------------


def profile_export(user: AbstractBaseUser) -> dict[str, Any] | None:
    profile = MemberProfile.objects.filter(user_id=user.pk).first()
    if profile is None:
        return None
    return {
        "name": profile.name,
        "country": str(profile.country or ""),
        "institution": profile.institution,
        "job_title": profile.job_title,
        "newsletter_opt_in": profile.newsletter_opt_in,
        "events_opt_in": profile.events_opt_in,
        "updated_at": profile.updated_at.isoformat(),
    }


def profile_erase(user: AbstractBaseUser) -> None:
    MemberProfile.objects.filter(user_id=user.pk).delete()


def memberships_export(user: AbstractBaseUser) -> list[dict[str, Any]]:
    return [
        {
            "id": m.pk,
            "membership_type": m.membership_type.name,
            "status": m.status,
            "country": str(m.country),
            "region": m.region,
            "currency": m.currency,
            "fee_minor": m.fee_minor,
            "professional_details": m.professional_details,
            "joined_on": m.joined_on.isoformat(),
            "start_date": m.start_date.isoformat() if m.start_date else None,
            "end_date": m.end_date.isoformat() if m.end_date else None,
            "rejection_reason": m.rejection_reason,
            "cancelled_on": m.cancelled_on.isoformat() if m.cancelled_on else None,
        }
        for m in membership_list_for(user=user)
    ]


def memberships_erase(user: AbstractBaseUser) -> None:
    """Keep the record of membership and fees (accounts need it), drop the person."""
    Membership.objects.filter(member_id=user.pk).update(
        professional_details="", rejection_reason="", country=""
    )


def register_personal_data() -> None:
    personal_data.register("profile", export=profile_export, erase=profile_erase)
    personal_data.register(
        "memberships", export=memberships_export, erase=memberships_erase
    )


# --- The account as a whole ---------------------------------------------------------


def account_export(*, user: AbstractUser) -> dict[str, Any]:
    """Everything held about the person: the account, then every app's section."""
    from allauth.account.models import EmailAddress

    return {
        "account": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        **personal_data.export_for(user),
    }


@transaction.atomic
def account_erase(*, user: AbstractUser, now: datetime) -> None:
    """Deactivate the account and anonymise what is held about the person.

    Each app's eraser runs first (records that must be kept, such as awarded
    grants and membership fees, keep their non-personal fields); then the
    account itself loses its name, email, password and sessions' power.
    """
    from allauth.account.models import EmailAddress

    personal_data.erase_for(user)
    EmailAddress.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"erased-{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
