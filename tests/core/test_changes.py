"""The content change log: rows become visible in id order, whatever the timing."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection, transaction

from core.changes import record
from core.models import ContentChange, ContentVersion

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite has one writer at a time: nothing to order",
)


def _in_thread(work) -> threading.Thread:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_later_writer_waits_so_ids_commit_in_order(db):
    inside, release, seen = threading.Event(), threading.Event(), {}

    def first() -> None:
        with transaction.atomic():
            seen["a"] = record(
                kind="page.published",
                object_type="test.order",
                object_id="a",
                deps=["test-order-a"],
            ).pk
            inside.set()
            release.wait(5)

    def second() -> None:
        inside.wait(5)
        started = time.monotonic()
        # Other keys entirely: only the writers' lock can make it wait.
        seen["b"] = record(
            kind="page.published",
            object_type="test.order",
            object_id="b",
            deps=["test-order-b"],
        ).pk
        seen["waited"] = time.monotonic() - started

    try:
        threads = [_in_thread(first), _in_thread(second)]
        assert inside.wait(5)
        time.sleep(0.5)
        release.set()
        for thread in threads:
            thread.join(10)
        # The second could not take an id until the first had committed, so
        # a reader that saw `b` can never later find `a` appearing below it.
        assert seen["waited"] >= 0.4
        assert seen["b"] > seen["a"]
    finally:
        release.set()

        def clean() -> None:
            ContentChange.objects.filter(object_type="test.order").delete()
            ContentVersion.objects.filter(key__startswith="test-order-").delete()

        _in_thread(clean).join(10)
