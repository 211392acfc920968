"""Conditional requests and a response cache that the database keeps exact.

A cached response remembers the version of everything it showed (`deps`:
`page:12`, `image:3`, `snippet:core.organisation:4`, `pages` for listings...),
read in the same snapshot as the data it was built from. A change bumps the
versions of what it touches in its own transaction (`core.changes`); a read
checks the entry's versions against the database in one indexed query and
rebuilds on any difference. So an entry may live in a per-process memory
cache or in Redis: either only saves work, neither decides what is current,
and a change made in any process is served by every other at once.

Anonymous responses are cached and public; responses for a signed-in user are
`private, no-store` and never cached. A cache outage only costs speed.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date, parse_etags
from rest_framework.renderers import JSONRenderer

from core import metrics
from core.changes import consistent_read, is_current, storable, versions

logger = logging.getLogger(__name__)

# Every content response depends on these: a site or restriction change can
# alter any of them.
GLOBAL_DEPS = ("tree", "restrictions")
ENTRY_PREFIX = "apiresp:"


def api_cache() -> Any:
    """Where built responses and pages are kept (Redis, or this process's memory)."""
    return caches["api"]


@dataclass
class Rendered:
    data: Any
    deps: set[str] = field(default_factory=set)
    last_modified: datetime | None = None
    # Response headers that belong to the content (`Content-Language`), kept
    # with the cached entry; a `Vary` entry is added to the response's own.
    headers: dict[str, str] = field(default_factory=dict)


def is_private(request: HttpRequest) -> bool:
    """Responses for a person are private; a partner key reads public content."""
    user = getattr(request, "user", None)
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    personal = bool(authorization) and not authorization.startswith("Api-Key ")
    return bool((user is not None and user.is_authenticated) or personal)


def _cache_key(request: HttpRequest) -> str:
    from core.locales import accepted

    query = "&".join(sorted(request.GET.urlencode().split("&")))
    # The scheme and host are in the links a response carries (`next`,
    # rendition URLs), so they are part of what it is.
    origin = f"{request.scheme}://{request.get_host()}"
    # Only the languages we have: `fr-CA,fr;q=0.9` and `fr` share an entry.
    languages = ",".join(accepted(request.META.get("HTTP_ACCEPT_LANGUAGE")))
    # A deploy that changes the fallback chain must not serve the old choice.
    chain = sorted(settings.LOCALE_FALLBACKS.items())
    raw = f"{origin}|{request.path}|{query}|{languages}|{chain}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def cache_tags(response: HttpResponse, deps: Any) -> None:
    """Label a public response with its dependency keys, for a CDN's purge by tag.

    The same keys the response cache checks; a change's log row lists the
    ones it bumped, and `syndication.purge` purges exactly those tags. One
    header per CDN convention: Varnish xkey and Fastly (space-separated),
    Cloudflare (comma-separated).
    """
    tags = sorted(deps)
    response["xkey"] = response["Surrogate-Key"] = " ".join(tags)
    response["Cache-Tag"] = ",".join(tags)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def _respond(
    request: HttpRequest,
    *,
    body: bytes,
    etag: str,
    last_modified: datetime | None,
    private: bool,
    content_type: str,
    deps: Any = (),
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match and (
        etag in parse_etags(if_none_match) or if_none_match.strip() == "*"
    ):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    if private:
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = (
            f"public, max-age={settings.API_CACHE_MAX_AGE}, "
            f"stale-while-revalidate={settings.API_CACHE_STALE_WHILE_REVALIDATE}"
        )
        cache_tags(response, deps)
    vary = ["Cookie", "Authorization"]
    for name, value in (headers or {}).items():
        if name == "Vary":
            vary.append(value)
        else:
            response[name] = value
    response["Vary"] = ", ".join(vary)
    return response


def cached_response(
    request: HttpRequest,
    build: Callable[[], Rendered],
    *,
    content_type: str = "application/json",
    render: Callable[[Any], bytes] | None = None,
) -> HttpResponse:
    """Serve `build()`'s data as JSON (or `render`'s bytes) with caching headers."""
    private = is_private(request)
    render = render or JSONRenderer().render
    key = _cache_key(request)
    caching = not private and settings.API_RESPONSE_CACHE_TIMEOUT > 0
    if caching:
        entry = _read_entry(key)
        hit = entry is not None and is_current(entry["deps"], versions(entry["deps"]))
        metrics.response_cache(hit=hit)
        if hit:
            assert entry is not None
            return _respond(
                request,
                body=entry["body"],
                etag=entry["etag"],
                last_modified=entry["last_modified"],
                private=False,
                content_type=content_type,
                deps=entry["deps"],
                headers=entry.get("headers"),
            )

    with consistent_read():
        rendered = build()
        tags = {*rendered.deps, *GLOBAL_DEPS}
        deps = versions(tags) if caching else {}
        keep = caching and storable()
    body = render(rendered.data)
    etag = _etag(body)
    last_modified = rendered.last_modified or timezone.now()
    if keep:
        _write_entry(
            key,
            {
                "body": body,
                "etag": etag,
                "last_modified": last_modified,
                "deps": deps,
                "headers": rendered.headers,
            },
        )
    return _respond(
        request,
        body=body,
        etag=etag,
        last_modified=last_modified,
        private=private,
        content_type=content_type,
        deps=tags,
        headers=rendered.headers,
    )


def _read_entry(key: str) -> dict[str, Any] | None:
    try:
        return api_cache().get(key)
    except Exception as exc:
        logger.warning("response cache unavailable on read: %s", exc)
        return None


def _write_entry(key: str, entry: dict[str, Any]) -> None:
    try:
        api_cache().set(key, entry, timeout=settings.API_RESPONSE_CACHE_TIMEOUT)
    except Exception as exc:
        logger.warning("response cache unavailable on write: %s", exc)
