"""Applying to join: a pending membership at the fee for the member's region."""

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from core.errors import Conflict, Invalid

from ..models import Membership, MembershipType
from ..regions import DEFAULT_CURRENCY, region_for_country
from ..selectors import membership_fee_get
from ..status import CURRENT_STATUSES, MembershipStatus
from .notices import notify
from .profiles import country_code, profile_update

# Memberships that stop a person from applying again.
OPEN_STATUSES = frozenset({MembershipStatus.PENDING, *CURRENT_STATUSES})


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
        raise Invalid(
            "This membership type is not open for applications.",
            code="membership_type_closed",
            field="membership_type",
        )
    country = country_code(country)
    if Membership.objects.filter(member_id=user.pk, status__in=OPEN_STATUSES).exists():
        raise Conflict(
            "You already have a pending or current membership.",
            code="membership_exists",
        )
    region = region_for_country(country)
    currency = (currency or DEFAULT_CURRENCY[region]).upper()
    fee = membership_fee_get(
        membership_type=membership_type, region=region, currency=currency
    )
    if fee is None:
        raise Invalid(
            f"This membership type has no {currency} fee for your region.",
            code="no_fee",
            field="currency",
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
    notify(
        user=user,
        subject=f"We have your application: {membership_type.name}",
        body=(
            f"Thank you for applying for {membership_type.name}.\n\n"
            "Our membership team will review your application and write to "
            "you when they have decided.\n"
        ),
    )
    return membership
