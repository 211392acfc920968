"""The member's profile: the details a person keeps about themselves."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_countries import countries

from core.errors import Invalid

from ..models import MemberProfile

PROFILE_FIELDS = (
    "name",
    "country",
    "institution",
    "job_title",
    "newsletter_opt_in",
    "events_opt_in",
)


def country_code(country: str) -> str:
    code = (country or "").upper()
    if code not in countries:
        raise Invalid(
            f"{country!r} is not an ISO 3166-1 alpha-2 country code.",
            code="invalid_country",
            field="country",
        )
    return code


@transaction.atomic
def profile_update(
    *, user: AbstractBaseUser, changes: Mapping[str, Any]
) -> MemberProfile:
    """Create or update the person's profile with the given fields only."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise Invalid(
            "This field cannot be changed here.",
            code="unknown_field",
            field=sorted(unknown)[0],
        )
    profile, _ = MemberProfile.objects.select_for_update().get_or_create(
        user_id=user.pk
    )
    for name, value in changes.items():
        if name == "country" and value:
            value = country_code(value)
        setattr(profile, name, value)
    profile.save()
    return profile


def profile_values(profile: MemberProfile) -> dict[str, Any]:
    """The profile's fields as the person reads and exports them."""
    values = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    values["country"] = str(profile.country or "")
    return values
