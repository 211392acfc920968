"""Varnish in front, purged exactly: a real varnishd (Debian's, with xkey) on loopback.

The Dockerfile's gunicorn command and the task worker run against a
PostgreSQL copy of the demo content, with CDN_PURGE_BACKEND=varnish; the
repository's VCL (`backend/config/varnish.vcl`, only the backend port
changed) fronts it. After a publish made in a process of its own, the
changed page, its listing and its index page must be fresh through Varnish
within a second of the commit, while a response that does not show the
page stays cached. Members' bodies and purges from any other address are
refused by the VCL.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from config import varnish
from tests.deploy import live

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(shutil.which("varnishd") is None, reason="make varnish-deps"),
]

FRESH_WITHIN = 1.0  # seconds from the commit to a fresh response through Varnish


@dataclass
class Stack:
    app: str  # gunicorn, direct
    cache: str  # through Varnish
    cache_port: int
    env: dict[str, str]

    def shell(self, code: str) -> str:
        return live.manage(self.env, "shell", "-v", "0", "-c", code, timeout=120).stdout


def _varnish(tmp: Path, *, app_port: int, port: int) -> subprocess.Popen:
    vcl = tmp / "varnish.vcl"
    vcl.write_text(varnish.vcl_for(app_port))
    workdir = tmp / "varnish-work"
    workdir.mkdir()
    return live.start(
        varnish.command(
            vcl=vcl, listen=f"127.0.0.1:{port}", workdir=workdir, storage="malloc,64m"
        ),
        env=live.clean_env(),
        cwd=tmp,
        log=tmp / "varnish.log",
    )


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("varnish")
    app_port, cache_port = live.free_port(), live.free_port()
    with ExitStack() as stack:
        url = stack.enter_context(
            live.postgres_database(live.throwaway_db("intl_varnish_test"))
        )
        env = live.image_env(
            tmp,
            database_url=url,
            port=app_port,
            DJANGO_SECURE_SSL_REDIRECT="false",
            BACKEND_BASE_URL=f"http://127.0.0.1:{cache_port}",
            THROTTLE_ANON="1000000/min",
            THROTTLE_USER="1000000/min",
            CDN_PURGE_BACKEND="varnish",
            CDN_PURGE_URLS=f"http://127.0.0.1:{cache_port}/",
            CDN_PURGE_SETTLE_SECONDS="1",
            VARNISH_DIR=str(tmp / "varnish-work"),
        )
        live.manage(env, "migrate", "--no-input", "-v0")
        live.manage(env, "load_demo_content")
        live.manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
        (tmp / "static").mkdir(exist_ok=True)
        worker = live.start(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.05",
                "--no-reload",
            ],
            env=env,
            cwd=live.BACKEND,
            log=tmp / "worker.log",
        )
        stack.callback(live.stop, worker)
        server = live.start(
            live.dockerfile_cmd(), env=env, cwd=live.BACKEND, log=tmp / "app.log"
        )
        stack.callback(live.stop, server)
        varnish = _varnish(tmp, app_port=app_port, port=cache_port)
        stack.callback(live.stop, varnish)
        live.wait_healthy(f"http://127.0.0.1:{app_port}", server)
        deadline = time.monotonic() + 30
        while True:
            try:
                if (
                    live.get(f"http://127.0.0.1:{cache_port}/healthz", timeout=2)[0]
                    == 200
                ):
                    break
            except OSError:
                pass
            if varnish.poll() is not None or time.monotonic() > deadline:
                pytest.fail("varnishd did not come up:\n" + _tail(tmp / "varnish.log"))
            time.sleep(0.2)
        ready = Stack(
            app=f"http://127.0.0.1:{app_port}",
            cache=f"http://127.0.0.1:{cache_port}",
            cache_port=cache_port,
            env=env,
        )
        # The demo content's own purges (and their settle passes, due a
        # second later) must be done before a test caches anything: a late
        # purge of `restrictions` would empty Varnish under the test.
        ready.shell(TASKS_DONE)
        yield ready


TASKS_DONE = """
import time
from django_tasks_db.models import DBTaskResult
deadline = time.monotonic() + 90
while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
    if time.monotonic() > deadline:
        raise SystemExit("tasks still waiting after 90 s")
    time.sleep(0.2)
"""


def _tail(path: Path) -> str:
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def _json(stack: Stack, path: str, **headers: str) -> tuple[dict, dict]:
    status, response_headers, body = live.get(stack.cache + path, headers=headers)
    assert status == 200, (path, status, body[:300])
    return json.loads(body), response_headers


def _cached(stack: Stack, path: str) -> dict:
    """Make sure `path` is in Varnish: the second request is a hit."""
    _json(stack, path)
    _, headers = _json(stack, path)
    assert headers.get("X-Cache") == "HIT", (path, headers)
    return headers


def _tags(stack: Stack, path: str) -> set[str]:
    status, headers, _ = live.get(stack.app + path)
    assert status == 200
    return set(headers["xkey"].split())


TARGETS = """
import json
from wagtail.models import Page, PageViewRestriction, Site
root = Site.objects.get(is_default_site=True).root_page
page = Page.objects.get(url_path=root.url_path + "international/strategy/commission-announced/")
members = PageViewRestriction.objects.filter(restriction_type="groups").first().page
others = list(
    Page.objects.live().public().exclude(pk=page.pk).exclude(depth__lte=2)
    .order_by("pk").values_list("pk", flat=True)
)
print("TARGETS=" + json.dumps({
    "id": page.pk, "parent": page.get_parent().pk, "members": members.pk,
    "others": others,
}))
"""


def _targets(stack: Stack) -> dict:
    out = stack.shell(TARGETS)
    line = next(line for line in out.splitlines() if line.startswith("TARGETS="))
    return json.loads(line.removeprefix("TARGETS="))


def _publish_code(page_id: int, title: str) -> str:
    return (
        "import time\n"
        "from wagtail.models import Page\n"
        f"page = Page.objects.get(pk={page_id}).specific\n"
        f"page.title = {title!r}\n"
        "page.save_revision().publish()\n"
        "print('COMMITTED=%r' % time.time())\n"
    )


def _observe_while(stack: Stack, code: str, check: dict, tmp: Path) -> tuple:
    """Run `code` in a shell process of its own; meanwhile, and for 2 s after it
    exits, request every path of `check` in turn: (commit time, observations)."""
    out = tmp / "shell.out"
    with out.open("w") as stdout, (tmp / "shell.err").open("w") as stderr:
        shell = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
            cwd=live.BACKEND,
            env=stack.env,
            stdout=stdout,
            stderr=stderr,
        )
        seen: dict[str, list[tuple[float, bool]]] = {path: [] for path in check}
        until = None
        while until is None or time.time() < until:
            for path, shows_new in check.items():
                began = time.time()
                seen[path].append((began, shows_new(path)))
            if until is None and shell.poll() is not None:
                until = time.time() + 2
            time.sleep(0.02)
    assert shell.returncode == 0, (tmp / "shell.err").read_text()[-3000:]
    committed = float(re.search(r"COMMITTED=([\d.]+)", out.read_text()).group(1))
    return committed, seen


def test_a_publish_is_fresh_through_varnish_and_nothing_else_is_purged(stack, tmp_path):
    targets = _targets(stack)
    page_id, parent_id = targets["id"], targets["parent"]
    detail = f"/api/v1/pages/{page_id}/"
    listing = "/api/v1/pages/?type=strategy_update&fields=*"
    index = f"/api/v1/pages/{parent_id}/"
    # A cached response that does not show the page: its tags (from the app,
    # the same the purge uses) name neither the page nor the listings.
    unrelated = next(
        f"/api/v1/pages/{pk}/"
        for pk in targets["others"]
        if pk not in (parent_id, targets["members"])
        and not {f"page:{page_id}", "pages"} & _tags(stack, f"/api/v1/pages/{pk}/")
    )
    for path in (detail, listing, index, unrelated):
        _cached(stack, path)
    assert f"page:{page_id}" in _tags(stack, listing)
    assert "pages" in _tags(stack, index)

    title = f"Commission announced {uuid.uuid4().hex[:6]}"

    def shows_new(path: str) -> bool:
        data, _ = _json(stack, path)
        found = [data, *data.get("results", []), *data.get("children", [])]
        return any(i.get("id") == page_id and i.get("title") == title for i in found)

    # The index shows its children (id and title) when it lists them.
    index_lists_child = any(
        i.get("id") == page_id for i in _json(stack, index)[0].get("children", [])
    )
    assert index_lists_child
    check = {path: shows_new for path in (detail, listing, index)}
    committed, seen = _observe_while(
        stack, _publish_code(page_id, title), check, tmp_path
    )
    for path, observations in seen.items():
        # Every request that began more than FRESH_WITHIN after the commit
        # showed the new title, and there were such requests.
        later = [new for began, new in observations if began > committed + FRESH_WITHIN]
        assert later, f"{path}: no request after the grace"
        stale = [
            round(began - committed, 3)
            for began, new in observations
            if not new and began > committed + FRESH_WITHIN
        ]
        assert not stale, f"{path}: stale at {stale} s after the commit"

    _, headers = _json(stack, unrelated)
    assert headers["X-Cache"] == "HIT", headers
    assert int(headers["Age"]) >= 1, headers
    # Tags are for caches, not for clients.
    assert not {"xkey", "Surrogate-Key", "Cache-Tag"} & set(headers)


MEMBER_SESSION = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from wagtail.models import PageViewRestriction
restriction = PageViewRestriction.objects.filter(restriction_type="groups").first()
user = get_user_model().objects.create_user(
    username="varnish-member", email="varnish-member@example.org", password="x" * 20
)
user.groups.add(*restriction.groups.all())
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.save()
print("COOKIE=%s=%s" % (settings.SESSION_COOKIE_NAME, session.session_key))
"""


def test_members_only_bodies_are_never_cached_for_anonymous_readers(stack):
    targets = _targets(stack)
    path = f"/api/v1/pages/{targets['members']}/"
    out = stack.shell(MEMBER_SESSION)
    cookie = re.search(r"COOKIE=(\S+)", out).group(1)
    anonymous, _ = _json(stack, path)
    assert anonymous["meta"]["access"] == "members" and anonymous["body"] is None
    for _ in range(2):
        data, headers = _json(stack, path, Cookie=cookie)
        assert data["body"], data
        assert headers["X-Cache"] == "MISS" and "private" in headers["Cache-Control"]
    for _ in range(2):
        data, headers = _json(stack, path)
        assert data["body"] is None, "a member's body was served to an anonymous reader"


def _purge(stack: Stack, *, source: str, tags: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(
        "127.0.0.1", stack.cache_port, timeout=5, source_address=(source, 0)
    )
    try:
        conn.request("PURGE", "/", headers={"xkey": tags})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_a_purge_from_outside_is_refused(stack):
    path = "/api/v1/navigation/"
    _cached(stack, path)
    tags = " ".join(sorted(_tags(stack, path)))
    # Another address on this machine: not in the VCL's `purgers` ACL.
    status, body = _purge(stack, source="127.0.0.2", tags=tags)
    assert status == 403, body
    assert _json(stack, path)[1]["X-Cache"] == "HIT"
    # The app's own address may purge, and the entry goes.
    status, body = _purge(stack, source="127.0.0.1", tags=tags)
    assert status == 200, body
    assert _json(stack, path)[1]["X-Cache"] == "MISS"
