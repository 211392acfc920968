"""The edge of /api/: unknown URLs, unsupported methods and hostile JSON bodies.

Runs before CommonMiddleware (APPEND_SLASH), the CSRF check and any view,
so for every path under /api/ and every method:

- a URL that matches no API route (allauth's included) is a 404 problem,
  never an "append slash" redirect or 500, Wagtail's HTML or a CSRF page;
- a 405 is a problem that keeps its `Allow` header;
- allauth's bare 400 for a body that is not a JSON object is a JSON error
  in allauth's shape (`{"status": 400, "errors": [...]}`);
- a JSON body nested deeper than `MAX_JSON_DEPTH` is a 400 problem before
  any parser sees it. Python's parser raises RecursionError (a 500) on
  100,000 levels, and allauth's views parse bodies themselves.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve

from .errors import PROBLEM_CONTENT_TYPE, problem

API_PREFIX = "/api/"
MAX_JSON_DEPTH = 32
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Routes that match anything, so matching them is matching nothing.
CATCH_ALLS = {"wagtail_serve", "api-not-found"}


def _problem(status: int, detail: str, *, code: str | None = None) -> JsonResponse:
    return JsonResponse(
        problem(status, detail, code=code),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether `value` nests containers deeper than `limit` (iteratively)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _too_deep(request: HttpRequest) -> bool:
    if request.method not in BODY_METHODS or "json" not in (request.content_type or ""):
        return False
    body = request.body
    if not body:
        return False
    try:
        value = json.loads(body)
    except RecursionError:
        return True
    except ValueError:
        return False  # malformed: the view's parser names the problem
    return json_depth_exceeds(value, MAX_JSON_DEPTH)


class ApiEdgeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is None or match.url_name in CATCH_ALLS:
            return _problem(404, "No such resource.")
        allowed = _allowed_methods(match.func)
        if allowed and request.method not in allowed:
            return _not_allowed(request, ", ".join(allowed))
        if _too_deep(request):
            return _problem(
                400,
                f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.",
                code="too_deeply_nested",
            )
        response = self.get_response(request)
        if _is_allauth(match.func) and _bare_bad_request(response):
            # allauth answers a body that is not a JSON object (`0`, `[]`)
            # with an empty text/html 400; say it in allauth's error shape.
            return JsonResponse(
                {
                    "status": 400,
                    "errors": [
                        {
                            "code": "invalid",
                            "message": "The body must be a JSON object.",
                        }
                    ],
                },
                status=400,
            )
        if response.status_code == 405 and not response.get(
            "Content-Type", ""
        ).startswith(PROBLEM_CONTENT_TYPE):
            return _not_allowed(request, response.get("Allow", ""))
        return response


def _is_allauth(view: Any) -> bool:
    """allauth's view, or one of ours that extends it (`api.accounts`)."""
    view_class = getattr(view, "view_class", None)
    classes = view_class.__mro__ if view_class is not None else ()
    return any(
        module.startswith("allauth.")
        for module in (
            getattr(view, "__module__", ""),
            *(c.__module__ for c in classes),
        )
    )


def _bare_bad_request(response: HttpResponse) -> bool:
    return response.status_code == 400 and "json" not in response.get(
        "Content-Type", ""
    )


def _allowed_methods(view: Any) -> list[str] | None:
    """The methods a plain Django class-based view implements (allauth's).

    allauth validates a body before it dispatches on the method, so a PUT to
    its POST-only login was a 400 "email is required". DRF views (`cls`)
    answer 405 with `Allow` themselves.
    """
    view_class = getattr(view, "view_class", None)
    if view_class is None or hasattr(view, "cls"):
        return None
    allowed = [
        method.upper()
        for method in view_class.http_method_names
        if hasattr(view_class, method)
    ]
    if "GET" in allowed and "HEAD" not in allowed:
        allowed.append("HEAD")
    return allowed


def _not_allowed(request: HttpRequest, allow: str) -> JsonResponse:
    response = _problem(
        405,
        f"{request.method} is not allowed here"
        + (f"; allowed: {allow}." if allow else "."),
        code="method_not_allowed",
    )
    if allow:
        response["Allow"] = allow
    return response
