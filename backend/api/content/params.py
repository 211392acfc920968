"""Query parameters of the content endpoints (`api.params` parses them)."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from api.params import PaginationParams, parameter_names
from api.serializers import CountryCodeField
from content import models as content_models
from content.selectors import ORDERINGS

from .images import parse_rendition_names
from .serializers import PAGE_SERIALIZERS, page_types

SEARCH_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


def _rendition_names_schema() -> dict[str, Any]:
    from django.conf import settings

    return {
        "type": "array",
        "items": {"type": "string", "enum": list(settings.API_IMAGE_RENDITIONS)},
    }


@extend_schema_field(_rendition_names_schema())
class RenditionNamesField(serializers.Field):
    """`renditions=small,large`: an array of names, comma-separated (form style,
    not exploded; api.schema.comma_separated_arrays says so in the contract),
    as a list in the order of API_IMAGE_RENDITIONS; empty means the default."""

    default_error_messages = {
        "invalid": "Give rendition names, comma-separated.",
    }

    def to_internal_value(self, data: Any) -> list[str]:
        if not isinstance(data, str):
            self.fail("invalid")
        return parse_rendition_names(data)

    def to_representation(self, value: Any) -> Any:
        return value


@extend_schema_field({"type": "string", "minLength": 1})
class PageTypesField(serializers.Field):
    """`type=strategy_update,event`: page type names, comma-separated, as a
    list in the order given (each once); an unknown name, or none, is a 400."""

    default_error_messages = {
        "invalid": "Give page type names, comma-separated.",
        "unknown_type": "Unknown page type(s): {unknown}. Known: {known}.",
    }

    def to_internal_value(self, data: Any) -> list[str]:
        if not isinstance(data, str):
            self.fail("invalid")
        known = page_types()
        names = list(dict.fromkeys(n.strip() for n in data.split(",") if n.strip()))
        unknown = [name for name in names if name not in known]
        if unknown or not names:
            self.fail(
                "unknown_type",
                unknown=", ".join(unknown) or "(empty)",
                known=", ".join(sorted(known)),
            )
        return names

    def to_representation(self, value: Any) -> Any:
        return value


class RenditionsParams(serializers.Serializer):
    renditions = RenditionNamesField(
        required=False,
        help_text="Comma-separated rendition names for every image in the response (see `API_IMAGE_RENDITIONS`), without spaces; absent or empty means the default set (thumbnail, small, medium, large).",
    )


def renditions(query: dict[str, Any]) -> list[str]:
    """The rendition names a parsed query asks for (absent: the default set)."""
    names: list[str] | None = query.get("renditions")
    return names if names is not None else parse_rendition_names(None)


class PageListParams(RenditionsParams, PaginationParams):
    """`pages/`'s parameters. Those not in `common_parameters` belong to one
    page type each and are applied by its FilterSet (`page_type(filters=)`;
    a test holds the two to each other)."""

    common_parameters = (
        "renditions",
        "type",
        "child_of",
        "descendant_of",
        "tag",
        "search",
        "published_after",
        "published_before",
        "locale",
        "order",
        "fields",
        "limit",
        "offset",
    )
    type = PageTypesField(
        required=False,
        help_text="Page types, comma-separated, e.g. `strategy_update,solidarity_statement`.",
    )
    child_of = serializers.IntegerField(
        required=False, min_value=1, help_text="Only direct children of this page id."
    )
    descendant_of = serializers.IntegerField(
        required=False, min_value=1, help_text="Only pages below this page id."
    )
    tag = serializers.CharField(
        required=False,
        max_length=100,
        help_text="Only pages with this tag (exact name).",
    )
    search = serializers.CharField(
        required=False,
        max_length=200,
        help_text="Full-text search; results ranked by relevance unless `order` is given.",
    )
    published_after = serializers.DateTimeField(
        required=False, help_text="First published at or after (ISO 8601)."
    )
    published_before = serializers.DateTimeField(
        required=False, help_text="First published before (ISO 8601)."
    )
    locale = serializers.CharField(
        required=False, max_length=20, help_text="Language code, e.g. `en`."
    )
    order = serializers.ChoiceField(
        required=False,
        choices=list(ORDERINGS),
        help_text="Sort order; default tree order (`path`). `-date` is newest "
        "first by the content's own date (see the `date` field).",
    )
    # Taken off the class by DRF's metaclass (no shadowing of `fields`).
    fields = serializers.CharField(  # type: ignore[assignment]
        required=False,
        help_text="Comma-separated top-level fields to include (`id` and `type` always are); `*` for all. Default: id, type, title, slug, summary, listing_image, path, url, date, tags, meta, and the card fields of each item's type (as in `PageCard`).",
    )
    country = CountryCodeField(
        required=False,
        help_text="Solidarity statements concerning this ISO 3166-1 alpha-2 country code (capitals).",
    )
    event_kind = serializers.ChoiceField(
        required=False,
        choices=content_models.EventKind.choices,
        help_text="Solidarity statements of this kind.",
    )
    status = serializers.ChoiceField(
        required=False,
        choices=content_models.AwardStatus.choices,
        help_text="Awards with this status.",
    )
    milestone = serializers.ChoiceField(
        required=False,
        choices=content_models.StrategyMilestone.choices,
        help_text="Strategy updates at this milestone.",
    )

    def validate_search(self, value: str) -> str:
        # Words only: quotes, operators and control characters mean something
        # to the database's full-text syntax (SQLite FTS5, PostgreSQL tsquery)
        # and are not what a reader types to find a page.
        words = " ".join(SEARCH_WORD.findall(value))
        if not words:
            raise ValidationError(
                "Give at least one word to search for.", code="invalid_search"
            )
        return words

    def validate_fields(self, value: str) -> set[str] | None:
        """The fields named (`*`: every field, None), each one some type has."""
        if value.strip() == "*":
            return None
        names = {name.strip() for name in value.split(",") if name.strip()}
        known = frozenset().union(*map(parameter_names, PAGE_SERIALIZERS.values()))
        unknown = sorted(names - known)
        if unknown:
            raise ValidationError(
                f"Unknown field(s): {', '.join(unknown)}.", code="unknown_field"
            )
        return names

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "child_of" in attrs and "descendant_of" in attrs:
            raise ValidationError(
                {"child_of": ["Use either child_of or descendant_of."]}, code="conflict"
            )
        return attrs


# Without `fields`, each item also carries its type's card fields
# (`serializers.card_fields`: the date, and e.g. an event's start and venue).
DEFAULT_LIST_FIELDS = {
    "id",
    "type",
    "title",
    "slug",
    "summary",
    "listing_image",
    "path",
    "url",
    "date",
    "tags",
    "meta",
}
