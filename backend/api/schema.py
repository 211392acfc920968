"""Reusable OpenAPI pieces: the error responses every operation can return."""

import re
from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.permissions import AllowAny

from .serializers import ProblemSerializer

PROBLEM = OpenApiResponse(response=ProblemSerializer, description="Problem details")

# Every POST that creates something takes it (api.idempotency.idempotent).
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="A retry with the same key returns the first result.",
)


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


NULL_SCHEMA = {"enum": [None], "nullable": True}


def nullable_references(result: dict, **kwargs: object) -> dict:
    """Make "this object, or null" mean that under strict OpenAPI 3.0 rules.

    drf-spectacular writes a nullable reference as `allOf: [$ref]` beside
    `nullable: true`; OpenAPI 3.0.3 says `nullable` only widens a `type` in
    the same schema, so strict validators (openapi-core, openapi-schema-
    validator, generated Java/Kotlin clients) reject the `null` the API
    sends. `oneOf: [$ref, {enum: [null]}]` means the same thing to every
    tool, and openapi-typescript still emits `Image | null`.
    """

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            node = {key: walk(value) for key, value in node.items()}
            all_of = node.get("allOf")
            if node.get("nullable") is True and "type" not in node and all_of:
                node.pop("nullable")
                node.pop("allOf")
                node["oneOf"] = [*all_of, dict(NULL_SCHEMA)]
            return node
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node

    result["components"] = walk(result.get("components", {}))
    result["paths"] = walk(result.get("paths", {}))
    return result


def empty_query_values(result: dict, **kwargs: object) -> dict:
    """Document that an empty optional query parameter counts as absent.

    DRF reads query strings with HTML-form rules (`?limit=&type=` is the
    same as no `limit` or `type`), and pagination and `renditions` do the
    same; say so, so clients and fuzzers know `?limit=` is not a 400.
    """
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return result


def comma_separated_arrays(result: dict, **kwargs: object) -> dict:
    """An array in the query string is one comma-separated value.

    `renditions=small,large` (form style, not exploded), which is what the
    views parse; OpenAPI's default would be `renditions=small&renditions=large`.
    """
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if (
                    parameter.get("in") == "query"
                    and parameter.get("schema", {}).get("type") == "array"
                ):
                    parameter["style"] = "form"
                    parameter["explode"] = False
    return result


ALLAUTH_PREFIX = "Allauth"
_COMPONENT_SECTIONS = (
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "examples",
    "headers",
)


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {
            key: renames.get(value, value)
            if key == "$ref" and isinstance(value, str)
            else _rename_refs(value, renames)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rename_refs(item, renames) for item in node]
    return node


def _allauth_operation_id(path: str, method: str) -> str:
    """`/api/v1/auth/{client}/v1/auth/login` + post -> `auth_login_post`."""
    tail = path.split("/v1/")[-1].removeprefix("auth/")
    return "auth_" + re.sub(r"\W+", "_", tail).strip("_") + "_" + method


UNSAFE_METHODS = ("post", "put", "patch", "delete")
PROBLEM_CONTENT = {
    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
}


def _allauth_response(
    spec: dict[str, Any], name: str, description: str | None = None
) -> dict[str, Any]:
    """A copy of one of allauth's response components (to add content to it)."""
    import copy

    response = copy.deepcopy(
        spec["components"]["responses"][name.removeprefix(ALLAUTH_PREFIX)]
    )
    if description:
        response["description"] = description
    return response


def _with_problem(response: dict[str, Any] | None, description: str) -> dict[str, Any]:
    response = dict(response or {"description": description})
    response["content"] = {**response.get("content", {}), **PROBLEM_CONTENT}
    return response


def _document_allauth_edges(
    spec: dict[str, Any], path: str, method: str, operation: dict[str, Any]
) -> None:
    """Add what our edge and allauth's own limits answer to an allauth operation.

    allauth's document lists the outcomes of each flow; in front of it sit
    api.middleware (404 problem for an unknown `{client}`, 400 problem for
    a JSON body nested too deep, and allauth's 400 for a body that is not a
    JSON object), Django's CSRF check for the browser client (403 problem),
    allauth's rate limits (429) and the database outage answer (503 problem).
    Every allauth operation but `config` says 401 when no one is signed in.
    """
    responses = operation.setdefault("responses", {})
    # `$ref` responses are inlined so a second content type can join them.
    for code, response in list(responses.items()):
        ref = response.get("$ref", "")
        if ref:
            responses[code] = _allauth_response(spec, ref.rsplit("/", 1)[-1])
    if "requestBody" in operation:
        responses["400"] = _with_problem(
            responses.get("400") or _allauth_response(spec, "AllauthError"),
            "An input error occurred.",
        )
    if not path.endswith("/config") and "401" not in responses:
        responses["401"] = _allauth_response(
            spec, "AllauthUnauthenticated", "No one is signed in."
        )
    if method in UNSAFE_METHODS and "{client}" in path:
        responses["403"] = _with_problem(
            responses.get("403"),
            "Forbidden: for the browser client, a missing or wrong CSRF token "
            "(problem details).",
        )
    responses["404"] = _with_problem(
        responses.get("404"), "Not found: e.g. a `client` other than app or browser."
    )
    if method in UNSAFE_METHODS and "429" not in responses:
        responses["429"] = _allauth_response(
            spec, "AllauthTooManyRequests", "Too many requests: see `Retry-After`."
        )
    responses["503"] = _with_problem(
        responses.get("503"), "The database is unavailable; retry after `Retry-After`."
    )
    operation["responses"] = dict(sorted(responses.items()))


def merge_allauth_spec(
    result: dict[str, Any], generator: object, request: object, public: bool
) -> dict[str, Any]:
    """Add allauth's headless API (sign-up, sign-in, reset...) to our document.

    allauth ships its own OpenAPI 3.0 document for exactly the settings in
    use; its components are prefixed (`AllauthUser`) so they never collide
    with ours, and its tags come first so the account flows read as a group.
    """
    from allauth.headless.spec.internal.schema import get_schema

    spec = get_schema()
    renames: dict[str, str] = {}
    components = spec.get("components", {})
    for section in _COMPONENT_SECTIONS:
        for name in components.get(section, {}):
            renames[f"#/components/{section}/{name}"] = (
                f"#/components/{section}/{ALLAUTH_PREFIX}{name}"
            )
    spec = _rename_refs(spec, renames)
    components = spec.get("components", {})

    ours = result.setdefault("components", {})
    for section in _COMPONENT_SECTIONS:
        for name, value in components.get(section, {}).items():
            ours.setdefault(section, {})[ALLAUTH_PREFIX + name] = value
    for name, value in components.get("securitySchemes", {}).items():
        ours.setdefault("securitySchemes", {}).setdefault(name, value)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            if "operationId" not in operation:
                operation["operationId"] = _allauth_operation_id(path, method)
            _document_allauth_edges(spec, path, method, operation)
    result["paths"] = {**result.get("paths", {}), **spec["paths"]}
    known = {tag["name"] for tag in result.get("tags", [])}
    result["tags"] = [
        *result.get("tags", []),
        *(tag for tag in spec.get("tags", []) if tag["name"] not in known),
    ]
    return result


# One line per operation, for the docs' sidebars and generated clients.
SUMMARIES = {
    "api_root": "Links to every endpoint",
    "changes_list": "Changes to public pages since a cursor",
    "grants_applications_list": "List my grant applications",
    "grants_applications_create": "Start a grant application",
    "grants_applications_retrieve": "Get one of my grant applications",
    "grants_applications_partial_update": "Edit a draft grant application",
    "grants_applications_attachments_create": "Attach a document to a draft",
    "grants_applications_attachments_retrieve": "Download an attachment",
    "grants_applications_attachments_destroy": "Remove an attachment",
    "grants_applications_submit": "Submit a grant application",
    "grants_applications_withdraw": "Withdraw a grant application",
    "images_retrieve": "Get an image and its renditions",
    "me_retrieve": "Get my profile",
    "me_partial_update": "Edit my profile",
    "me_destroy": "Erase my account",
    "me_export_retrieve": "Download my personal data",
    "me_membership_retrieve": "Get my membership",
    "membership_applications_create": "Apply for membership",
    "navigation_retrieve": "Get the navigation menu",
    "pages_list": "List published pages",
    "pages_retrieve": "Get a page",
    "pages_resolve": "Find the page or redirect at a frontend path",
    "pages_preview": "Get the draft being previewed",
    "redirects_list": "List redirects",
    "site_retrieve": "Get site-wide settings",
    "sitemap_list": "List every published path",
}


def operation_summaries(result: dict[str, Any], **kwargs: object) -> dict[str, Any]:
    """Give every operation of ours its summary (allauth's have their own)."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or operation.get("summary"):
                continue
            summary = SUMMARIES.get(operation.get("operationId", ""))
            if summary:
                operation["summary"] = summary
    return result


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema, saying which operations anyone may call.

    An operation whose permissions all admit an anonymous request lists the
    empty security requirement (`{}`) beside the schemes: a client may call
    it with no credentials, and signing in only changes what it sees
    (members-only bodies). drf-spectacular knows this only for `AllowAny`.
    """

    def get_auth(self) -> list[dict[str, list[str]]]:
        auths = super().get_auth()
        permissions = self.view.get_permissions()
        if {} not in auths and all(
            isinstance(permission, AllowAny)
            or getattr(permission, "allows_anonymous", False)
            for permission in permissions
        ):
            auths.append({})
        return auths
