"""Grants: schemes, rounds, awards, 360Giving, and applicants' applications."""

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from api.content.fields import PageRefField
from api.serializers import CountryCodeField, StrictCharField
from core.errors import FieldErrors, Invalid
from grants import selectors as grant_selectors
from grants.models import (
    Application,
    ApplicationAttachment,
    Currency,
    GrantRound,
    GrantSchemePage,
    OrganisationType,
    SchemeKind,
)
from grants.paths import frontend_path
from grants.status import RoundStatus
from grants.threesixtygiving import grant_identifier
from grants.workflow import ApplicationStatus

MONEY: dict[str, Any] = {
    "max_digits": 12,
    "decimal_places": 2,
    "coerce_to_string": True,
}


class GrantRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    opens_at = serializers.SerializerMethodField(
        help_text="ISO 8601 with the offset of `timezone`."
    )
    closes_at = serializers.SerializerMethodField(
        help_text="The deadline: ISO 8601 with the offset of `timezone`."
    )
    timezone = serializers.CharField(help_text="IANA zone name, e.g. Europe/London.")
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField(
        help_text="How to show `status` to readers."
    )
    budget = serializers.DecimalField(allow_null=True, **MONEY)

    @extend_schema_field(serializers.DateTimeField())
    def get_opens_at(self, obj: GrantRound) -> str:
        return timezone.localtime(obj.opens_at, obj.zone).isoformat()

    @extend_schema_field(serializers.DateTimeField())
    def get_closes_at(self, obj: GrantRound) -> str:
        return timezone.localtime(obj.closes_at, obj.zone).isoformat()

    @extend_schema_field(serializers.ChoiceField(choices=RoundStatus.choices))
    def get_status(self, obj: GrantRound) -> str:
        return self._status(obj).value

    def get_status_label(self, obj: GrantRound) -> str:
        return str(self._status(obj).label)

    def _status(self, obj: GrantRound) -> RoundStatus:
        return obj.status_at(self.context.get("now") or timezone.now())


class GrantSchemeRefSerializer(serializers.Serializer):
    """The scheme of an applicant's own application, published or not (a
    PageLink would be null once the page is withdrawn)."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=SchemeKind.choices)
    currency = serializers.ChoiceField(choices=Currency.choices)
    path = serializers.SerializerMethodField()

    def get_path(self, obj: GrantSchemePage) -> str:
        return frontend_path(obj)


class GrantRoundListItemSerializer(GrantRoundSerializer):
    scheme = PageRefField(source="scheme_id")


class GrantContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.CharField()


class GrantAwardSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    identifier = serializers.SerializerMethodField(help_text="The 360Giving id.")
    title = serializers.CharField(source="project_title")
    recipient_organisation = serializers.CharField(source="organisation_name")
    recipient_country = CountryCodeField(
        source="organisation_country", allow_blank=True
    )
    amount_awarded = serializers.DecimalField(**MONEY)
    currency = serializers.CharField(source="round.scheme.currency")
    awarded_on = serializers.SerializerMethodField()
    scheme = PageRefField(
        source="round.scheme_id",
        allow_null=True,
        help_text="Null once the scheme's page is no longer published.",
    )
    round = serializers.CharField(source="round.name")

    def get_identifier(self, obj: Application) -> str:
        return grant_identifier(obj)

    @extend_schema_field(serializers.DateField())
    def get_awarded_on(self, obj: Application) -> str | None:
        return obj.decided_at.date().isoformat() if obj.decided_at else None


class ThreeSixtyGivingPublisherSerializer(serializers.Serializer):
    name = serializers.CharField()
    identifier = serializers.CharField(required=False)


class ThreeSixtyGivingPackageSerializer(serializers.Serializer):
    """A 360Giving Data Standard 1.4 package; each grant follows its grant schema."""

    version = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    identifier = serializers.CharField()
    issued = serializers.DateField()
    modified = serializers.DateTimeField()
    publisher = ThreeSixtyGivingPublisherSerializer()
    license = serializers.URLField()
    grants = serializers.ListField(
        child=serializers.DictField(),
        help_text="Grants per https://standard.threesixtygiving.org/en/1.4/",
    )


# Applications


class GrantApplicationOrganisationSerializer(serializers.Serializer):
    """The applicant organisation as read back: every field is always there."""

    name = serializers.CharField(source="organisation_name")
    type = serializers.ChoiceField(
        source="organisation_type", choices=OrganisationType.choices, allow_blank=True
    )
    country = CountryCodeField(source="organisation_country", allow_blank=True)
    identifier = serializers.CharField(source="organisation_identifier")


@extend_schema_serializer(component_name="GrantApplicationOrganisation")
class GrantApplicationOrganisationWriteSerializer(serializers.Serializer):
    """What a draft may set (all optional; the request schema is
    `GrantApplicationOrganisationRequest`)."""

    name = StrictCharField(
        source="organisation_name", max_length=255, allow_blank=True, required=False
    )
    type = serializers.ChoiceField(
        source="organisation_type",
        choices=OrganisationType.choices,
        allow_blank=True,
        required=False,
    )
    country = CountryCodeField(
        source="organisation_country", allow_blank=True, required=False
    )
    identifier = StrictCharField(
        source="organisation_identifier",
        max_length=100,
        allow_blank=True,
        required=False,
        help_text="An org-id.guide identifier such as GB-CHC-1234567.",
    )


class GrantApplicationPartnerSerializer(serializers.Serializer):
    name = StrictCharField(max_length=255)
    country = CountryCodeField()


class GrantAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    download = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField())
    def get_download(self, obj: ApplicationAttachment) -> str:
        return settings.BACKEND_BASE_URL + reverse(
            "api:grants-attachment-detail",
            kwargs={"pk": obj.application_id, "attachment_pk": obj.pk},
        )


class GrantAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A PDF, DOCX or ODT document.")


class GrantDecisionSerializer(serializers.Serializer):
    amount_awarded = serializers.DecimalField(allow_null=True, **MONEY)
    decided_at = serializers.DateTimeField()
    reason = serializers.CharField(source="decision_reason")


class GrantApplicationEventSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        source="to_status", choices=ApplicationStatus.choices
    )
    at = serializers.DateTimeField()


class GrantApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField(source="round_id")
    scheme = GrantSchemeRefSerializer(source="round.scheme")
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    organisation = GrantApplicationOrganisationSerializer(source="*")
    project_title = serializers.CharField()
    summary = serializers.CharField()
    partners = GrantApplicationPartnerSerializer(many=True)
    amount_requested = serializers.DecimalField(allow_null=True, **MONEY)
    currency = serializers.CharField(source="round.scheme.currency")
    answers = serializers.DictField(child=serializers.JSONField())
    attachments = GrantAttachmentSerializer(many=True, source="attachments.all")
    submitted_at = serializers.DateTimeField(allow_null=True)
    decision = serializers.SerializerMethodField()
    history = GrantApplicationEventSerializer(many=True, source="events.all")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(GrantDecisionSerializer(allow_null=True))
    def get_decision(self, obj: Application) -> dict[str, Any] | None:
        if obj.decided_at is None:
            return None
        return GrantDecisionSerializer(obj).data


class VisibleRoundField(serializers.PrimaryKeyRelatedField):
    """A round of a published, public scheme; any other id is "does not exist"."""

    def get_queryset(self) -> Any:
        # Per request: which schemes are public is read from the database now.
        return grant_selectors.rounds_open_to_drafts()


class GrantApplicationWriteSerializer(serializers.Serializer):
    """A draft's fields; on PATCH every field is optional."""

    round = VisibleRoundField(queryset=GrantRound.objects.none())
    organisation = GrantApplicationOrganisationWriteSerializer(
        source="*", required=False
    )
    project_title = StrictCharField(max_length=255, allow_blank=True, required=False)
    summary = StrictCharField(allow_blank=True, required=False, max_length=5000)
    partners = GrantApplicationPartnerSerializer(  # type: ignore[call-arg]
        many=True, required=False, max_length=20
    )
    amount_requested = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        allow_null=True,
        required=False,
        help_text="A decimal string in the scheme's currency.",
    )
    answers = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="Answers keyed by question id (see the scheme's `questions`).",
    )

    def validate_partners(self, value: list[dict[str, Any]]) -> list[dict[str, str]]:
        # On PATCH DRF makes nested fields optional too; a partner still
        # needs both (a missing one was a KeyError, a 500).
        errors: FieldErrors = {
            f"partners[{index}].{name}": [("required", "Required.")]
            for index, partner in enumerate(value)
            for name in ("name", "country")
            if not partner.get(name)
        }
        if errors:
            raise Invalid("Every partner needs a name and a country.", errors=errors)
        return [{"name": p["name"], "country": str(p["country"])} for p in value]
