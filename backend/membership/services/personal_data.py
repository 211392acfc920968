"""What membership holds about a person, registered with `core.personal_data`."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from core import personal_data

from ..models import MemberProfile, Membership
from ..selectors import membership_list_for
from .profiles import profile_values


def profile_export(user: AbstractBaseUser) -> dict[str, Any] | None:
    profile = MemberProfile.objects.filter(user_id=user.pk).first()
    if profile is None:
        return None
    return {**profile_values(profile), "updated_at": profile.updated_at.isoformat()}


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
