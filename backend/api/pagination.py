"""`limit`/`offset` pagination that rejects bad values instead of guessing."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


def _parse_non_negative(
    request: Request, name: str, default: int, minimum: int, maximum: int | None
) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError(
            {name: [f"Must be an integer, not {raw!r}."]}, code="invalid"
        ) from None
    if value < minimum or (maximum is not None and value > maximum):
        bound = (
            f"between {minimum} and {maximum}"
            if maximum is not None
            else f"at least {minimum}"
        )
        raise ValidationError({name: [f"Must be {bound}."]}, code="out_of_range")
    return value


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def get_limit(self, request: Request) -> int:
        return _parse_non_negative(
            request, self.limit_query_param, self.default_limit, 1, self.max_limit
        )

    def get_offset(self, request: Request) -> int:
        return _parse_non_negative(request, self.offset_query_param, 0, 0, None)

    def paginate_queryset(
        self, queryset: QuerySet[Any] | list[Any], request: Request, view: Any = None
    ) -> list[Any]:
        # Validate before counting so a bad value never costs a query.
        self.get_limit(request)
        self.get_offset(request)
        # DRF slices lists as well as querysets; its stubs name only querysets.
        page = super().paginate_queryset(queryset, request, view)  # type: ignore[arg-type]
        return page or []

    def envelope(self, results: list[Any]) -> dict[str, Any]:
        """The listing body every paginated endpoint sends (`paginated()`'s shape)."""
        return {
            "count": self.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": results,
        }

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        return response


def paginated(name: str, results: Any) -> type:
    """A named `{count, next, previous, results}` serializer for the schema."""
    from rest_framework import serializers

    attrs = {
        "count": serializers.IntegerField(help_text="Items in the whole listing."),
        "next": serializers.URLField(
            allow_null=True, help_text="The next page, or null."
        ),
        "previous": serializers.URLField(
            allow_null=True, help_text="The previous page, or null."
        ),
        "results": results,
        "__module__": __name__,
    }
    return type(f"Paginated{name}ListSerializer", (serializers.Serializer,), attrs)
