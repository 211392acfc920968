"""`/feeds/...`: each feed is a cached, conditional response like the API's."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from api.caching import cached_response
from api.content.context import site_for
from api.errors import PROBLEM_CONTENT_TYPE, problem
from core.locales import content_languages

from . import feeds


def feed(
    request: HttpRequest, *, fmt: str, section: str = "all", tag: str | None = None
) -> HttpResponse:
    chosen = feeds.SECTIONS.get(section)
    if chosen is None:
        raise Http404("No such feed.")
    unknown = sorted(set(request.GET) - {"limit", "locale"})
    if unknown:
        return _invalid(unknown[0], "unknown_parameter", "Unknown query parameter.")
    locale = request.GET.get("locale")
    if locale is not None and locale not in content_languages():
        known = ", ".join(content_languages())
        return _invalid("locale", "invalid_choice", f"Not a language. Known: {known}.")
    try:
        limit = feeds.parse_limit(request.GET.get("limit"))
    except ValueError as exc:
        return _invalid("limit", "invalid", str(exc))
    # A feed is the same for everyone: public, cached, never personal.
    request.user = AnonymousUser()
    site = site_for(request)
    return cached_response(
        request,
        lambda: feeds.build_feed(
            site=site, section=chosen, tag=tag, limit=limit, locale=locale
        ),
        content_type=feeds.CONTENT_TYPES[fmt],
        render=feeds.RENDERERS[fmt],
    )


def _invalid(name: str, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        problem(
            400,
            f"Invalid input: {name}",
            code=code,
            errors={name: [{"code": code, "message": message}]},
        ),
        status=400,
        content_type=PROBLEM_CONTENT_TYPE,
    )
