"""Staff decisions on applications to join: approve or reject, once."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from wagtail.log_actions import log

from core.errors import Conflict

from ..models import Membership
from ..status import MembershipStatus
from .groups import members_group_sync
from .notices import notify
from .periods import lock, period_end

# The decisions' entries in Wagtail's audit log (labels: wagtail_hooks.py).
APPROVE_ACTION = "membership.approve"
REJECT_ACTION = "membership.reject"


def _lock_pending(membership: Membership, *, action: str) -> Membership:
    """Lock the application; only an undecided, pending one may be decided."""
    membership = lock(membership)
    if (
        membership.decided_at is not None
        or membership.status != MembershipStatus.PENDING
    ):
        raise Conflict(
            f"Only a pending application can be {action}.", code="not_pending"
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
    notify(
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
    notify(
        user=membership.member,
        subject=f"Your application for {membership.membership_type.name}",
        body=body,
    )
    return membership
