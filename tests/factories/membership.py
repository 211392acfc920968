import factory

from membership.models import MembershipFee, MembershipType


class MembershipTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipType

    name = factory.Sequence(lambda n: f"International membership {n}")
    slug = factory.Sequence(lambda n: f"international-{n}")
    description = "For members living and working abroad."
    eligibility = "Library and information workers outside the UK."
    is_international = True
    duration_months = 12
    grace_days = 30


def with_fees(membership_type: MembershipType) -> MembershipType:
    """The usual three fees: UK in GBP, Europe in EUR, elsewhere in USD (and GBP)."""
    for region, currency, amount in [
        ("uk", "GBP", 9000),
        ("europe", "EUR", 8500),
        ("international", "USD", 7500),
        ("international", "GBP", 6000),
    ]:
        MembershipFee.objects.create(
            membership_type=membership_type,
            region=region,
            currency=currency,
            amount_minor=amount,
        )
    return membership_type
