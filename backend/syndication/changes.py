"""The changes feed: what a partner needs to mirror the set of public pages.

A mirror starts without a cursor and first receives a snapshot: every public
page, by id. It then follows the content change log (`core.ContentChange`)
from where the snapshot began: for each page a row names, in log order, the
page's state *now*: an upsert while it is public, a tombstone once it is not
(unpublished, deleted, moved out of the site, password-protected or
members-only). Applying the items in order rebuilds the set exactly, however
often or rarely the mirror polls.

Cursors are opaque to clients. Log ids become visible in commit order (see
`core.changes._serialise_writers`), so "rows after id N" never misses a row.
Rows older than the retention are pruned; a cursor from before the pruned
point is answered 410 (start again without one).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Page, Site

from content.selectors import (
    PUBLIC,
    Access,
    frontend_path,
    locale_trees,
    site_pages,
)
from core.changes import bump
from core.errors import Gone, Invalid
from core.models import ContentChange, ContentVersion

# Where pruning has reached: no row at or below this id is still kept.
PRUNED_KEY = "changes:pruned-through"
# Rows read per request at most, so one poll stays cheap whatever the backlog.
MAX_ROWS = 1000


class InvalidCursor(Invalid):
    code = "invalid_cursor"

    def __init__(self) -> None:
        super().__init__("Not a cursor this feed gave out.", field="since")


class CursorExpired(Gone):
    code = "cursor_expired"

    def __init__(self) -> None:
        super().__init__(
            "This cursor is older than the changes kept (CHANGES_RETENTION_DAYS). "
            "Start again without `since`: the feed begins with a snapshot of "
            "every public page."
        )


@dataclass(frozen=True)
class Cursor:
    """Either in the snapshot (pages after `page`, log from `log`) or in the log."""

    log: int
    page: int | None = None
    skip: int = 0

    def encode(self) -> str:
        raw = (
            f"s.{self.page}.{self.log}"
            if self.page is not None
            else f"l.{self.log}.{self.skip}"
        )
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            phase, first, second = raw.split(".")
            a, b = int(first), int(second)
        except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
            raise InvalidCursor() from exc
        if a < 0 or b < 0 or phase not in ("s", "l"):
            raise InvalidCursor()
        return cls(log=b, page=a) if phase == "s" else cls(log=a, skip=b)


@dataclass
class Batch:
    items: list[dict[str, Any]]
    cursor: Cursor
    has_more: bool


@dataclass(frozen=True)
class _Listed:
    """The columns of a page an item shows: read as a row, not built as a model.

    A feed item needs six columns; a `Page` instance has some thirty, and
    building 200 of them was most of a snapshot request's time.
    """

    pk: int
    path: str
    url_path: str
    title: str
    last_published_at: datetime | None
    content_type_id: int

    COLUMNS = ("pk", "path", "url_path", "title", "last_published_at", "content_type")

    @classmethod
    def rows(cls, queryset: Any) -> list[_Listed]:
        return [cls(*row) for row in queryset.values_list(*cls.COLUMNS)]

    @property
    def specific_class(self) -> type[Page]:
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        return model if model is not None else Page


@dataclass
class Filters:
    types: set[str] | None = None
    section: Page | None = None
    # A language's tree root (`url_path`): its pages, tombstones included.
    locale_root: str | None = None

    def keep(self, *, type_name: str | None, url_path: str) -> bool:
        if self.types is not None and type_name not in self.types:
            return False
        if self.locale_root is not None and not url_path.startswith(self.locale_root):
            return False
        return self.section is None or url_path.startswith(self.section.url_path)


def pruned_through() -> int:
    row = ContentVersion.objects.filter(key=PRUNED_KEY).first()
    return row.version if row is not None else 0


def prune(*, now: Any = None) -> int:
    """Delete log rows older than the retention; remember how far it went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.CHANGES_RETENTION_DAYS)
    last = ContentChange.objects.filter(created_at__lt=cutoff).aggregate(Max("id"))[
        "id__max"
    ]
    if last is None:
        return 0
    with transaction.atomic():
        ContentVersion.objects.update_or_create(
            key=PRUNED_KEY, defaults={"version": max(last, pruned_through())}
        )
        deleted, _ = ContentChange.objects.filter(id__lte=last).delete()
        # Cached feed responses for cursors now expired must not be served.
        bump(["changes"])
    return deleted


def read_changes(
    *, site: Site, cursor: Cursor | None, limit: int, filters: Filters
) -> Batch:
    """The next `limit` items after `cursor` (the snapshot first, without one)."""
    if cursor is None:
        high = ContentChange.objects.aggregate(Max("id"))["id__max"] or 0
        cursor = Cursor(log=max(high, pruned_through()), page=0)
    if cursor.log < pruned_through():
        raise CursorExpired
    reader = _Reader(site=site, filters=filters)
    if cursor.page is not None:
        return reader.snapshot(after=cursor.page, log=cursor.log, limit=limit)
    return reader.log(after=cursor.log, skip=cursor.skip, limit=limit)


class _Reader:
    def __init__(self, *, site: Site, filters: Filters) -> None:
        from api.content.serializers import page_type_name, page_types

        self.site = site
        self.access = Access.load()
        self.filters = filters
        self.type_name = page_type_name
        self.models = list(page_types().values())
        self.root_url_path = site.root_page.url_path
        self.trees = locale_trees(site)

    def _public(self) -> Any:
        return site_pages(site=self.site, access=self.access).type(*self.models)

    def snapshot(self, *, after: int, log: int, limit: int) -> Batch:
        items: list[dict[str, Any]] = []
        last = after
        # Filtered pages are skipped, but the cursor moves past them.
        while len(items) < limit:
            pages = _Listed.rows(
                self._public().filter(pk__gt=last).order_by("pk")[:limit]
            )
            if not pages:
                return Batch(items, Cursor(log=log), has_more=True)
            for page in pages:
                last = page.pk
                if self.access.level(page.path) != PUBLIC:
                    continue
                item = self._upsert(page, event="snapshot", change_id=None)
                if item is not None:
                    items.append(item)
                    if len(items) == limit:
                        break
        return Batch(items, Cursor(log=log, page=last), has_more=True)

    def log(self, *, after: int, skip: int, limit: int) -> Batch:
        rows = list(
            ContentChange.objects.filter(id__gt=after)
            .exclude(page_ids=[])
            .order_by("id")
            .values("id", "kind", "page_ids", "pages")[:MAX_ROWS]
        )
        wanted: list[tuple[int, int, str, int]] = []  # (row id, index, kind, page)
        position = Cursor(log=after, skip=skip)
        for row in rows:
            ids = row["page_ids"]
            start = skip if row["id"] == rows[0]["id"] else 0
            for index in range(start, len(ids)):
                if len(wanted) == limit:
                    position = Cursor(log=_before(row["id"]), skip=index)
                    return self._batch(wanted, rows, position, has_more=True)
                wanted.append((row["id"], index, row["kind"], ids[index]))
            position = Cursor(log=row["id"])
        has_more = len(rows) == MAX_ROWS
        return self._batch(wanted, rows, position, has_more=has_more)

    def _batch(
        self,
        wanted: list[tuple[int, int, str, int]],
        rows: list[dict[str, Any]],
        position: Cursor,
        *,
        has_more: bool,
    ) -> Batch:
        ids = {page_id for _, _, _, page_id in wanted}
        current = {
            page.pk: page for page in _Listed.rows(self._public().filter(pk__in=ids))
        }
        known = _last_known(rows, ids)
        # One item per page, at its last position: its state now.
        last_seen = {page_id: n for n, (_, _, _, page_id) in enumerate(wanted)}
        items = []
        for n, (change_id, _, kind, page_id) in enumerate(wanted):
            if last_seen[page_id] != n:
                continue
            page = current.get(page_id)
            if page is not None and self.access.level(page.path) == PUBLIC:
                item = self._upsert(page, event=kind, change_id=change_id)
            else:
                item = self._tombstone(
                    page_id, page=page, known=known, event=kind, change_id=change_id
                )
            if item is not None:
                items.append(item)
        return Batch(items, position, has_more=has_more)

    def _path(self, url_path: str) -> str:
        return frontend_path(
            url_path=url_path, root_url_path=self.root_url_path, trees=self.trees
        )

    def _upsert(
        self, page: _Listed, *, event: str, change_id: int | None
    ) -> dict[str, Any] | None:
        type_name = self.type_name(page.specific_class)
        if not self.filters.keep(type_name=type_name, url_path=page.url_path):
            return None
        path = self._path(page.url_path)
        return {
            "action": "upsert",
            "event": event,
            "change_id": change_id,
            "id": page.pk,
            "type": type_name,
            "title": page.title,
            "path": path,
            "url": settings.FRONTEND_BASE_URL + path,
            "last_published_at": page.last_published_at,
        }

    def _tombstone(
        self,
        page_id: int,
        *,
        page: _Listed | None,
        known: dict[int, dict[str, Any]],
        event: str,
        change_id: int,
    ) -> dict[str, Any] | None:
        if page is not None:
            type_name, url_path = self.type_name(page.specific_class), page.url_path
        else:
            # Gone from the site (deleted, unpublished, password-protected):
            # described by the log, or by the page row if it still exists.
            details = known.get(page_id)
            if details is None:
                rows = _Listed.rows(Page.objects.filter(pk=page_id))
                row = rows[0] if rows else None
                details = (
                    {
                        "type": self.type_name(row.specific_class),
                        "url_path": row.url_path,
                    }
                    if row is not None
                    else {"type": None, "url_path": ""}
                )
            type_name, url_path = details.get("type"), details.get("url_path", "")
        if url_path and not self.filters.keep(type_name=type_name, url_path=url_path):
            return None
        return {
            "action": "delete",
            "event": event,
            "change_id": change_id,
            "id": page_id,
            "type": type_name,
            "title": None,
            "path": self._path(url_path) if url_path else None,
            "url": None,
            "last_published_at": None,
        }


def _before(row_id: int) -> int:
    # Ids become visible in commit order: nothing can appear between
    # `row_id - 1` and `row_id`, so this cursor resumes inside that row.
    return row_id - 1


def _last_known(rows: Iterable[dict[str, Any]], ids: set[int]) -> dict[int, Any]:
    known: dict[int, Any] = {}
    for row in rows:
        for details in row["pages"] or []:
            if details.get("id") in ids:
                known[details["id"]] = details
    return known
