"""`limit`/`offset` pagination that rejects bad values instead of guessing
(`api.params.PaginationParams`)."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.request import Request

from .params import DEFAULT_LIMIT, MAX_LIMIT, PaginationParams


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def __init__(self, *, count: Callable[[Any], int] | None = None) -> None:
        # How the whole listing is counted (`api.caching.kept_count`), if not
        # by asking the database each time.
        self._count = count
        self._validated: dict[str, Any] | None = None

    def _params(self, request: Request) -> dict[str, Any]:
        """`limit` and `offset` as `PaginationParams` validates them (once)."""
        if self._validated is None:
            # The QueryDict itself: DRF's form rules make `?limit=` absent.
            serializer = PaginationParams(data=request.query_params)
            serializer.is_valid(raise_exception=True)
            self._validated = dict(serializer.validated_data)
        return self._validated

    def get_count(self, queryset: Any) -> int:
        return self._count(queryset) if self._count else super().get_count(queryset)

    def get_limit(self, request: Request) -> int:
        limit: int = self._params(request).get("limit", self.default_limit)
        return limit

    def get_offset(self, request: Request) -> int:
        offset: int = self._params(request).get("offset", 0)
        return offset

    def paginate_queryset(
        self, queryset: QuerySet[Any] | list[Any], request: Request, view: Any = None
    ) -> list[Any]:
        # Validate before counting so a bad value never costs a query.
        self._params(request)
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
