"""One error shape for the whole API: RFC 9457 problem details.

Every 4xx and 5xx an API view can return goes through here: the domain's
refusals (`core.errors`, mapped to a status in `DOMAIN_STATUS`), DRF's
validation errors (`errors` keyed by field), throttling (429 with
`Retry-After`) and database outages (503).
"""

import logging
import re
import sys
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from core.errors import (
    Conflict,
    DomainError,
    Gone,
    Invalid,
    NotFound,
    NotPermitted,
    TooLarge,
    Unprocessable,
    UnsupportedType,
)

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://docs.example.org/problems/"

# The one place a domain refusal becomes an HTTP status (the nearest class in
# the exception's MRO wins, so a new subclass inherits its parent's status).
DOMAIN_STATUS: dict[type[DomainError], int] = {
    DomainError: 400,
    Invalid: 400,
    TooLarge: 413,
    UnsupportedType: 415,
    NotPermitted: 403,
    NotFound: 404,
    Conflict: 409,
    Gone: 410,
    Unprocessable: 422,
}


def domain_status(exc: DomainError) -> int:
    return next(DOMAIN_STATUS[cls] for cls in type(exc).__mro__ if cls in DOMAIN_STATUS)


def domain_field_errors(exc: DomainError) -> dict[str, list[dict[str, str]]] | None:
    if not exc.errors:
        return None
    return {
        field: [{"code": code, "message": message} for code, message in entries]
        for field, entries in exc.errors.items()
    }


def status_code_name(status_code: int) -> str:
    """The code of a problem nothing more specific names: `not_found`..."""
    try:
        phrase = HTTPStatus(status_code).phrase
    except ValueError:
        return "error"
    return re.sub(r"\W+", "_", phrase.lower()).strip("_")


def status_title(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


def problem(
    status_code: int,
    detail: str,
    *,
    code: str | None = None,
    errors: dict[str, Any] | None = None,
) -> dict[str, Any]:
    code = code or status_code_name(status_code)
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": status_title(status_code),
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if errors:
        body["errors"] = errors
    return body


def _field_errors(detail: Any, prefix: str = "") -> dict[str, list[dict[str, str]]]:
    """Flatten DRF's nested ValidationError detail into {"field.sub": [{code, message}]}."""
    out: dict[str, list[dict[str, str]]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else "__all__"
            path = f"{prefix}.{name}" if prefix else str(name)
            for sub_key, sub_errors in _field_errors(value, path).items():
                out.setdefault(sub_key, []).extend(sub_errors)
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list) and not isinstance(
                item, exceptions.ErrorDetail
            ):
                for sub_key, sub_errors in _field_errors(
                    item, f"{prefix}[{index}]"
                ).items():
                    out.setdefault(sub_key, []).extend(sub_errors)
            else:
                out.setdefault(prefix or "__all__", []).append(
                    {"code": getattr(item, "code", "invalid"), "message": str(item)}
                )
    else:
        out.setdefault(prefix or "__all__", []).append(
            {"code": getattr(detail, "code", "invalid"), "message": str(detail)}
        )
    return out


def problem_exception_handler(
    exc: Exception, context: dict[str, Any]
) -> Response | None:
    headers: dict[str, str] = {}
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DatabaseError):
        if isinstance(exc, OperationalError | InterfaceError):
            logger.error("database unavailable: %s", exc)
            detail = "The database is unavailable; retry shortly."
            code = "database_unavailable"
        else:
            logger.exception("database error")
            detail = "The database could not complete the request."
            code = "database_error"
        set_rollback()
        return Response(
            problem(503, detail, code=code),
            status=503,
            content_type=PROBLEM_CONTENT_TYPE,
            headers={"Retry-After": "5"},
        )

    if isinstance(exc, DomainError):
        status_code = domain_status(exc)
        body = problem(
            status_code, exc.message, code=exc.code, errors=domain_field_errors(exc)
        )
        set_rollback()
        return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)

    if not isinstance(exc, exceptions.APIException):
        return None

    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]

    status_code = exc.status_code
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        first = next(iter(errors.items()), ("", [{"code": "invalid"}]))
        codes = {e["code"] for errs in errors.values() for e in errs}
        code = codes.pop() if len(codes) == 1 else "validation_error"
        body = problem(
            status.HTTP_400_BAD_REQUEST,
            "Invalid input: " + ", ".join(name for name in errors if name)
            if first[0]
            else "Invalid input.",
            code=code,
            errors=errors,
        )
    else:
        exc_codes = exc.get_codes()
        exc_code = exc_codes if isinstance(exc_codes, str) else None
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        body = problem(status_code, str(detail), code=exc_code)

    set_rollback()
    return Response(
        body, status=status_code, content_type=PROBLEM_CONTENT_TYPE, headers=headers
    )


def _json_problem(request: HttpRequest, status_code: int, detail: str) -> JsonResponse:
    return JsonResponse(
        problem(status_code, detail),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return _json_problem(request, 404, "No such resource.")


@csrf_exempt
def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any method on an unknown URL under /api/: a 404 problem.

    Without it such a request falls through to Wagtail's page serving, which
    answers in HTML, and a POST with a session cookie but no CSRF token gets
    Django's HTML CSRF page (403) instead of "no such resource".
    """
    return not_found(request)


def server_error(request: HttpRequest) -> JsonResponse:
    """Django's last resort, for what no API view handled (allauth, the admin,
    middleware). A database outage there is a 503 to retry, as in the API."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        response = _json_problem(
            request, 503, "The database is unavailable; retry shortly."
        )
        response["Retry-After"] = "5"
        return response
    return _json_problem(request, 500, "The server could not complete the request.")


def bad_request(
    request: HttpRequest, exception: Exception | None = None
) -> JsonResponse:
    return _json_problem(request, 400, "The request could not be understood.")


def permission_denied(
    request: HttpRequest, exception: Exception | None = None
) -> JsonResponse:
    return _json_problem(request, 403, "You may not do this.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A failed CSRF check: a 403 problem under /api/ (allauth's browser
    client), Django's own page elsewhere (the admin's forms)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            problem(
                403,
                "CSRF check failed: send the csrftoken cookie's value as X-CSRFToken.",
                code="csrf_failed",
            ),
            status=403,
            content_type=PROBLEM_CONTENT_TYPE,
        )
    from django.views.csrf import csrf_failure as django_csrf_failure

    return django_csrf_failure(request, reason)
