"""`make run` on its zero-setup SQLite file never answers "database is locked".

Web server, task worker and scheduler are three processes on one SQLite file,
and an editor may run a shell beside them. Here they are started as `make run`
starts them (dev settings, `runserver --noreload`, `db_worker`,
`run_scheduler`) on a fresh file with the demo content, and an editor
publishes 20 times through the admin's own edit view, over real HTTP, while a
shell publishes another page and the worker writes the search and reference
index updates each publish enqueues.
"""

import html as html_lib
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from typing import IO

import pytest
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from tests.deploy import live

pytestmark = pytest.mark.live

LOCKED = "database is locked"
PUBLISHES = 20
SHELL_PUBLISHES = 8
TASKS_TABLE = "django_tasks_database_dbtaskresult"
INDEX_TASKS = (
    "wagtail.tasks.update_reference_index_task",
    "modelsearch.tasks.insert_or_update_object_task",
)

SHELL_PUBLISHER = """
import time
from wagtail.models import Page
for i in range({count}):
    page = Page.objects.get(pk={pk}).specific
    page.title = f"Shell publish {{i}}"
    page.save_revision().publish()
    print("published", page.title, flush=True)
    time.sleep(0.2)
"""


def _utcnow() -> str:
    # How Django stores an aware datetime in SQLite (UTC, space-separated).
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


class _FormFields(HTMLParser):
    """The fields a browser would submit from the form with the given id."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self._in_form = True
        if not self._in_form or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append(
                (name, a.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def _form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.fields


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _Browser:
    """A cookie-keeping HTTP client that reports redirects instead of following them."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect
        )

    def request(
        self, path: str, data: list[tuple[str, str]] | None = None
    ) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


@dataclass
class DevStack:
    url: str
    db: Path
    env: dict[str, str]
    logs: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    _files: list[IO[bytes]] = field(default_factory=list)

    def start(self, name: str, *args: str) -> subprocess.Popen:
        out = (self.logs / f"{name}.out").open("wb")
        err = (self.logs / f"{name}.err").open("wb")
        self._files += [out, err]
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=live.BACKEND,
            env=self.env,
            stdout=out,
            stderr=err,
        )
        self.processes[name] = process
        return process

    def stop_all(self) -> None:
        """Stop every process started here (Ctrl-C first, as `make run` does)."""
        for process in reversed(self.processes.values()):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
        for file in self._files:
            file.close()

    def stderr(self, name: str) -> str:
        return (self.logs / f"{name}.err").read_text(errors="replace")

    def query(self, sql: str, *params: object) -> list[tuple]:
        conn = sqlite3.connect(self.db, timeout=20)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()


@pytest.fixture
def dev_stack(tmp_path) -> Iterator[DevStack]:
    port = live.free_port()
    db = tmp_path / "db.sqlite3"
    env = live.clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{db}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        BACKEND_BASE_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    logs = tmp_path / "logs"
    logs.mkdir()
    live.manage(env, "migrate", "--no-input", "-v0")
    live.manage(env, "load_demo_content")
    live.manage(env, "ensure_dev_admin")
    stack = DevStack(url=f"http://127.0.0.1:{port}", db=db, env=env, logs=logs)
    try:
        # As `make run` starts them (the worker polls faster, to press harder).
        stack.start("worker", "db_worker", "--interval", "0.1")
        stack.start("scheduler", "run_scheduler")
        server = stack.start("server", "runserver", "--noreload", f"127.0.0.1:{port}")
        browser = _Browser(stack.url)
        for _ in range(150):
            try:
                if browser.request("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None:
                pytest.fail("runserver exited: " + stack.stderr("server")[-3000:])
            time.sleep(0.2)
        else:
            pytest.fail("runserver did not answer /healthz")
        yield stack
    finally:
        stack.stop_all()


def _page_ids(stack: DevStack, model: str) -> list[int]:
    rows = stack.query(
        "SELECT p.id FROM wagtailcore_page p JOIN django_content_type c"
        " ON c.id = p.content_type_id WHERE c.model = ? ORDER BY p.id",
        model,
    )
    return [pk for (pk,) in rows]


def _publish_data(html: str, title: str, serial: int) -> list[tuple[str, str]]:
    """The edit form as the browser shows it, with a new title and body, published.

    The body (a StreamField) and the comments are built by the admin's
    JavaScript, so they are posted the way Wagtail's own tests post them.
    """
    changes = nested_form_data(
        {
            "title": title,
            "body": streamfield(
                [("paragraph", rich_text(f"<p>Update {serial} of the strategy.</p>"))]
            ),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    kept = [
        (name, value)
        for name, value in _form_fields(html, "page-edit-form")
        if name not in changes and not name.startswith(("body-", "comments-"))
    ]
    return kept + [(name, str(value)) for name, value in changes.items()]


def _excerpt(body: str) -> str:
    # DEBUG is on: a 500 is Django's technical page, whose summary names the error.
    match = re.search(r'<pre class="exception_value">(.*?)</pre>', body, re.S)
    return html_lib.unescape(match.group(1)).strip() if match else body[:300]


def test_admin_publishes_beside_worker_scheduler_and_shell_never_lock(dev_stack):
    stack = dev_stack
    editor_pages = _page_ids(stack, "strategyupdatepage")
    shell_page = _page_ids(stack, "standardpage")[0]
    assert len(editor_pages) >= 2

    browser = _Browser(stack.url)
    status, html = browser.request("/admin/login/")
    assert status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    status, _ = browser.request(
        "/admin/login/",
        [
            ("csrfmiddlewaretoken", token),
            ("username", "admin"),
            ("password", "admin"),
            ("next", "/admin/"),
        ],
    )
    assert status == 302, "admin login failed"

    window_start = _utcnow()
    shell = stack.start(
        "shell",
        "shell",
        "-c",
        SHELL_PUBLISHER.format(count=SHELL_PUBLISHES, pk=shell_page),
    )
    problems: list[str] = []
    published: dict[int, str] = {}
    titles: list[str] = []
    started = time.monotonic()
    for serial in range(PUBLISHES):
        pk = editor_pages[serial % len(editor_pages)]
        status, html = browser.request(f"/admin/pages/{pk}/edit/")
        if status != 200 or LOCKED in html:
            problems.append(f"GET edit {pk}: {status} {_excerpt(html)}")
            continue
        title = f"Admin publish {serial}"
        status, body = browser.request(
            f"/admin/pages/{pk}/edit/", _publish_data(html, title, serial)
        )
        if status != 302 or LOCKED in body:
            problems.append(f"publish {serial} of {pk}: {status} {_excerpt(body)}")
            continue
        published[pk] = title
        titles.append(title)
    admin_seconds = time.monotonic() - started
    window_end = _utcnow()

    shell.wait(timeout=180)
    # Let the worker finish what the publishes enqueued (bounded).
    for _ in range(300):
        (pending,) = stack.query(
            f"SELECT count(*) FROM {TASKS_TABLE}"
            " WHERE status IN ('READY', 'RUNNING') AND task_path IN (?, ?)",
            *INDEX_TASKS,
        )[0]
        if not pending:
            break
        time.sleep(0.2)
    stack.stop_all()

    locked_lines = {name: stack.stderr(name).count(LOCKED) for name in stack.processes}
    print(
        f"{len(titles)}/{PUBLISHES} admin publishes in {admin_seconds:.1f}s;"
        f" {LOCKED!r} in stderr: {locked_lines}"
    )
    assert problems == [], (
        f"{len(problems)} of {PUBLISHES} publishes failed: {problems}"
    )
    assert shell.returncode == 0, stack.stderr("shell")[-3000:]
    for name in stack.processes:
        assert LOCKED not in stack.stderr(name), f"{name}: {stack.stderr(name)[-3000:]}"

    # What the publishes enqueued, the worker ran while they went on.
    enqueued = dict(
        stack.query(
            f"SELECT status, count(*) FROM {TASKS_TABLE}"
            " WHERE task_path IN (?, ?) AND enqueued_at >= ? GROUP BY status",
            *INDEX_TASKS,
            window_start,
        )
    )
    # Each publish saves the page at least once; each save enqueues both tasks.
    assert enqueued.get("SUCCESSFUL", 0) >= 2 * PUBLISHES, enqueued
    assert set(enqueued) == {"SUCCESSFUL"}, stack.query(
        f"SELECT task_path, status, traceback FROM {TASKS_TABLE}"
        " WHERE status != 'SUCCESSFUL' AND enqueued_at >= ?",
        window_start,
    )
    (during,) = stack.query(
        f"SELECT count(*) FROM {TASKS_TABLE}"
        " WHERE task_path IN (?, ?) AND finished_at BETWEEN ? AND ?",
        *INDEX_TASKS,
        window_start,
        window_end,
    )[0]
    print(f"index tasks the worker finished while the admin published: {during}")
    assert during >= PUBLISHES

    for pk, title in published.items():
        assert stack.query(
            "SELECT title, live, has_unpublished_changes FROM wagtailcore_page"
            " WHERE id = ?",
            pk,
        ) == [(title, 1, 0)]
    logged = {
        label
        for (label,) in stack.query(
            "SELECT label FROM wagtailcore_pagelogentry WHERE action = 'wagtail.publish'"
        )
    }
    assert set(titles) <= logged and len(titles) == PUBLISHES
    assert stack.query(
        "SELECT title, live FROM wagtailcore_page WHERE id = ?", shell_page
    ) == [(f"Shell publish {SHELL_PUBLISHES - 1}", 1)]
    print(f"index tasks enqueued from the window on: {enqueued}")
