"""The site and the view restrictions of a request, memoised per process.

Both change rarely and every content request that builds something needs
them. Each process keeps them while the versions that invalidate them
(`tree`, `pages`, `restrictions`: see `core.changes`) are unchanged in the
database, so a request costs one indexed query instead of three, and a
restriction added by any other process applies here at once.
"""

from __future__ import annotations

import threading
from typing import Any

from django.http import Http404, HttpRequest
from wagtail.models import Site

from content.selectors import Access
from core.changes import versions

_lock = threading.Lock()
_memo: dict[tuple[str, ...], tuple[tuple[Any, ...], Any]] = {}


# Read together: a request that needs the site needs the restrictions too.
MEMO_DEPS = ("tree", "pages", "restrictions")


def _tokens(*deps: str) -> tuple[Any, ...]:
    found = versions({*deps, *MEMO_DEPS})
    return tuple(found[dep] for dep in deps)


def _memoised(key: tuple[str, ...], tokens: tuple[Any, ...], load: Any) -> Any:
    with _lock:
        hit = _memo.get(key)
    if hit is not None and hit[0] == tokens:
        return hit[1]
    value = load()
    with _lock:
        _memo[key] = (tokens, value)
    return value


def forget() -> None:
    """Drop this process's memo (tests; a restarted process starts empty)."""
    with _lock:
        _memo.clear()


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
    tokens = _tokens("tree", "pages")
    return _memoised(("site", request.get_host()), tokens, lambda: load_site(request))


def access() -> Access:
    return _memoised(("access",), _tokens("restrictions"), Access.load)
