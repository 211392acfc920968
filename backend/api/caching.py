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

Every response carries an `ETag` and a `Last-Modified`, and a request that
sends either back is answered 304 while the content is the same
(`If-None-Match` wins over `If-Modified-Since`, as RFC 9110 says). What is
shown may also change with time alone (a grant round opens at its
`opens_at`): `Rendered.expires_at` ends the entry then, and caps
`max-age`.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from api.renderers import dumps
from core import metrics
from core.changes import after_read, consistent_read, is_current, storable, versions

logger = logging.getLogger(__name__)

# Every content response depends on these: a site or restriction change can
# alter any of them.
GLOBAL_DEPS = ("tree", "restrictions")
ENTRY_PREFIX = "apiresp:"
COUNT_PREFIX = "apicount:"
# Query parameters that choose which part of a listing is shown, never how
# many items it has.
PAGING_PARAMS = frozenset({"limit", "offset", "fields", "order"})


# Settings read from the environment that change what a representation
# says (URLs, image renditions and formats, snippet languages). The Python
# settings files are in the code digest already; these may differ between
# deploys of the same code.
RENDERING_SETTINGS = (
    "FRONTEND_BASE_URL",
    "BACKEND_BASE_URL",
    "MEDIA_URL",
    "API_IMAGE_RENDITIONS",
    "API_IMAGE_DENSITIES",
    "API_IMAGE_FORMATS",
    "API_RICHTEXT_IMAGE_FORMATS",
    "LOCALE_FALLBACKS",
)
# Media storage options that change a file's URL (never its credentials).
MEDIA_URL_OPTIONS = (
    "bucket_name",
    "custom_domain",
    "endpoint_url",
    "region_name",
    "addressing_style",
    "location",
    "querystring_auth",
)


@functools.cache
def code_version() -> str:
    """A digest of the code that renders responses, the same in every process.

    Cached responses and stored page representations are labelled with it:
    a deploy that changes how anything is rendered must not go on serving
    what the old code built (Redis and the `StoredPage` table outlive
    processes). Any change to the backend's Python counts, which costs one
    rebuild after a deploy and never serves a stale format; so does one of
    RENDERING_SETTINGS or of the media storage's URL (a new CDN domain).
    """
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    digest.update(repr(rendering_settings()).encode())
    return digest.hexdigest()[:12]


def rendering_settings() -> list[tuple[str, Any]]:
    media: dict[str, Any] = settings.STORAGES["default"]
    options: dict[str, Any] = media.get("OPTIONS", {})
    return [
        *((name, getattr(settings, name, None)) for name in RENDERING_SETTINGS),
        ("media storage", media["BACKEND"]),
        *((name, options.get(name)) for name in MEDIA_URL_OPTIONS),
    ]


def api_cache() -> Any:
    """Where built responses and pages are kept (Redis, or this process's memory)."""
    return caches["api"]


@dataclass
class Rendered:
    data: Any
    deps: set[str] = field(default_factory=set)
    # When the newest thing shown changed, if known (a lower bound: the
    # header is the time the response was built, see `_last_modified`).
    last_modified: datetime | None = None
    # When what is shown changes by itself (a deadline passes), if ever.
    expires_at: datetime | None = None
    # Response headers that belong to the content (`Content-Language`), kept
    # with the cached entry; a `Vary` entry is added to the response's own.
    headers: dict[str, str] = field(default_factory=dict)


def is_private(request: HttpRequest) -> bool:
    """Responses for a person are private; a partner key reads public content."""
    user = getattr(request, "user", None)
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    personal = bool(authorization) and not authorization.startswith("Api-Key ")
    return bool((user is not None and user.is_authenticated) or personal)


def _cache_key(
    request: HttpRequest, *, prefix: str = ENTRY_PREFIX, query: str = ""
) -> str:
    from core.locales import accepted

    query = query or "&".join(sorted(request.GET.urlencode().split("&")))
    # Links in a response are absolute: the scheme and host are part of it.
    origin = f"{request.scheme}://{request.get_host()}"
    # Only the languages we have: `fr-CA,fr;q=0.9` and `fr` share an entry.
    languages = ",".join(accepted(request.META.get("HTTP_ACCEPT_LANGUAGE")))
    # A deploy that changes the fallback chain must not serve the old choice.
    chain = sorted(settings.LOCALE_FALLBACKS.items())
    raw = f"{origin}|{request.path}|{query}|{languages}|{chain}"
    return f"{prefix}{code_version()}:" + hashlib.sha256(raw.encode()).hexdigest()


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


# Conditional requests (RFC 9110 section 13), kept apart from what else a
# response carries so every public GET answers them the same way.


def _opaque(tag: str) -> str:
    """An entity tag without its weak marker: `If-None-Match` compares weakly."""
    return tag.removeprefix("W/")


def not_modified(request: HttpRequest, *, etag: str, built_at: float) -> bool:
    """Whether the client's copy (by `If-None-Match`, else `If-Modified-Since`) is current."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        return _opaque(etag) in {_opaque(tag) for tag in parse_etags(if_none_match)}
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and math.floor(built_at) <= since


def last_modified_header(built_at: float, *, now: float) -> str:
    """`Last-Modified` for a response built at `built_at` and sent at `now`.

    HTTP dates have whole seconds. A copy sent in the second it was built
    could be followed by a change in that same second, which a later
    `If-Modified-Since` would not see, so such a copy is dated one second
    earlier (it is answered 200 once more, never 304 by mistake). An entry
    built after a change is always built after the copy that missed it,
    so comparing build times is exact.
    """
    stamp = math.floor(built_at)
    if math.floor(now) <= stamp:
        stamp -= 1
    return http_date(stamp)


def cache_control(*, private: bool, now: float, expires_at: float | None) -> str:
    if private:
        return "private, no-store"
    max_age = settings.API_CACHE_MAX_AGE
    stale = settings.API_CACHE_STALE_WHILE_REVALIDATE
    if expires_at is not None:
        left = max(math.floor(expires_at - now), 0)
        max_age = min(max_age, left)
        stale = min(stale, left - max_age)
    return f"public, max-age={max_age}, stale-while-revalidate={stale}"


VARY = ("Cookie", "Authorization", "X-Session-Token")


def conditional_response(
    request: HttpRequest,
    *,
    body: bytes,
    etag: str,
    built_at: float,
    private: bool,
    content_type: str,
    expires_at: float | None = None,
) -> HttpResponse:
    """`body` with validators and caching headers, or a 304 if the client has it."""
    now = time.time()
    if not_modified(request, etag=etag, built_at=built_at):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Last-Modified"] = last_modified_header(built_at, now=now)
    response["Cache-Control"] = cache_control(
        private=private, now=now, expires_at=expires_at
    )
    response["Vary"] = ", ".join(VARY)
    return response


def _respond(
    request: HttpRequest,
    *,
    deps: Any = (),
    headers: dict[str, str] | None = None,
    **validators: Any,
) -> HttpResponse:
    """`conditional_response`, plus the tags a CDN purges by and the content's headers."""
    response = conditional_response(request, **validators)
    if not validators["private"]:
        cache_tags(response, deps)
    vary = [response["Vary"]]
    for name, value in (headers or {}).items():
        if name == "Vary":
            vary.append(value)
        else:
            response[name] = value
    response["Vary"] = ", ".join(vary)
    return response


def _timestamp(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment is not None else None


def _entry_current(entry: dict[str, Any]) -> bool:
    expires_at = entry.get("expires_at")
    if expires_at is not None and time.time() >= expires_at:
        return False
    return is_current(entry["deps"], versions(entry["deps"]))


def cached_response(
    request: HttpRequest,
    build: Callable[[], Rendered],
    *,
    content_type: str = "application/json",
    render: Callable[[Any], bytes] | None = None,
) -> HttpResponse:
    """Serve `build()`'s data as JSON (or `render`'s bytes) with caching headers."""
    private = is_private(request)
    render = render or dumps
    key = _cache_key(request)
    caching = not private and settings.API_RESPONSE_CACHE_TIMEOUT > 0
    if caching:
        entry = _read_entry(key)
        hit = entry is not None and _entry_current(entry)
        metrics.response_cache(hit=hit)
        if hit:
            assert entry is not None
            return _respond(
                request,
                body=entry["body"],
                etag=entry["etag"],
                built_at=entry["built_at"],
                private=False,
                content_type=content_type,
                expires_at=entry.get("expires_at"),
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
    # Never earlier than what it shows (a clock behind a writer's).
    built_at = max(time.time(), _timestamp(rendered.last_modified) or 0.0)
    expires_at = _timestamp(rendered.expires_at)
    if keep:
        _write_entry(
            key,
            {
                "body": body,
                "etag": etag,
                "built_at": built_at,
                "expires_at": expires_at,
                "deps": deps,
                "headers": rendered.headers,
            },
        )
    return _respond(
        request,
        body=body,
        etag=etag,
        built_at=built_at,
        private=private,
        content_type=content_type,
        expires_at=expires_at,
        deps=tags,
        headers=rendered.headers,
    )


def _read_entry(key: str) -> dict[str, Any] | None:
    try:
        entry = api_cache().get(key)
    except Exception as exc:
        logger.warning("response cache unavailable on read: %s", exc)
        return None
    # An entry written by an older release lacks what this one needs.
    if not isinstance(entry, dict) or "built_at" not in entry:
        return None
    return entry


def _write_entry(key: str, entry: dict[str, Any]) -> None:
    try:
        api_cache().set(key, entry, timeout=settings.API_RESPONSE_CACHE_TIMEOUT)
    except Exception as exc:
        logger.warning("response cache unavailable on write: %s", exc)


def kept_count(request: HttpRequest, *, deps: set[str]) -> Callable[[Any], int]:
    """A listing's `count`, kept while the versions of `deps` are unchanged.

    Counting is the one part of a listing page that grows with the site (the
    whole filtered set, where the page itself is an indexed LIMIT), and every
    page of a listing (`offset`, `limit`, `fields`, `order`) has the same
    count. So the count is kept under the listing's filters, stamped with the
    versions of what decides which pages match (`pages`, bumped by every
    publish, move or unpublish; the site tree; restrictions; the search index
    for a search), read in the snapshot the count is taken in, and used only
    while those are still the database's versions. Only public counts are
    kept: a member's search sees pages an anonymous reader's does not.
    """

    def count(queryset: Any) -> int:
        if is_private(request) or settings.API_PAGE_CACHE_TIMEOUT <= 0:
            return _count_of(queryset)
        filters = sorted(
            part
            for part in request.GET.urlencode().split("&")
            if part.split("=", 1)[0] not in PAGING_PARAMS
        )
        key = _cache_key(request, prefix=COUNT_PREFIX, query="&".join(filters) or "-")
        current = versions({*deps, *GLOBAL_DEPS})
        try:
            entry = api_cache().get(key)
        except Exception as exc:
            logger.warning("count cache unavailable on read: %s", exc)
            entry = None
        if isinstance(entry, dict) and entry.get("deps") == current:
            return int(entry["count"])
        counted = _count_of(queryset)
        if storable():
            after_read(lambda: _keep_count(key, {"count": counted, "deps": current}))
        return counted

    return count


def _count_of(items: Any) -> int:
    # As DRF's paginator counts: a queryset or search by a query, else a list.
    try:
        return int(items.count())
    except (AttributeError, TypeError):
        return len(items)


def _keep_count(key: str, entry: dict[str, Any]) -> None:
    try:
        api_cache().set(key, entry, timeout=settings.API_PAGE_CACHE_TIMEOUT)
    except Exception as exc:
        logger.warning("count cache unavailable on write: %s", exc)
