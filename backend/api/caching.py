"""Conditional requests and a response cache with exact invalidation.

A cached response remembers the version of everything it showed (`deps`:
`page:12`, `image:3`, `snippet:core.organisation:4`, `pages` for listings...).
A change bumps the versions of what it touches (see `signals.py`); a read
compares versions in one `get_many` and re-renders on any difference. Nothing
is deleted by pattern, nothing stale is served, and an unrelated change costs
no cache entry.

Anonymous responses are cached and public; responses for a signed-in user are
`private, no-store` and never cached. A cache outage only costs speed.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date, parse_etags
from rest_framework.renderers import JSONRenderer

logger = logging.getLogger(__name__)

# Every content response depends on these: a site or restriction change can
# alter any of them.
GLOBAL_DEPS = ("tree", "restrictions")
VERSION_PREFIX = "apiv:"
ENTRY_PREFIX = "apiresp:"


@dataclass
class Rendered:
    data: Any
    deps: set[str] = field(default_factory=set)
    last_modified: datetime | None = None


def bump(*deps: str) -> None:
    """Mark everything that showed one of `deps` as stale."""
    if not deps:
        return
    try:
        cache.set_many(
            {VERSION_PREFIX + dep: uuid.uuid4().hex for dep in deps}, timeout=None
        )
    except Exception as exc:
        logger.warning("response cache: could not bump %s: %s", deps, exc)


def dep_versions(deps: Iterable[str], *, create: bool) -> dict[str, str] | None:
    keys = [VERSION_PREFIX + dep for dep in deps]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        if not create:
            return None
        fresh = {key: uuid.uuid4().hex for key in missing}
        for key, token in fresh.items():
            # add() keeps a version another process set meanwhile.
            if not cache.add(key, token, timeout=None):
                fresh[key] = cache.get(key) or token
        found.update(fresh)
    return {key.removeprefix(VERSION_PREFIX): value for key, value in found.items()}


def is_private(request: HttpRequest) -> bool:
    """Responses for a person are private; a partner key reads public content."""
    user = getattr(request, "user", None)
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    personal = bool(authorization) and not authorization.startswith("Api-Key ")
    return bool((user is not None and user.is_authenticated) or personal)


def _cache_key(request: HttpRequest) -> str:
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    raw = f"{request.get_host()}|{request.path}|{query}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


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
    response["Vary"] = "Cookie, Authorization"
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
    if not private:
        try:
            entry = cache.get(key)
            if entry is not None:
                current = dep_versions(entry["deps"], create=False)
                if current == entry["deps"]:
                    return _respond(
                        request,
                        body=entry["body"],
                        etag=entry["etag"],
                        last_modified=entry["last_modified"],
                        private=False,
                        content_type=content_type,
                    )
        except Exception as exc:
            logger.warning("response cache unavailable on read: %s", exc)

    rendered = build()
    body = render(rendered.data)
    etag = _etag(body)
    last_modified = rendered.last_modified or timezone.now()
    if not private:
        try:
            deps = dep_versions({*rendered.deps, *GLOBAL_DEPS}, create=True)
            cache.set(
                key,
                {
                    "body": body,
                    "etag": etag,
                    "last_modified": last_modified,
                    "deps": deps,
                },
                timeout=settings.API_RESPONSE_CACHE_TIMEOUT,
            )
        except Exception as exc:
            logger.warning("response cache unavailable on write: %s", exc)
    return _respond(
        request,
        body=body,
        etag=etag,
        last_modified=last_modified,
        private=private,
        content_type=content_type,
    )
