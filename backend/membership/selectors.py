"""Reads for the membership app."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, QuerySet

from .models import MemberProfile, Membership, MembershipFee, MembershipType
from .status import MembershipStatus


def membership_type_list() -> QuerySet[MembershipType]:
    """Types people can join now, each with its fees (two queries in all)."""
    return MembershipType.objects.filter(is_open=True).prefetch_related(
        Prefetch("fees", queryset=MembershipFee.objects.order_by("region", "currency"))
    )


def membership_fee_get(
    *, membership_type: MembershipType, region: str, currency: str
) -> MembershipFee | None:
    return membership_type.fees.filter(region=region, currency=currency).first()


def membership_current_for(*, user: AbstractBaseUser) -> Membership | None:
    """The member's latest membership (the one `me/membership/` shows)."""
    return (
        Membership.objects.filter(member_id=user.pk)
        .select_related("membership_type")
        .order_by("-created_at", "-pk")
        .first()
    )


def membership_list_for(*, user: AbstractBaseUser) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(member_id=user.pk)
        .select_related("membership_type")
        .order_by("created_at", "pk")
    )


def profile_for(*, user: AbstractBaseUser) -> MemberProfile:
    """The person's profile; an unsaved empty one if they have none yet."""
    profile = MemberProfile.objects.filter(user_id=user.pk).first()
    return profile if profile is not None else MemberProfile(user_id=user.pk)


def membership_pending_list() -> QuerySet[Membership]:
    """Applications waiting for a decision, oldest first."""
    return (
        Membership.objects.filter(
            status=MembershipStatus.PENDING, decided_at__isnull=True
        )
        .select_related("member", "membership_type")
        .order_by("joined_on", "pk")
    )
