"""Query parameters: declared once as a serializer, validated and documented from it.

Every endpoint's parameters are a `serializers.Serializer` (named in its
`extend_schema(parameters=[...])`) and `parse()` is the one place they are
checked: an unknown name or a bad value is a 400 problem naming the
parameter, before anything is read.
"""

from __future__ import annotations

import functools
from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


def reject_unknown(request: Request, allowed: set[str] | frozenset[str]) -> None:
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise ValidationError(
            {
                name: [f"Unknown query parameter. Known: {', '.join(sorted(allowed))}."]
                for name in unknown
            },
            code="unknown_parameter",
        )


@functools.cache
def parameter_names(serializer_class: type[serializers.Serializer]) -> frozenset[str]:
    """The parameters `serializer_class` declares (read once per class: an
    instance deep-copies every declared field)."""
    return frozenset(serializer_class().fields)


def parse(
    serializer_class: type[serializers.Serializer], request: Request
) -> dict[str, Any]:
    """The request's query parameters as `serializer_class` validates them."""
    reject_unknown(request, parameter_names(serializer_class))
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class NoParams(serializers.Serializer):
    """An endpoint that takes no query parameters."""


class PaginationParams(serializers.Serializer):
    """`limit` and `offset` of every paginated listing (`api.pagination`)."""

    limit = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_LIMIT,
        help_text=f"Page size (default {DEFAULT_LIMIT}, max {MAX_LIMIT}).",
    )
    offset = serializers.IntegerField(
        required=False, min_value=0, help_text="Items to skip."
    )
