"""The site and the view restrictions of a request, memoised per process.

Both change rarely and every content request needs them. They are kept per
process and reused while the versions that invalidate them (`tree`, `pages`,
`restrictions`: see `api/caching.py`) are unchanged, so a request costs one
cache round trip instead of three queries. Without a cache, nothing is kept.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.http import Http404, HttpRequest
from wagtail.models import Site

from api.caching import dep_versions
from content.selectors import Access

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_memo: dict[tuple[str, ...], tuple[tuple[Any, ...], Any]] = {}


def _tokens(*deps: str) -> tuple[Any, ...] | None:
    try:
        found = dep_versions(deps, create=True) or {}
    except Exception as exc:
        logger.warning("version lookup failed: %s", exc)
        return None
    values = tuple(found.get(dep) for dep in deps)
    return None if None in values else values


def _memoised(key: tuple[str, ...], versions: tuple[Any, ...] | None, load: Any) -> Any:
    if versions is not None:
        with _lock:
            hit = _memo.get(key)
        if hit is not None and hit[0] == versions:
            return hit[1]
    value = load()
    if versions is not None:
        with _lock:
            _memo[key] = (versions, value)
    return value


def load_site(request: HttpRequest) -> Site:
    site = (
        Site.find_for_request(request)
        or Site.objects.filter(is_default_site=True).first()
    )
    if site is None:
        raise Http404("No site is configured.")
    site.root_page  # noqa: B018 - loaded now, shared read-only afterwards
    return site


def site_for(request: HttpRequest) -> Site:
    # A root page renamed by a publish changes every path: `pages` too.
    versions = _tokens("tree", "pages")
    return _memoised(("site", request.get_host()), versions, lambda: load_site(request))


def access() -> Access:
    return _memoised(("access",), _tokens("restrictions"), Access.load)
