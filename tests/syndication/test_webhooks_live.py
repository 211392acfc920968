"""A worker killed mid-send: the next one sends the message again, same webhook-id.

Real `manage.py db_worker` processes against a SQLite file, and a receiver
on 127.0.0.1 that hangs on the first request while the worker is killed.
"""

import json
import os
import signal
import sqlite3
import sys
import threading
import time

import pytest

from tests.deploy.live import BACKEND, clean_env, manage, start, stop

from .receiver import receiver

pytestmark = pytest.mark.live

LEASE_SECONDS = 3

OUTBOX = """
from django.db import transaction
from django.utils import timezone
from syndication import webhooks
endpoint, _ = webhooks.endpoint_create(
    name="Frontend", owner_email="frontend@example.org", url={url!r},
    events=["page.published"],
)
with transaction.atomic():
    webhooks.write_outbox(
        event="page.published", data={{"page": {{"id": 1}}}}, change=None,
        now=timezone.now(),
    )
"""

SWEEP = """
from syndication.tasks import send_due_webhooks
send_due_webhooks.enqueue()
"""


def wait_for(condition, *, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail("timed out")


def delivery(database) -> tuple:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10) as conn:
        return conn.execute(
            "SELECT status, attempts, message_id FROM syndication_webhookdelivery"
        ).fetchone()


def test_a_worker_killed_mid_send_is_replaced_and_the_same_id_is_sent(tmp_path):
    database = tmp_path / "live.sqlite3"
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        WEBHOOKS_LEASE_SECONDS=str(LEASE_SECONDS),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    manage(env, "migrate", "--no-input", "-v0")
    worker_cmd = [sys.executable, "manage.py", "db_worker", "--interval", "0.2"]
    with receiver(hang_first=threading.Event()) as hook:
        manage(env, "shell", "-c", OUTBOX.format(url=hook.url))
        first = start(worker_cmd, env=env, cwd=BACKEND, log=tmp_path / "w1.log")
        try:
            wait_for(lambda: len(hook.requests) == 1)
            assert delivery(database)[:2] == ("sending", 1)
            os.killpg(first.pid, signal.SIGKILL)  # mid-send: no response read
            first.wait(timeout=10)
        finally:
            stop(first)
        second = start(worker_cmd, env=env, cwd=BACKEND, log=tmp_path / "w2.log")
        try:
            time.sleep(LEASE_SECONDS + 0.5)
            # What `run_scheduler` enqueues every minute.
            manage(env, "shell", "-c", SWEEP)
            wait_for(lambda: delivery(database)[0] == "delivered")
        finally:
            stop(second)
    first_request, again = hook.requests
    status, attempts, message_id = delivery(database)
    assert status == "delivered"
    assert first_request.headers["webhook-id"] == message_id
    assert again.headers["webhook-id"] == message_id
    assert first_request.body == again.body
    assert json.loads(again.body)["type"] == "page.published"
    assert attempts == 2
