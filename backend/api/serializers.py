"""Serializers shared by every part of the API (errors, the API root)."""

from typing import Any

from django_countries import countries
from rest_framework import serializers

# ISO 3166-1 alpha-2, in capitals, exactly the codes the models' CountryFields
# store (django-countries' list). One `CountryCodeEnum` in the contract.
COUNTRY_CODES = tuple(code for code, _name in countries)


class StrictCharField(serializers.CharField):
    """A JSON string only: DRF's CharField would turn 0 into "0"."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        # DRF trims before it checks the length, and answers "" for a string
        # of blanks of any length: the schema's maxLength is about the input.
        if (
            isinstance(data, str)
            and self.max_length is not None
            and len(data) > self.max_length
        ):
            self.fail("max_length", max_length=self.max_length)
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class CountryCodeField(serializers.ChoiceField):
    """A country as its ISO 3166-1 alpha-2 code in capitals (`GH`).

    As strict as the contract's enum: `gh`, `ZZ` and non-strings are 400s
    naming the field (a frontend sends and receives the models' codes).
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "ISO 3166-1 alpha-2 country code, in capitals.")
        super().__init__(choices=COUNTRY_CODES, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        if data == "" and self.allow_blank:
            return ""
        if not isinstance(data, str) or data not in self.choices:
            raise serializers.ValidationError(
                "Not an ISO 3166-1 alpha-2 country code in capitals (GH, FR).",
                code="invalid_country",
            )
        return data

    def to_representation(self, value: Any) -> str:
        return str(getattr(value, "code", value) or "")


class OptionalTextField(serializers.CharField):
    """Text that may be absent: `null`, never `""`, when there is none."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value: Any) -> str | None:  # type: ignore[override]
        text = super().to_representation(value) if value is not None else ""
        return text or None


class StrictBooleanField(serializers.BooleanField):
    """A JSON `true`/`false` only: the schema says boolean, so 0, 1, "yes" are 400s."""

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)
        raise AssertionError("unreachable")


class ProblemFieldErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable error code.")
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, the body of every error response."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField(
        help_text=(
            "Stable machine-readable code (`not_found`, `unknown_parameter`, "
            "`throttled`...); always present."
        )
    )
    # DRF's metaclass takes declared fields off the class, so this does not
    # shadow `Serializer.errors`; the stubs cannot see that.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=ProblemFieldErrorSerializer(many=True),
        required=False,
        help_text="Validation errors keyed by field name (dotted for nested fields).",
    )


class FeedLinkSerializer(serializers.Serializer):
    """One feed, in its three formats: a section's (`section`) or a tag's (`tag`)."""

    section = serializers.CharField(
        allow_null=True, help_text="The section's slug, e.g. `solidarity-statements`."
    )
    tag = serializers.CharField(allow_null=True, help_text="The tag's slug.")
    title = serializers.CharField()
    rss = serializers.URLField(help_text="RSS 2.0.")
    atom = serializers.URLField(help_text="Atom 1.0.")
    json = serializers.URLField(help_text="JSON Feed 1.1.")


class ApiRootSerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()
    links = serializers.DictField(child=serializers.URLField())
    feeds = FeedLinkSerializer(
        many=True, help_text="RSS, Atom and JSON feeds of every section and tag."
    )
