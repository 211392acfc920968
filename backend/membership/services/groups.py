"""The Members group: Wagtail's view restrictions admit current members by it."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction

from ..models import Membership
from ..status import CURRENT_STATUSES, FINAL_STATUSES


def _members_group() -> Group:
    group, _ = Group.objects.get_or_create(name=settings.MEMBERS_GROUP_NAME)
    return group


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
