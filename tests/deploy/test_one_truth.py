"""One truth across processes (DESIGN.md): every process serves what one changed.

Three deployments, each started as it runs for real:

- the Dockerfile's gunicorn command (production settings, three workers) and
  the task worker against PostgreSQL, without Redis;
- the same with Redis (`REDIS_URL`);
- the zero-setup default, as `make run` starts it: dev settings, SQLite,
  `runserver --noreload` and the task worker.

For each change, made in a `manage.py shell` process of its own (a scheduled
publish: carried out by the task worker), the test

1. warms every worker: each serves (and may cache) the old state of every URL
   checked, several times;
2. makes the change; its process exits after committing;
3. polls over HTTP, a new connection per request: for up to GRACE seconds a
   request may still show the old state; after that every request must show
   the new one (at least AFTER_MIN per URL over SETTLE seconds, and until each
   worker has answered each URL), and once a request has shown the new state
   no later request may show the old one.

Only HTTP responses are observed, so the test holds whatever the caching
layer does inside. Which gunicorn worker answered is read from its access
log (its format set through GUNICORN_CMD_ARGS; the command is the image's).
Throttling is lifted (THROTTLE_ANON, THROTTLE_USER): the test sends a few
thousand anonymous requests a minute.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.deploy import live

pytestmark = pytest.mark.live

GRACE = 1.0  # seconds after the change during which the old state may be served
SETTLE = 2.0  # seconds of polling after the grace, at the least
AFTER_MIN = 40  # requests per URL after the grace, at the least
PER_WORKER = 2  # ... of which at least this many answered by each worker
WARM_MIN = 30  # warm-up requests per URL, at the least
WARM_PER_WORKER = 3  # ... of which at least this many answered by each worker
ROUND = 0.05  # seconds between rounds of polling (one request per URL)
REACH_LIMIT = 15.0  # seconds to keep trying to reach every worker
WORKERS = 3  # gunicorn workers (WEB_CONCURRENCY)

REDIS_URL = "redis://127.0.0.1:6379/14"
TEMPLATE_DB = live.throwaway_db("intl_one_truth_template_test")
ACCESS_LOG_FORMAT = "one-truth probe=%({x-probe}i)s pid=%(p)s"
ACCESS_LINE = re.compile(r"one-truth probe=(\S+) pid=<?(\d+)>?")
TASK_TABLE = "django_tasks_database_dbtaskresult"


# --- requests and what they showed ----------------------------------------------


@dataclass(frozen=True)
class Check:
    """A URL, what a response to it shows, and which of those are the old and new state."""

    path: str
    view: Callable[[int, Any], str]
    old: frozenset[str]
    new: frozenset[str]


@dataclass
class Response:
    path: str
    probe: str
    start: float  # seconds since the change (warm-up: since the warm-up began)
    end: float
    shown: str
    state: str  # "old", "new" or "unexpected"
    worker: str = "?"


def _find(status: int, data: Any, page_id: int) -> dict[str, Any] | None:
    """The page in a detail, resolve or listing response, or None."""
    if status != 200 or not isinstance(data, dict):
        return None
    if isinstance(data.get("results"), list):
        return next((i for i in data["results"] if i.get("id") == page_id), None)
    return data if data.get("id") == page_id else None


def _presence(page_id: int) -> Callable[[int, Any], str]:
    def view(status: int, data: Any) -> str:
        if _find(status, data, page_id) is not None:
            return "shown"
        if status == 200 and isinstance(data, dict) and "results" in data:
            return "not listed"
        return f"HTTP {status}"

    return view


def _field(page_id: int, label: str, get_value: Callable[[dict], Any]):
    def view(status: int, data: Any) -> str:
        page = _find(status, data, page_id)
        if page is None:
            return f"page {page_id} missing (HTTP {status})"
        try:
            return f"{label}={get_value(page)!r}"
        except (KeyError, TypeError) as exc:
            return f"{label} unreadable ({exc!r})"

    return view


def _title(page_id: int) -> Callable[[int, Any], str]:
    return _field(page_id, "title", lambda page: page["title"])


def _states(view: Callable, old: str | set[str], new: str | set[str]) -> dict:
    return {
        "view": view,
        "old": frozenset({old} if isinstance(old, str) else old),
        "new": frozenset({new} if isinstance(new, str) else new),
    }


def _resolve(path: str) -> str:
    return f"/api/v1/pages/resolve/?path={path}"


# --- the deployments ------------------------------------------------------------


class AccessLog:
    """gunicorn's access log (its stdout), read as it is written: probe -> worker pid."""

    def __init__(self, stream: Any, copy: Path) -> None:
        self._workers: dict[str, str] = {}
        self._lock = threading.Lock()
        self._copy = copy
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: Any) -> None:
        with self._copy.open("ab") as copy:
            for line in stream:
                copy.write(line)
                match = ACCESS_LINE.search(line.decode(errors="replace"))
                if match:
                    with self._lock:
                        self._workers[match.group(1)] = match.group(2)

    def worker(self, probe: str) -> str | None:
        with self._lock:
            return self._workers.get(probe)


def _children(pid: int) -> set[str]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(entry.name)
    return found


_probes = itertools.count(1)


@dataclass
class Deployment:
    name: str
    base: str
    env: dict[str, str]
    logs: Path
    query: Callable[[str, tuple], tuple | None]  # SQL, for the scheduled publish
    master: subprocess.Popen | None = None  # gunicorn's; None for runserver
    access: AccessLog | None = None
    targets: dict[str, Any] = field(default_factory=dict)

    def workers(self) -> set[str]:
        """The processes now serving requests."""
        if self.master is None:
            return {"runserver"}
        return _children(self.master.pid)

    def request(self, check: Check, since: float) -> Response:
        probe = f"{self.name}-{next(_probes)}"
        begin = time.monotonic()
        try:
            status, _, body = live.get(
                self.base + check.path, headers={"X-Probe": probe}
            )
            try:
                data = json.loads(body) if body else None
            except ValueError:
                data = None
            shown = check.view(status, data)
        except OSError as exc:
            shown = f"no response ({exc!r})"
        end = time.monotonic()
        state = (
            "old"
            if shown in check.old
            else "new"
            if shown in check.new
            else "unexpected"
        )
        return Response(
            check.path,
            probe,
            begin - since,
            end - since,
            shown,
            state,
            self._who(probe),
        )

    def _who(self, probe: str) -> str:
        if self.access is None:
            return "runserver"
        return self.access.worker(probe) or "?"

    def identify(self, responses: list[Response], *, wait: float) -> None:
        """Fill in which worker answered each response (its log line may lag)."""
        deadline = time.monotonic() + wait
        while True:
            for response in responses:
                if response.worker == "?":
                    response.worker = self._who(response.probe)
            if all(r.worker != "?" for r in responses) or time.monotonic() > deadline:
                return
            time.sleep(0.05)

    def reached(self, responses: list[Response], paths: list[str], least: int) -> bool:
        """Whether every live worker answered every path at least `least` times."""
        self.identify(responses, wait=0)
        counts = Counter((r.path, r.worker) for r in responses)
        return all(
            counts[path, worker] >= least for path in paths for worker in self.workers()
        )

    def shell(self, code: str) -> str:
        """Run `code` in a `manage.py shell` process of its own; its stdout."""
        # Never retried: on SQLite, IMMEDIATE transactions and the busy timeout
        # mean the task worker's polling can never make a change fail.
        return live.manage(self.env, "shell", "-v", "0", "-c", code, timeout=120).stdout

    def log_tail(self) -> str:
        text = self.logs.read_text(errors="replace") if self.logs.exists() else ""
        return text[-3000:]


SETUP = """
import json
from wagtail.models import Page, Site

root = Site.objects.get(is_default_site=True).root_page

def page(path):
    return Page.objects.get(url_path=root.url_path + path + "/").specific

pages = {
    "title": "international/strategy/commission-announced",
    "unpublish": "international/strategy/consultation-opens",
    "scheduled": "international/strategy/publication-expected",
    "move": "international/about",
    "password": "international/representation/ifla-faife",
    "groups": "international/representation/ifla-professional-committee",
    "image": "international/working-internationally",
    "snippet": "international/travelling-librarian-award",
}
targets = {}
for key, path in pages.items():
    p = page(path)
    targets[key] = {"id": p.pk, "title": p.title, "path": "/" + path + "/"}
targets["home"] = root.pk
targets["strategy_index"] = page("international/strategy").pk
targets["image"]["image_id"] = page(pages["image"]).listing_image_id
award = page(pages["snippet"])
targets["snippet"]["organisation_id"] = award.partner_id
targets["snippet"]["organisation"] = award.partner.name
print("TARGETS=" + json.dumps(targets))
"""


def _prepare(env: dict[str, str]) -> None:
    """Migrate, load the demo content, and run the tasks that queued (search and
    reference index updates), so the deployment starts settled."""
    live.manage(env, "migrate", "--no-input", "-v0")
    live.manage(env, "load_demo_content")
    live.manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")


def _targets(deployment: Deployment) -> dict[str, Any]:
    out = deployment.shell(SETUP)
    line = next(line for line in out.splitlines() if line.startswith("TARGETS="))
    return json.loads(line.removeprefix("TARGETS="))


@dataclass
class Prepared:
    """Databases with the demo content, made once, for the deployments to copy."""

    postgres: str = ""  # a template database
    postgres_media: Path | None = None
    sqlite: Path | None = None
    sqlite_media: Path | None = None
    static: Path | None = None  # collectstatic's output


@pytest.fixture(scope="module")
def prepared(request, tmp_path_factory) -> Iterator[Prepared]:
    """What the selected deployments need, prepared side by side (two cores)."""
    wanted = {
        item.callspec.params["deployment"]
        for item in request.session.items
        if "deployment" in getattr(getattr(item, "callspec", None), "params", {})
    }
    tmp = tmp_path_factory.mktemp("prepared")
    result = Prepared()
    jobs: list[Callable[[], Any]] = []
    with ExitStack() as stack:
        if any(name.startswith("gunicorn") for name in wanted):
            url = stack.enter_context(live.postgres_database(TEMPLATE_DB))
            result.postgres, result.postgres_media = TEMPLATE_DB, tmp / "pg-media"
            pg_env = live.clean_env(
                DJANGO_SETTINGS_MODULE="config.settings.base",
                DJANGO_SECRET_KEY="one-truth-template-" + "s" * 40,
                DATABASE_URL=url,
                DJANGO_ALLOWED_HOSTS="127.0.0.1",
                MEDIA_ROOT=str(result.postgres_media),
                LOG_LEVEL="WARNING",
            )
            jobs.append(lambda: _prepare(pg_env))
            # As the Dockerfile does at build time.
            result.static = tmp / "static"
            static_env = live.clean_env(
                DJANGO_SETTINGS_MODULE="config.settings.base",
                DJANGO_SECRET_KEY="collectstatic",
                DATABASE_URL=f"sqlite:///{tmp / 'build.sqlite3'}",
                DJANGO_ALLOWED_HOSTS="localhost",
                STATIC_ROOT=str(result.static),
            )
            jobs.append(
                lambda: live.manage(static_env, "collectstatic", "--no-input", "-v0")
            )
        if "runserver-sqlite" in wanted:
            result.sqlite, result.sqlite_media = tmp / "dev.sqlite3", tmp / "dev-media"
            sqlite_env = live.clean_env(
                DJANGO_SETTINGS_MODULE="config.settings.dev",
                DATABASE_URL=f"sqlite:///{result.sqlite}",
                MEDIA_ROOT=str(result.sqlite_media),
                PRIVATE_MEDIA_ROOT=str(tmp / "dev-private"),
                STATIC_ROOT=str(tmp / "dev-static"),
                LOG_LEVEL="WARNING",
            )
            jobs.append(lambda: _prepare(sqlite_env))
        with ThreadPoolExecutor(max_workers=2) as pool:
            for future in [pool.submit(job) for job in jobs]:
                future.result()
        yield result


def _sqlite_query(path: Path) -> Callable[[str, tuple], tuple | None]:
    def query(sql: str, params: tuple) -> tuple | None:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            return conn.execute(sql.replace("%s", "?"), params).fetchone()
        finally:
            conn.close()

    return query


def _flush_redis() -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}")


@pytest.fixture(
    scope="module",
    params=["gunicorn-postgres", "gunicorn-postgres-redis", "runserver-sqlite"],
)
def deployment(request, tmp_path_factory) -> Iterator[Deployment]:
    name = request.param
    tmp = tmp_path_factory.mktemp(name)
    port = live.free_port()
    base = f"http://127.0.0.1:{port}"
    common = {
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "BACKEND_BASE_URL": base,
        "THROTTLE_ANON": "1000000/min",
        "THROTTLE_USER": "1000000/min",
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    logs = tmp / "server.log"
    with ExitStack() as stack:
        if name == "runserver-sqlite":
            database = tmp / "dev.sqlite3"
            env = live.clean_env(
                DJANGO_SETTINGS_MODULE="config.settings.dev",
                DATABASE_URL=f"sqlite:///{database}",
                STATIC_ROOT=str(tmp / "static"),
                **common,
            )
            ready = request.getfixturevalue("prepared")
            shutil.copyfile(ready.sqlite, database)
            shutil.copytree(ready.sqlite_media, tmp / "media")
            # As `make run` starts them, from the project root. The scheduler
            # is left out: the test enqueues the scheduled-publishing task.
            manage_py = [sys.executable, "backend/manage.py"]
            worker = live.start(
                [*manage_py, "db_worker", "--interval", "1"],
                env=env,
                cwd=live.BACKEND.parent,
                log=tmp / "worker.log",
            )
            stack.callback(live.stop, worker)
            server = live.start(
                [*manage_py, "runserver", "--noreload", f"127.0.0.1:{port}"],
                env=env,
                cwd=live.BACKEND.parent,
                log=logs,
            )
            stack.callback(live.stop, server)
            deployment = Deployment(name, base, env, logs, _sqlite_query(database))
        else:
            ready = request.getfixturevalue("prepared")
            db_name = live.throwaway_db(
                "intl_one_truth_" + name.replace("-", "_") + "_test"
            )
            url = stack.enter_context(
                live.postgres_database(db_name, template=ready.postgres)
            )
            shutil.copytree(ready.postgres_media, tmp / "media")
            extra = {}
            if name.endswith("redis"):
                _flush_redis()
                stack.callback(_flush_redis)
                extra["REDIS_URL"] = REDIS_URL
            env = live.clean_env(
                DJANGO_SETTINGS_MODULE="config.settings.base",
                DJANGO_SECRET_KEY="one-truth-test-" + "s" * 40,
                DATABASE_URL=url,
                DJANGO_ALLOWED_HOSTS="127.0.0.1",
                DJANGO_SECURE_SSL_REDIRECT="false",
                STATIC_ROOT=str(ready.static),
                HOST="127.0.0.1",
                PORT=str(port),
                WEB_CONCURRENCY=str(WORKERS),
                GUNICORN_CMD_ARGS=f"--access-logformat '{ACCESS_LOG_FORMAT}'",
                **common,
                **extra,
            )
            worker = live.start(
                [sys.executable, "manage.py", "db_worker"],
                env=env,
                cwd=live.BACKEND,
                log=tmp / "worker.log",
            )
            stack.callback(live.stop, worker)
            server = live.start(
                live.dockerfile_cmd(),
                env=env,
                cwd=live.BACKEND,
                log=logs,
                stdout=subprocess.PIPE,
            )
            stack.callback(live.stop, server)
            conn = live.pg_connect(db_name)
            stack.callback(conn.close)
            deployment = Deployment(
                name,
                base,
                env,
                logs,
                lambda sql, params: conn.execute(sql, params).fetchone(),
                master=server,
                access=AccessLog(server.stdout, tmp / "access.log"),
            )
        live.wait_healthy(base, server)
        deadline = time.monotonic() + 60
        expected = 1 if deployment.master is None else WORKERS
        while len(deployment.workers()) < expected:
            if time.monotonic() > deadline:
                pytest.fail(f"{name}: fewer than {expected} workers came up")
            time.sleep(0.2)
        deployment.targets = _targets(deployment)
        yield deployment


# --- the changes ------------------------------------------------------------------


@dataclass
class Case:
    title: str
    checks: list[Check]
    change: str  # Python for `manage.py shell -c`
    schedule: str | None = None  # run before the warm-up; the worker makes the change
    expect_title: tuple[int, str] | None = None  # the page title the worker publishes


def _atomic(code: str) -> str:
    body = "\n".join("    " + line for line in code.strip().splitlines())
    return "from django.db import transaction\nwith transaction.atomic():\n" + body


def title_edit(t: dict, d: Deployment) -> Case:
    page, new = t["title"]["id"], t["title"]["title"] + " (edited)"
    old = t["title"]["title"]
    return Case(
        "title edit and publish",
        [
            Check(
                f"/api/v1/pages/{page}/",
                **_states(_title(page), f"title={old!r}", f"title={new!r}"),
            ),
            Check(
                "/api/v1/pages/?type=strategy_update&fields=*",
                **_states(_title(page), f"title={old!r}", f"title={new!r}"),
            ),
        ],
        _atomic(
            f"""
from wagtail.models import Page
page = Page.objects.get(pk={page}).specific
page.title = {new!r}
page.save_revision().publish()
"""
        ),
    )


def _hidden(page: int, path: str, *, listing: str) -> list[Check]:
    """Checks that `page` goes from its detail, `listing` and its path."""
    presence = _presence(page)
    return [
        Check(f"/api/v1/pages/{page}/", **_states(presence, "shown", "HTTP 404")),
        Check(listing, **_states(presence, "shown", "not listed")),
        Check(_resolve(path), **_states(presence, "shown", "HTTP 404")),
    ]


def unpublish(t: dict, d: Deployment) -> Case:
    page, path = t["unpublish"]["id"], t["unpublish"]["path"]
    return Case(
        "unpublish",
        _hidden(page, path, listing="/api/v1/pages/?type=strategy_update"),
        _atomic(
            f"""
from wagtail.models import Page
Page.objects.get(pk={page}).specific.unpublish()
"""
        ),
    )


def move(t: dict, d: Deployment) -> Case:
    page, old_path = t["move"]["id"], t["move"]["path"]
    new_path = "/" + old_path.rstrip("/").rsplit("/", 1)[1] + "/"

    def at(status: int, data: Any) -> str:
        if status == 200 and isinstance(data, dict) and "redirect" in data:
            return f"redirect to {data['redirect'].get('location')}"
        found = _find(status, data, page)
        if found is not None:
            return f"page {page} with meta.path={found['meta']['path']!r}"
        return f"HTTP {status}"

    shown_old = f"page {page} with meta.path={old_path!r}"
    shown_new = f"page {page} with meta.path={new_path!r}"
    return Case(
        f"move {old_path} under the home page",
        [
            Check(f"/api/v1/pages/{page}/", **_states(at, shown_old, shown_new)),
            # The old path is gone: nothing there, or a redirect to the new one.
            Check(
                _resolve(old_path),
                **_states(at, shown_old, {"HTTP 404", f"redirect to {new_path}"}),
            ),
            # Resolving the new path but showing the old path is stale too.
            Check(
                _resolve(new_path), **_states(at, {"HTTP 404", shown_old}, shown_new)
            ),
        ],
        _atomic(
            f"""
from wagtail.models import Page
Page.objects.get(pk={page}).move(Page.objects.get(pk={t["home"]}), pos="last-child")
"""
        ),
    )


def password_restriction(t: dict, d: Deployment) -> Case:
    page, path = t["password"]["id"], t["password"]["path"]
    return Case(
        "password restriction",
        _hidden(page, path, listing="/api/v1/pages/?type=representation&fields=*"),
        _atomic(
            f"""
from wagtail.models import Page, PageViewRestriction
PageViewRestriction.objects.create(
    page=Page.objects.get(pk={page}),
    restriction_type=PageViewRestriction.PASSWORD,
    password="one-truth",
)
"""
        ),
    )


def group_restriction(t: dict, d: Deployment) -> Case:
    page = t["groups"]["id"]

    def access(status: int, data: Any) -> str:
        found = _find(status, data, page)
        if found is None:
            return f"page {page} missing (HTTP {status})"
        meta = found.get("meta", {})
        body = "null" if found.get("body") is None else "shown"
        return f"access={meta.get('access')}, has_access={meta.get('has_access')}, body {body}"

    old = "access=public, has_access=True, body shown"
    new = "access=members, has_access=False, body null"
    return Case(
        "group restriction",
        [
            Check(f"/api/v1/pages/{page}/", **_states(access, old, new)),
            Check(
                "/api/v1/pages/?type=representation&fields=title,meta,body",
                **_states(access, old, new),
            ),
            Check(_resolve(t["groups"]["path"]), **_states(access, old, new)),
        ],
        _atomic(
            f"""
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction
restriction = PageViewRestriction.objects.create(
    page=Page.objects.get(pk={page}), restriction_type=PageViewRestriction.GROUPS
)
restriction.groups.add(Group.objects.get_or_create(name=settings.MEMBERS_GROUP_NAME)[0])
"""
        ),
    )


def image_alt_text(t: dict, d: Deployment) -> Case:
    page, image = t["image"]["id"], t["image"]["image_id"]
    status, _, body = live.get(f"{d.base}/api/v1/images/{image}/")
    assert status == 200, body
    old = json.loads(body)["alt"]
    new = "Librarians from two countries at one table"
    assert old != new

    def alt(status: int, data: Any) -> str:
        if status == 200 and isinstance(data, dict) and data.get("id") == image:
            return f"alt={data.get('alt')!r}"
        return f"HTTP {status}"

    listing_alt = _field(page, "listing_image.alt", lambda p: p["listing_image"]["alt"])
    return Case(
        "image alt-text change",
        [
            Check(
                f"/api/v1/pages/{page}/",
                **_states(
                    listing_alt,
                    f"listing_image.alt={old!r}",
                    f"listing_image.alt={new!r}",
                ),
            ),
            Check(
                "/api/v1/pages/?type=programme&fields=*",
                **_states(
                    listing_alt,
                    f"listing_image.alt={old!r}",
                    f"listing_image.alt={new!r}",
                ),
            ),
            Check(
                f"/api/v1/images/{image}/",
                **_states(alt, f"alt={old!r}", f"alt={new!r}"),
            ),
        ],
        # The API renders an image's description as its alt text.
        _atomic(
            f"""
from wagtail.images import get_image_model
image = get_image_model().objects.get(pk={image})
image.description = {new!r}
image.save()
"""
        ),
    )


def snippet_edit(t: dict, d: Deployment) -> Case:
    page, organisation = t["snippet"]["id"], t["snippet"]["organisation_id"]
    old = t["snippet"]["organisation"]
    new = old + " (renamed)"
    partner = _field(page, "partner.name", lambda p: p["partner"]["name"])
    return Case(
        "snippet edit (an organisation's name)",
        [
            Check(
                f"/api/v1/pages/{page}/",
                **_states(partner, f"partner.name={old!r}", f"partner.name={new!r}"),
            ),
            Check(
                "/api/v1/pages/?type=award&fields=*",
                **_states(partner, f"partner.name={old!r}", f"partner.name={new!r}"),
            ),
        ],
        _atomic(
            f"""
from core.models import Organisation
organisation = Organisation.objects.get(pk={organisation})
organisation.name = {new!r}
organisation.save()
"""
        ),
    )


def translation_published(t: dict, d: Deployment) -> Case:
    """A Spanish translation of an English-only page, in menus: its detail in
    Spanish, the English page's translations list, and Spanish navigation."""
    page, path = t["snippet"]["id"], t["snippet"]["path"]
    spanish_path = "/es" + path

    def served(status: int, data: Any) -> str:
        if status != 200 or not isinstance(data, dict) or "meta" not in data:
            return f"HTTP {status}"
        return f"meta.locale={data['meta'].get('locale')!r}"

    def translations(status: int, data: Any) -> str:
        found = _find(status, data, page)
        if found is None:
            return f"page {page} missing (HTTP {status})"
        return f"translations={[i['locale'] for i in found['meta']['translations']]}"

    def listed(status: int, data: Any) -> str:
        if status != 200 or not isinstance(data, dict):
            return f"HTTP {status}"
        stack, paths = list(data.get("items", [])), set()
        while stack:
            item = stack.pop()
            paths.add(item.get("path"))
            stack.extend(item.get("children", []))
        return "listed" if spanish_path in paths else "not listed"

    return Case(
        "translation published (Spanish)",
        [
            Check(
                f"/api/v1/pages/{page}/?locale=es",
                **_states(served, "meta.locale='en'", "meta.locale='es'"),
            ),
            Check(
                f"/api/v1/pages/{page}/",
                **_states(
                    translations, "translations=['en']", "translations=['en', 'es']"
                ),
            ),
            Check(
                "/api/v1/navigation/?locale=es",
                **_states(listed, "not listed", "listed"),
            ),
        ],
        _atomic(
            f"""
from wagtail.models import Locale, Page
page = Page.objects.get(pk={page}).specific
copy = page.copy_for_translation(Locale.objects.get(language_code="es"))
copy.title = "Premio del bibliotecario viajero"
copy.show_in_menus = True
copy.save()
copy.save_revision().publish()
"""
        ),
    )


def scheduled_publish(t: dict, d: Deployment) -> Case:
    page, old = t["scheduled"]["id"], t["scheduled"]["title"]
    new = old + " (scheduled)"
    title = _title(page)
    return Case(
        "scheduled publish",
        [
            Check(
                f"/api/v1/pages/{page}/",
                **_states(title, f"title={old!r}", f"title={new!r}"),
            ),
            Check(
                f"/api/v1/pages/?child_of={t['strategy_index']}&fields=*",
                **_states(title, f"title={old!r}", f"title={new!r}"),
            ),
        ],
        change="""
from content.tasks import publish_scheduled_pages
print("RESULT_ID=" + str(publish_scheduled_pages.enqueue().id))
""",
        schedule=_atomic(
            f"""
import datetime
from django.utils import timezone
from wagtail.models import Page
page = Page.objects.get(pk={page}).specific
page.title = {new!r}
page.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
page.save_revision().publish()
print("GO_LIVE_AT=" + str(page.go_live_at.timestamp()))
"""
        ),
        expect_title=(page, new),
    )


CASES = {
    "title-edit": title_edit,
    "unpublish": unpublish,
    "move": move,
    "password-restriction": password_restriction,
    "group-restriction": group_restriction,
    "image-alt-text": image_alt_text,
    "snippet-edit": snippet_edit,
    "translation-published": translation_published,
    "scheduled-publish": scheduled_publish,
}


# --- warming, changing, polling ---------------------------------------------------


def _marker(out: str, name: str) -> str:
    for line in out.splitlines():
        if line.startswith(name + "="):
            return line.removeprefix(name + "=")
    pytest.fail(f"no {name}= in the shell's output:\n{out}", pytrace=False)


def _warm(d: Deployment, case: Case) -> None:
    paths = [check.path for check in case.checks]
    since = time.monotonic()
    responses: list[Response] = []
    rounds = 0
    while True:
        for check in case.checks:
            response = d.request(check, since)
            responses.append(response)
            if response.state != "old":
                pytest.fail(
                    f"[{d.name}] {case.title}: before the change, GET {check.path} "
                    f"served {response.shown!r}, expected the old state "
                    f"{sorted(check.old)} (the test's setup is wrong, not the cache)",
                    pytrace=False,
                )
        rounds += 1
        if rounds >= WARM_MIN and d.reached(responses, paths, WARM_PER_WORKER):
            return
        if time.monotonic() - since > REACH_LIMIT:
            d.identify(responses, wait=2)
            pytest.fail(
                f"[{d.name}] {case.title}: warming did not reach every worker "
                f"{sorted(d.workers())}: answered by "
                f"{dict(Counter((r.path, r.worker) for r in responses))}",
                pytrace=False,
            )


def _commit(d: Deployment, case: Case, go_live_at: float | None) -> tuple[float, str]:
    """Make the change; the moment it is committed (monotonic) and how it was made."""
    if case.schedule is None:
        d.shell(case.change)
        return (
            time.monotonic(),
            "made by a `manage.py shell` process that has exited",
        )
    assert go_live_at is not None and case.expect_title is not None
    while time.time() < go_live_at + 0.2:
        time.sleep(0.05)
    result_id = uuid.UUID(_marker(d.shell(case.change), "RESULT_ID"))
    key = result_id.hex if d.master is None else result_id
    deadline = time.monotonic() + 60
    while True:
        row = d.query(
            f"SELECT status, traceback FROM {TASK_TABLE} WHERE id = %s", (key,)
        )
        if row and row[0] in ("SUCCESSFUL", "FAILED"):
            finished = time.monotonic()
            break
        if time.monotonic() > deadline:
            pytest.fail(
                f"[{d.name}] the task worker did not run the task within 60 s ({row})"
            )
        time.sleep(0.02)
    if row[0] != "SUCCESSFUL":
        pytest.fail(
            f"[{d.name}] publish_scheduled_pages failed:\n{row[1]}", pytrace=False
        )
    page, title = case.expect_title
    found = d.query("SELECT title FROM wagtailcore_page WHERE id = %s", (page,))
    if not found or found[0] != title:
        pytest.fail(
            f"[{d.name}] the worker's task finished but page {page}'s title in the "
            f"database is {found and found[0]!r}, not {title!r} (a setup problem)",
            pytrace=False,
        )
    return (
        finished,
        "carried out by the task worker (t=0: its task result shows it finished)",
    )


def _poll(d: Deployment, case: Case, since: float) -> list[Response]:
    paths = [check.path for check in case.checks]
    responses: list[Response] = []
    rounds = 0
    while True:
        for check in case.checks:
            responses.append(d.request(check, since))
        rounds += 1
        elapsed = time.monotonic() - since
        after = [r for r in responses if r.start >= GRACE]
        enough = all(sum(r.path == p for r in after) >= AFTER_MIN for p in paths)
        if elapsed >= GRACE + SETTLE and enough and d.reached(after, paths, PER_WORKER):
            break
        if elapsed >= GRACE + SETTLE + REACH_LIMIT:
            break
        pause = since + rounds * ROUND - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    d.identify(responses, wait=3)
    return responses


def _problems(d: Deployment, case: Case, responses: list[Response]) -> list[str]:
    problems = []
    live = sorted(d.workers())
    for check in case.checks:
        where = f"GET {check.path}"
        seen = [r for r in responses if r.path == check.path]
        after = [r for r in seen if r.start >= GRACE]
        unexpected = [r for r in seen if r.state == "unexpected"]
        if unexpected:
            problems.append(
                f"{where}: {len(unexpected)} responses were neither the old nor the new "
                f"state, e.g. at +{unexpected[0].start:.2f} s from worker "
                f"{unexpected[0].worker}: {unexpected[0].shown!r} (old: "
                f"{sorted(check.old)}, new: {sorted(check.new)})"
            )
        stale = [r for r in after if r.state == "old"]
        if stale:
            per_worker = ", ".join(
                f"{worker}: {sum(r.worker == worker for r in stale)}"
                f"/{sum(r.worker == worker for r in after)}"
                for worker in sorted({r.worker for r in after})
            )
            fresh = sum(r.state == "new" for r in after)
            problems.append(
                f"{where}: STALE: {len(stale)} of {len(after)} requests made "
                f"{GRACE:g} s or more after the change served the old state "
                f"{stale[0].shown!r} (from +{stale[0].start:.2f} s to "
                f"+{stale[-1].start:.2f} s) instead of {sorted(check.new)}; stale/"
                f"requests per worker: {per_worker}; the new state was served "
                f"{fresh} times after the grace"
            )
        first_new = next((r for r in seen if r.state == "new"), None)
        if first_new is not None:
            back = [
                r
                for r in seen
                if r.start >= first_new.end and r.start < GRACE and r.state == "old"
            ]
            if back:
                problems.append(
                    f"{where}: the new state was served at +{first_new.start:.2f} s "
                    f"(worker {first_new.worker}), then the old one again "
                    f"{len(back)} times, first at +{back[0].start:.2f} s (worker "
                    f"{back[0].worker}): {back[0].shown!r}"
                )
        counts = Counter(r.worker for r in after)
        unreached = [w for w in live if counts[w] < PER_WORKER]
        if unreached or len(after) < AFTER_MIN:
            problems.append(
                f"{where}: after the grace only {len(after)} requests, answered by "
                f"{dict(counts)}; workers {live} not all reached {PER_WORKER} times"
            )
    return problems


def _summary(d: Deployment, case: Case, responses: list[Response]) -> None:
    """What each URL served when, on stdout (pytest shows it with -rA or -s)."""
    for check in case.checks:
        seen = [r for r in responses if r.path == check.path]
        old = [r.start for r in seen if r.state == "old"]
        new = [r.start for r in seen if r.state == "new"]
        print(
            f"[{d.name}] {case.title}: GET {check.path}: "
            f"last old at {f'+{old[-1]:.2f} s' if old else 'never'}, "
            f"first new at {f'+{new[0]:.2f} s' if new else 'never'}; "
            f"{len(seen)} requests, by worker {dict(Counter(r.worker for r in seen))}"
        )


@pytest.mark.parametrize("change", list(CASES))
def test_every_worker_serves_the_change_within_a_second(deployment, change):
    d = deployment
    case = CASES[change](d.targets, d)
    go_live_at = None
    if case.schedule is not None:
        go_live_at = float(_marker(d.shell(case.schedule), "GO_LIVE_AT"))
    _warm(d, case)
    since, how = _commit(d, case, go_live_at)
    responses = _poll(d, case, since)
    _summary(d, case, responses)
    problems = _problems(d, case, responses)
    if problems:
        workers = (
            "runserver"
            if d.master is None
            else f"gunicorn workers {sorted(d.workers())}"
        )
        log = ""
        if any(r.state == "unexpected" for r in responses):
            log = f"\nserver log ({d.logs}), last lines:\n{d.log_tail()}"
        pytest.fail(
            f"[{d.name}: {workers}] {case.title}, {how}; the old state may be "
            f"served for {GRACE:g} s, then only the new one:\n- "
            + "\n- ".join(problems)
            + log,
            pytrace=False,
        )
