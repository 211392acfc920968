"""The content change log and the dependency versions it keeps current.

Every change that what the API serves shows (a publish, a move, an image's
alt text...) is recorded with `record()` inside the transaction that makes
it: one `ContentChange` row, and a bump of each dependency key it touches
(`page:12`, `image:3`, `pages`...) in `ContentVersion`. Both commit or roll
back with the change itself.

Readers never trust a cache on its own: whatever they cache or store carries
the versions it was built from (read in the same snapshot as the data, see
`consistent_read`), and is used only while `versions()` still returns them.
That check is one indexed query, in every process alike, so a change made in
any process is seen by every other at once; a cache only saves the work of
building, never decides what is current.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction
from django.dispatch import Signal

from .models import ContentChange, ContentVersion

# Sent inside the change's transaction (an outbox written from it commits or
# rolls back with the change), and after it commits (work that may run now).
change_recorded = Signal()
change_committed = Signal()


class Snapshot:
    """One consistent read: work to run once it has ended, if it may be kept."""

    def __init__(self) -> None:
        self.after: list[Callable[[], None]] = []
        self.storable = True
        self.versions: dict[str, int] = {}


_snapshot: ContextVar[Snapshot | None] = ContextVar("content_snapshot", default=None)


# Any constant: the PostgreSQL advisory lock that change-log writers share.
WRITERS_LOCK = 0x636F6E74656E74


def _serialise_writers() -> None:
    """Let one transaction at a time write the change log, until it commits.

    So log ids become visible in order (a reader that has seen row N never
    later finds a new row below N: "rows after id N" is a complete cursor),
    and version rows are never locked in two orders by two transactions.
    SQLite has one writer at a time already. Re-entrant within a transaction.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITERS_LOCK])


def bump(deps: Iterable[str]) -> None:
    """Make every representation built from one of `deps` stale, with the caller."""
    keys = sorted(set(deps))
    if not keys:
        return
    snapshot = _snapshot.get()
    if snapshot is not None:
        snapshot.versions.clear()
    quote = connection.ops.quote_name
    table, key, version = (
        quote(ContentVersion._meta.db_table),
        quote("key"),
        quote("version"),
    )
    # One upsert that increments: concurrent bumps of a key serialise on its
    # row instead of losing one.
    placeholders = ", ".join(["(%s, 1)"] * len(keys))
    with transaction.atomic(), connection.cursor() as cursor:
        _serialise_writers()
        cursor.execute(
            f"INSERT INTO {table} ({key}, {version}) VALUES {placeholders} "  # noqa: S608 (quoted names of our own table)
            f"ON CONFLICT ({key}) DO UPDATE SET {version} = {table}.{version} + 1",
            keys,
        )


def record(
    *,
    kind: str,
    object_type: str,
    object_id: Any,
    deps: Iterable[str],
    page_ids: Iterable[int] = (),
    pages: Iterable[dict[str, Any]] = (),
) -> ContentChange:
    """Log one change and bump what it invalidates, atomically with the caller."""
    deps = sorted(set(deps))
    with transaction.atomic():
        _serialise_writers()
        change = ContentChange.objects.create(
            kind=kind,
            object_type=object_type,
            object_id=str(object_id),
            page_ids=sorted(set(page_ids)),
            pages=list(pages),
            deps=deps,
        )
        # `changes`: what the changes feed has shown is stale too.
        bump([*deps, "changes"])
        change_recorded.send(ContentChange, change=change)
    transaction.on_commit(
        lambda: change_committed.send(ContentChange, change=change), robust=True
    )
    return change


def versions(keys: Iterable[str]) -> dict[str, int]:
    """The current version of each key (0 for a key never bumped), in one query."""
    keys = set(keys)
    if not keys:
        return {}
    # Within one snapshot the answer cannot change: ask for each key once.
    snapshot = _snapshot.get()
    known = snapshot.versions if snapshot is not None else {}
    missing = keys - known.keys()
    if missing:
        found = _read_versions(sorted(missing))
        known.update({key: found.get(key, 0) for key in missing})
    return {key: known[key] for key in keys}


def _read_versions(keys: list[str]) -> dict[str, int]:
    """The rows of `keys`, in SQL written once: this runs on every cache hit,
    where building the ORM query for a listing's 60-odd keys cost more than
    the query (PostgreSQL takes them as one array parameter)."""
    quote = connection.ops.quote_name
    table = quote(ContentVersion._meta.db_table)
    select = (
        f"SELECT {quote('key')}, {quote('version')} FROM {table} WHERE {quote('key')}"  # noqa: S608 (quoted names of our own table)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{select} = ANY(%s)", [keys])
        else:
            cursor.execute(f"{select} IN ({', '.join(['%s'] * len(keys))})", keys)
        return dict(cursor.fetchall())


def is_current(built: dict[str, int], current: dict[str, int]) -> bool:
    return all(current.get(key, 0) == version for key, version in built.items())


@contextlib.contextmanager
def consistent_read() -> Iterator[Snapshot]:
    """Read the data and the versions it depends on from one snapshot.

    A representation built from data read before a change committed, but
    stamped with versions read after it, would pass for current forever.
    On PostgreSQL the block is a REPEATABLE READ transaction (one snapshot,
    no locks taken); on SQLite a transaction (IMMEDIATE in these settings)
    keeps writers out while it reads. Inside an open transaction it is that
    transaction's view. Writes of what was built (`after_read`) run once the
    snapshot has ended, so they never conflict with it.
    """
    outer = _snapshot.get()
    if outer is not None:
        yield outer
        return
    snapshot = Snapshot()
    token = _snapshot.set(snapshot)
    try:
        if connection.in_atomic_block or _shared_memory_database():
            yield snapshot
        else:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"
                        )
                yield snapshot
    finally:
        _snapshot.reset(token)
    if snapshot.storable:
        for work in snapshot.after:
            work()


def _shared_memory_database() -> bool:
    # An in-memory SQLite database (tests' live servers) is one connection
    # shared by every thread: no other writer exists, and a transaction
    # opened by one thread would wrap another's statements.
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def after_read(work: Callable[[], None]) -> None:
    """Run `work` (a write of what was built) when the current snapshot ends."""
    snapshot = _snapshot.get()
    if snapshot is None:
        work()
    else:
        snapshot.after.append(work)


def not_storable() -> None:
    """What the current snapshot builds is served but not kept (e.g. a race lost)."""
    snapshot = _snapshot.get()
    if snapshot is not None:
        snapshot.storable = False


def storable() -> bool:
    snapshot = _snapshot.get()
    return snapshot is None or snapshot.storable
