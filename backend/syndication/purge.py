"""CDN purges driven by the content change log, sent after commit.

Every cacheable API response carries its dependency keys as cache tags
(`api.caching`: `xkey`, `Surrogate-Key`, `Cache-Tag`). A change's log row
lists the keys it bumped, so purging exactly those tags removes every cached
response that showed what changed, and nothing else.

The task worker sends purges (`syndication.tasks.purge_cdn`, enqueued when
a change commits) in passes over the log (`PurgeCursor`): `immediate` right
away, and `settle` the same tags again CDN_PURGE_SETTLE_SECONDS later, for a
response that was being built from the old snapshot while the change
committed and reached the cache after the first purge. A failed purge leaves
the cursor where it was and is retried with backoff; the scheduled sweep
(`purge_cdn_sweep`) catches up whatever a lost task left behind.

Backends (CDN_PURGE_BACKEND):

- `varnish`: `PURGE /` with an `xkey` header (space-separated tags) to each
  of CDN_PURGE_URLS; the VCL (`config/varnish.vcl`) accepts it only from
  the addresses in its `purgers` ACL and removes every object carrying any
  of the tags (varnish-modules' `xkey.purge`).
- Fastly and Cloudflare are documented in README.md (same tags, their
  `Surrogate-Key` / `Cache-Tag` headers and purge-by-tag APIs); a backend for
  either is a class with a `purge(tags)` method like `VarnishXkey`.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.models import ContentChange

from .models import PurgeCursor

logger = logging.getLogger(__name__)

PASSES = ("immediate", "settle")
# Tags per purge request: Varnish's default limit on one request header line
# is 8 KiB (http_req_hdr_len); 200 keys of up to ~30 characters stay well below.
TAGS_PER_REQUEST = 200
ROWS_PER_PASS = 1000


class PurgeFailed(Exception):
    pass


class PurgeBackend(Protocol):
    def purge(self, tags: Sequence[str]) -> None:
        """Remove every cached response tagged with any of `tags`, or raise."""


class VarnishXkey:
    """Varnish with varnish-modules' xkey: `PURGE /` + `xkey: <tags>` per instance."""

    def __init__(self, urls: Sequence[str], *, timeout: float = 5.0) -> None:
        self.urls = list(urls)
        self.timeout = timeout

    def purge(self, tags: Sequence[str]) -> None:
        for url in self.urls:
            for chunk in _chunks(tags, TAGS_PER_REQUEST):
                request = urllib.request.Request(  # noqa: S310 (configured URL)
                    url, method="PURGE", headers={"xkey": " ".join(chunk)}
                )
                try:
                    with urllib.request.urlopen(request, timeout=self.timeout) as r:  # noqa: S310
                        r.read()
                except (urllib.error.URLError, OSError) as exc:
                    raise PurgeFailed(f"{url}: {exc}") from exc


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def backend() -> PurgeBackend | None:
    name = settings.CDN_PURGE_BACKEND
    if not name:
        return None
    if name == "varnish":
        return VarnishXkey(settings.CDN_PURGE_URLS)
    raise ValueError(f"CDN_PURGE_BACKEND={name!r}: only 'varnish' is built in")


def tags_for(deps_lists: Sequence[Sequence[str]]) -> list[str]:
    """The cache tags a batch of log rows purges: their keys, and the feed's."""
    # `record()` bumps `changes` with every row: the changes feed moved on.
    return sorted({dep for deps in deps_lists for dep in deps} | {"changes"})


def purge_pending(*, name: str, purger: PurgeBackend | None = None) -> int:
    """One pass: purge the tags of the log rows after the cursor; rows done."""
    purger = purger or backend()
    if purger is None:
        return 0
    done = 0
    while True:
        with transaction.atomic():
            cursor, _ = PurgeCursor.objects.select_for_update().get_or_create(name=name)
            rows = ContentChange.objects.filter(id__gt=cursor.last_change_id)
            if name == "settle":
                settled = timezone.now() - timedelta(
                    seconds=settings.CDN_PURGE_SETTLE_SECONDS
                )
                rows = rows.filter(created_at__lte=settled)
            batch = list(rows.order_by("id").values_list("id", "deps")[:ROWS_PER_PASS])
            if not batch:
                return done
            purger.purge(tags_for([deps for _, deps in batch]))
            cursor.last_change_id = batch[-1][0]
            cursor.last_error = ""
            cursor.save(update_fields=["last_change_id", "last_error", "updated_at"])
        done += len(batch)
        if len(batch) < ROWS_PER_PASS:
            return done


def note_failure(*, name: str, error: str) -> None:
    PurgeCursor.objects.filter(name=name).update(
        last_error=error[:2000], updated_at=timezone.now()
    )


def _change_committed(sender: object, change: ContentChange, **kwargs: object) -> None:
    if not settings.CDN_PURGE_BACKEND:
        return
    from django_tasks import default_task_backend

    from .tasks import purge_cdn

    purge_cdn.enqueue(name="immediate")
    if default_task_backend.supports_defer:
        when = timezone.now() + timedelta(seconds=settings.CDN_PURGE_SETTLE_SECONDS)
        purge_cdn.using(run_after=when).enqueue(name="settle")


def connect() -> None:
    from core.changes import change_committed

    change_committed.connect(_change_committed, dispatch_uid="syndication-cdn-purge")
