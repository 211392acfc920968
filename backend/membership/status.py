"""A membership's status, computed from its dates: the one place that decides."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models


class MembershipStatus(models.TextChoices):
    PENDING = "pending", "Pending approval"
    ACTIVE = "active", "Active"
    GRACE = "grace", "In grace period"
    EXPIRED = "expired", "Expired"
    CANCELLED = "cancelled", "Cancelled"
    REJECTED = "rejected", "Rejected"


# Statuses in which a person counts as a member (the "Members" group).
CURRENT_STATUSES = frozenset({MembershipStatus.ACTIVE, MembershipStatus.GRACE})
# Statuses that dates can no longer change.
FINAL_STATUSES = frozenset({MembershipStatus.CANCELLED, MembershipStatus.REJECTED})


@dataclass(frozen=True)
class StatusInputs:
    start_date: date | None
    end_date: date | None
    grace_days: int
    rejected: bool = False
    cancelled: bool = False
    override: str = ""


def compute_status(inputs: StatusInputs, *, today: date) -> MembershipStatus:
    """Rules in order, first match wins (as CiviCRM's status rules).

    A staff override wins over everything; then the decisions that dates
    cannot undo (rejected, cancelled); then the dates: not yet approved or
    not yet started is pending, start..end is active, up to `grace_days`
    after the end is grace, later is expired.
    """
    if inputs.override:
        return MembershipStatus(inputs.override)
    if inputs.rejected:
        return MembershipStatus.REJECTED
    if inputs.cancelled:
        return MembershipStatus.CANCELLED
    if inputs.start_date is None or inputs.end_date is None:
        return MembershipStatus.PENDING
    if today < inputs.start_date:
        return MembershipStatus.PENDING
    if today <= inputs.end_date:
        return MembershipStatus.ACTIVE
    if today <= inputs.end_date + timedelta(days=inputs.grace_days):
        return MembershipStatus.GRACE
    return MembershipStatus.EXPIRED
