"""Reusable OpenAPI pieces: the error responses every operation can return."""

from drf_spectacular.utils import OpenApiResponse

from .serializers import ProblemSerializer

PROBLEM = OpenApiResponse(response=ProblemSerializer, description="Problem details")


def problems(*codes: int) -> dict[tuple[int, str], OpenApiResponse]:
    """Problem responses for the given status codes, plus 429 and 503 always."""
    return {
        (code, "application/problem+json"): PROBLEM
        for code in sorted({*codes, 429, 503})
    }


def only_public_api(
    endpoints: list[tuple[str, str, str, object]], **kwargs: object
) -> list:
    """Keep the public API; Wagtail's internal admin API is not part of the contract."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
