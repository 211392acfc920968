"""Membership and `me/` serializers; names are unique (they become OpenAPI components)."""

from rest_framework import serializers

from membership.models import MembershipType
from membership.regions import Currency, Region
from membership.status import MembershipStatus

from ..serializers import CountryCodeField, StrictBooleanField, StrictCharField


class MembershipFeeSerializer(serializers.Serializer):
    region = serializers.ChoiceField(
        choices=Region.choices,
        help_text="uk (home country), europe (EU/EEA, Switzerland), international.",
    )
    currency = serializers.ChoiceField(choices=Currency.choices)
    amount_minor = serializers.IntegerField(
        help_text="In minor units of the currency: 4500 is 45.00."
    )


class MembershipTypeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()
    description = serializers.CharField()
    eligibility = serializers.CharField()
    is_international = serializers.BooleanField()
    duration_months = serializers.IntegerField()
    grace_days = serializers.IntegerField()
    fees = MembershipFeeSerializer(many=True, source="fees.all")


class MembershipTypeSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()


class MembershipApplicationCreateSerializer(serializers.Serializer):
    membership_type = serializers.PrimaryKeyRelatedField(
        queryset=MembershipType.objects.filter(is_open=True),
        help_text="Id of an open membership type (see membership/types/).",
    )
    country = CountryCodeField(
        help_text="Where you live and work: ISO 3166-1 alpha-2 code in capitals (GH, FR).",
    )
    institution = StrictCharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    job_title = StrictCharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    professional_details = StrictCharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Your work and why you are joining.",
    )
    currency = serializers.ChoiceField(
        choices=Currency.choices,
        required=False,
        help_text="Pay in another currency offered for your region.",
    )


class MembershipFeeDueSerializer(serializers.Serializer):
    currency = serializers.CharField()
    amount_minor = serializers.IntegerField()


class MembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    membership_type = MembershipTypeSummarySerializer()
    country = CountryCodeField()
    region = serializers.ChoiceField(choices=Region.choices)
    fee_due = serializers.SerializerMethodField(
        help_text="Fee for one period, fixed when the person applied."
    )
    joined_on = serializers.DateField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)

    def get_fee_due(self, obj: object) -> MembershipFeeDueSerializer:
        return MembershipFeeDueSerializer(
            {"currency": obj.currency, "amount_minor": obj.fee_minor}  # type: ignore[attr-defined]
        ).data  # type: ignore[return-value]


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    country = CountryCodeField(
        allow_blank=True, help_text="ISO 3166-1 alpha-2, or empty."
    )
    institution = serializers.CharField()
    job_title = serializers.CharField()
    newsletter_opt_in = serializers.BooleanField()
    events_opt_in = serializers.BooleanField()
    is_member = serializers.BooleanField(
        help_text="True while a membership is active or in its grace period."
    )


class MeUpdateSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255, required=False, allow_blank=True)
    country = CountryCodeField(
        required=False, allow_blank=True, help_text="ISO 3166-1 alpha-2, in capitals."
    )
    institution = StrictCharField(max_length=255, required=False, allow_blank=True)
    job_title = StrictCharField(max_length=255, required=False, allow_blank=True)
    newsletter_opt_in = StrictBooleanField(required=False)
    events_opt_in = StrictBooleanField(required=False)


class MeExportSerializer(serializers.Serializer):
    account = serializers.DictField()
    profile = serializers.DictField(allow_null=True)
    memberships = serializers.ListField(child=serializers.DictField())
