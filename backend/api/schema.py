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


def inline_discriminators(result: dict, **kwargs: object) -> dict:
    """Give each union member's `type` its literal value, inline.

    Runs after drf-spectacular's enum hook, so the one-value enums of
    discriminators are not turned into hundreds of enum components. A
    `...ListItem` variant (listings trimmed by `fields`) keeps only `id` and
    `type` required.
    """

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "x-discriminator-value" in node:
                node["enum"] = [node.pop("x-discriminator-value")]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("ListItem") and "required" in component:
            component["required"] = [
                f for f in component["required"] if f in ("id", "type")
            ]
    return result
