"""Membership periods: when one ends, renewing it, and keeping status current."""

import calendar
from datetime import date, timedelta

from django.db import transaction

from core.errors import Conflict

from ..models import Membership, MembershipType
from ..status import FINAL_STATUSES, MembershipStatus
from .groups import members_group_sync


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def period_end(*, start: date, membership_type: MembershipType) -> date:
    """The last day of a period of the type's duration starting on `start`."""
    return add_months(start, membership_type.duration_months) - timedelta(days=1)


def lock(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update()
        .select_related("membership_type", "member")
        .get(pk=membership.pk)
    )


@transaction.atomic
def membership_renew(*, membership: Membership, today: date) -> Membership:
    """Extend by one period: from the old end date, or from today once expired."""
    membership = lock(membership)
    status = membership.status_on(today)
    if membership.end_date is None or status in FINAL_STATUSES:
        raise Conflict("This membership cannot be renewed.", code="not_renewable")
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
def membership_refresh(*, membership: Membership, today: date) -> Membership:
    """Store the status the dates and override give today (after a staff edit)."""
    membership = lock(membership)
    status = membership.status_on(today)
    if status != membership.status:
        membership.status = status
        membership.save(update_fields=["status", "updated_at"])
    members_group_sync(user=membership.member)
    return membership
