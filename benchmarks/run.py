"""`make bench`: our content API against Wagtail's API v2 on the same content.

1. Builds a fresh database (a temporary SQLite file, or the PostgreSQL
   database named by BENCH_DATABASE_URL, dropped and created), migrates, loads
   the demo content plus BENCH_PAGES strategy updates with full bodies.
2. Counts SQL queries per request in this process (Django's test client and
   CaptureQueriesContext, after one warming request).
3. Runs the Dockerfile's command (gunicorn with config/gunicorn.conf.py) with
   production-like settings (`config.settings.bench`: DEBUG off; Redis when
   REDIS_URL is set, else nothing shared but the database) on 127.0.0.1, and drives it from a
   second process with wrk: fixed connections, fixed duration, after a
   warm-up of the same requests.

Four servers run one after the other: nothing cached (every page rendered:
v2 and our cold scenarios); stored page representations read from their
database table on every request (API_PAGE_CACHE_TIMEOUT=0: what a process
does for a query never seen, right after a restart or deploy); stored pages
also kept in the process's memory; and the response cache on (warm and 304). Everything started here is stopped on exit, whatever
happens.

Environment: BENCH_DURATION (seconds per scenario, default 8), BENCH_WARMUP
(default 2), BENCH_CONNECTIONS (default 10), BENCH_PAGES (default 60),
BENCH_DATABASE_URL, REDIS_URL.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "backend"
LUA = Path(__file__).with_name("report.lua")

DURATION = int(os.environ.get("BENCH_DURATION", "8"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "10"))
PAGES = int(os.environ.get("BENCH_PAGES", "60"))

V2_LIST = "/bench/api/v2/pages/?type=content.StrategyUpdatePage&fields=*&limit={n}"
OURS_LIST = "/api/v1/pages/?type=strategy_update&fields=*&limit={n}"
V2_DETAIL = "/bench/api/v2/pages/{id}/"
OURS_DETAIL = "/api/v1/pages/{id}/"


class Stop(Exception):
    pass


def _on_signal(signum: int, frame: Any) -> None:
    raise Stop(f"signal {signum}")


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# -- database ------------------------------------------------------------------------


@dataclass
class Database:
    url: str
    pg_name: str | None = None
    pg_admin: dict[str, Any] | None = None

    def drop(self) -> None:
        if self.pg_name is None:
            return
        import psycopg

        with psycopg.connect(**self.pg_admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def make_database(workdir: Path) -> Database:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url or url == "sqlite":
        return Database(url=f"sqlite:///{workdir / 'bench.sqlite3'}")
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(
            f"BENCH_DATABASE_URL names {name!r}; it is dropped and recreated, "
            "so its name must contain 'bench'."
        )
    admin = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": urllib.parse.unquote(parts.username or "postgres"),
        "password": urllib.parse.unquote(parts.password or "") or None,
        "dbname": "postgres",
    }
    database = Database(url=url, pg_name=name, pg_admin=admin)
    database.drop()
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return database


# -- in-process: build the content, count queries ---------------------------------------


def prepare(*, pages: int) -> dict[str, Any]:
    """Migrate, load content, and count SQL queries per request (in this process)."""
    sys.path.insert(0, str(BACKEND))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from benchmarks.content import load_bench_pages

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    ids = load_bench_pages(count=pages)
    log(f"database ready in {time.monotonic() - started:.1f}s ({pages} bench pages)")

    client = Client(HTTP_HOST="127.0.0.1")

    def count(url: str, *, items: int | None = None) -> dict[str, Any]:
        client.get(url)  # warm: renditions, site and content-type caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = json.loads(response.content)
        if items is not None:
            got = len(body.get("items", body.get("results", [])))
            assert got == items, (url, got)
        return {"queries": len(ctx.captured_queries), "bytes": len(response.content)}

    counts: dict[str, Any] = {}
    detail = ids[0]
    with override_settings(API_RESPONSE_CACHE_TIMEOUT=0, API_STORED_PAGES=False):
        for n in (1, 20):
            counts[f"v2_list_{n}"] = count(V2_LIST.format(n=n), items=n)
            counts[f"ours_list_{n}"] = count(OURS_LIST.format(n=n), items=n)
        counts["v2_detail"] = count(V2_DETAIL.format(id=detail))
        counts["ours_detail"] = count(OURS_DETAIL.format(id=detail))
    with override_settings(API_RESPONSE_CACHE_TIMEOUT=0, API_PAGE_CACHE_TIMEOUT=0):
        for n in (1, 20):
            counts[f"ours_list_{n}_table"] = count(OURS_LIST.format(n=n), items=n)
    with override_settings(API_RESPONSE_CACHE_TIMEOUT=0):
        for n in (1, 20):
            counts[f"ours_list_{n}_pages"] = count(OURS_LIST.format(n=n), items=n)
    for n in (1, 20):
        counts[f"ours_list_{n}_warm"] = count(OURS_LIST.format(n=n), items=n)
    counts["ours_detail_warm"] = count(OURS_DETAIL.format(id=detail))
    connections.close_all()
    return {"counts": counts, "detail_id": detail}


# -- gunicorn -----------------------------------------------------------------------------


def _dockerfile_cmd() -> list[str]:
    text = (ROOT / "Dockerfile").read_text()
    match = re.search(r"^CMD (\[.*\])\s*$", text, re.MULTILINE)
    if not match:
        raise SystemExit("Dockerfile has no exec-form CMD")
    cmd = json.loads(match.group(1))
    # The image's venv is on PATH there; here it is this interpreter's.
    if cmd[0] == "gunicorn":
        cmd[0] = str(Path(sys.executable).parent / "gunicorn")
    return cmd


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Server:
    def __init__(
        self, *, env: dict[str, str], workdir: Path, name: str, app: str | None = None
    ) -> None:
        self.app = app
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"gunicorn-{name}.log"
        self.env = {**env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.log_path, "wb") as log_file:
            cmd = _dockerfile_cmd()
            if self.app is not None:
                # The same command, another WSGI application (the ceiling).
                cmd[-1] = self.app
            self.process = subprocess.Popen(  # noqa: S603 (our own command)
                cmd,
                cwd=BACKEND,
                env=self.env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"gunicorn exited; see its log:\n{self.log_path.read_text()[-3000:]}"
                )
            with suppress(OSError):
                if _get(self.base + "/healthz")[0] == 200:
                    return
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer /healthz within 60s")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        # gunicorn's master and its workers share the session started above.
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


class External:
    """nginx (the static ceiling) or varnishd (in front of the API), stopped on exit."""

    def __init__(self, *, cmd: list[str], base: str, log_path: Path) -> None:
        self.cmd, self.base, self.log_path = cmd, base, log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, probe: str) -> None:
        with open(self.log_path, "wb") as log_file:
            self.process = subprocess.Popen(  # noqa: S603 (our own command)
                self.cmd,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.cmd[0]} exited: {self.log_path.read_text()}")
            with suppress(OSError):
                if _get(self.base + probe)[0] == 200:
                    return
            time.sleep(0.2)
        raise SystemExit(f"{self.cmd[0]} did not answer within 30s")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def nginx(workdir: Path, *, body: bytes, workers: int) -> External:
    root = workdir / "nginx-root"
    root.mkdir(exist_ok=True)
    (root / "listing.json").write_bytes(body)
    port = _free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"""daemon off;
worker_processes {workers};
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/nginx-tmp;
    proxy_temp_path {workdir}/nginx-tmp;
    fastcgi_temp_path {workdir}/nginx-tmp;
    uwsgi_temp_path {workdir}/nginx-tmp;
    scgi_temp_path {workdir}/nginx-tmp;
    default_type application/json;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""
    )
    (workdir / "nginx-tmp").mkdir(exist_ok=True)
    return External(
        cmd=["nginx", "-c", str(conf), "-p", str(workdir)],
        base=f"http://127.0.0.1:{port}",
        log_path=workdir / "nginx.log",
    )


def varnish(workdir: Path, *, backend_port: int) -> External:
    vcl = workdir / "varnish.vcl"
    text = (BACKEND / "config" / "varnish.vcl").read_text()
    vcl.write_text(text.replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = _free_port()
    (workdir / "varnish-work").mkdir(exist_ok=True)
    return External(
        cmd=[
            "varnishd",
            "-F",
            "-j",
            "none",
            "-n",
            str(workdir / "varnish-work"),
            "-a",
            f"127.0.0.1:{port}",
            "-T",
            "none",
            "-f",
            str(vcl),
            "-s",
            "malloc,128m",
            "-p",
            "http_resp_hdr_len=65536",
            "-p",
            "http_resp_size=131072",
            "-p",
            "workspace_backend=256k",
        ],
        base=f"http://127.0.0.1:{port}",
        log_path=workdir / "varnish.log",
    )


# -- load ---------------------------------------------------------------------------------


@dataclass
class Result:
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    errors: int
    statuses: dict[str, int]


def wrk(url: str, *, seconds: int, headers: dict[str, str] | None = None) -> Result:
    cmd = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(CONNECTIONS),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--script",
        str(LUA),
    ]
    for name, value in (headers or {}).items():
        cmd += ["--header", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603 (our own command)
        [*cmd, url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON"))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return Result(
        rps=data["requests"] / (data["duration_us"] / 1e6),
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        requests=data["requests"],
        errors=data["errors"],
        statuses=data["statuses"],
    )


@dataclass
class Scenario:
    key: str
    label: str
    path: str
    expect: int = 200
    baseline: str | None = None
    headers: dict[str, str] | None = None


def measure(server: Server, scenario: Scenario) -> Result:
    url = server.base + scenario.path
    status, _, body = _get(url, scenario.headers)
    if status != scenario.expect:
        raise SystemExit(f"{scenario.label}: {url} answered {status}: {body[:300]!r}")
    wrk(url, seconds=WARMUP, headers=scenario.headers)
    result = wrk(url, seconds=DURATION, headers=scenario.headers)
    wrong = {s: n for s, n in result.statuses.items() if int(s) != scenario.expect}
    log(
        f"{scenario.label}: {result.rps:.1f} req/s, p50 {result.p50_ms:.1f} ms"
        + (f", unexpected statuses {wrong}" if wrong else "")
        + (f", {result.errors} socket errors" if result.errors else "")
    )
    return result


# -- report -------------------------------------------------------------------------------


BUSY_PER_CORE = 0.5  # load average per core above which ratios are noise


def _busy(before: tuple[float, ...], after: tuple[float, ...]) -> str | None:
    """Why the machine was too busy to quote ratios, or None.

    The load before the run is other work; after it, the run's own load
    (gunicorn and wrk keep every core busy) adds up to about one per core.
    """
    cores = os.cpu_count() or 1
    if before[0] > BUSY_PER_CORE * cores:
        return f"load average {before[0]:.2f} before the run on {cores} cores"
    if after[0] > (1 + BUSY_PER_CORE) * cores:
        return f"load average {after[0]:.2f} after the run on {cores} cores"
    return None


RATIO_TO = {
    "ours_list_warm": "ceiling_wsgi",
    "ours_list_304": "ceiling_wsgi",
    "ours_list_varnish": "ceiling_nginx",
}


def report(
    *,
    busy: str | None,
    load: tuple[tuple[float, ...], tuple[float, ...]],
    scenarios: list[Scenario],
    results: dict[str, Result],
    counts: dict[str, Any],
    setup: dict[str, str],
) -> None:
    print()
    print("Content API benchmark: ours (/api/v1/) against Wagtail API v2, same content")
    for name, value in setup.items():
        print(f"  {name:<12} {value}")
    before, after = load
    print(
        f"  {'load':<12} before {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, "
        f"after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f} ({os.cpu_count()} cores)"
    )
    print()
    header = (
        f"{'scenario':<48} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'vs v2':>7} {'vs ceil':>8} {'bad':>5}"
    )
    print(header)
    print("-" * len(header))
    rows = []
    for scenario in scenarios:
        result = results[scenario.key]
        ratio = ceiling = "-"
        if scenario.baseline is not None and results[scenario.baseline].rps:
            ratio = f"{result.rps / results[scenario.baseline].rps:.1f}x"
        if scenario.key in RATIO_TO and results[RATIO_TO[scenario.key]].rps:
            ceiling = f"{result.rps / results[RATIO_TO[scenario.key]].rps:.2f}x"
        if busy:
            ratio = ceiling = "busy" if scenario.baseline or ceiling != "-" else "-"
        bad = result.errors + sum(
            n for s, n in result.statuses.items() if int(s) != scenario.expect
        )
        print(
            f"{scenario.label:<48} {result.rps:>9.1f} {result.p50_ms:>8.1f} "
            f"{result.p99_ms:>8.1f} {ratio:>7} {ceiling:>8} {bad:>5}"
        )
        rows.append({"key": scenario.key, "label": scenario.label, **vars(result)})
    print()
    print(f"{'SQL queries per request (in-process)':<48} {'1 item':>9} {'20 items':>9}")
    query_rows = [
        ("Wagtail API v2 listing, fields=*", "v2_list_1", "v2_list_20"),
        ("ours listing, fields=*, nothing cached", "ours_list_1", "ours_list_20"),
        (
            "ours listing, fields=*, stored pages, table",
            "ours_list_1_table",
            "ours_list_20_table",
        ),
        (
            "ours listing, fields=*, stored pages, memory",
            "ours_list_1_pages",
            "ours_list_20_pages",
        ),
        (
            "ours listing, fields=*, response cache warm",
            "ours_list_1_warm",
            "ours_list_20_warm",
        ),
    ]
    for label, one, twenty in query_rows:
        print(f"{label:<48} {counts[one]['queries']:>9} {counts[twenty]['queries']:>9}")
    print(
        f"{'detail: v2 / ours cold / ours warm':<48} "
        f"{counts['v2_detail']['queries']:>9} / {counts['ours_detail']['queries']}"
        f" / {counts['ours_detail_warm']['queries']}"
    )
    print(
        f"{'response bytes, 20 items: v2 / ours':<48} "
        f"{counts['v2_list_20']['bytes']:>9} / {counts['ours_list_20']['bytes']}"
    )
    print()
    print(
        "vs v2: throughput ratio to the v2 row of the same kind (listing or detail); "
        "vs ceil: response cache and 304 against the trivial-WSGI ceiling, Varnish "
        "against nginx; bad: socket errors and unexpected statuses."
    )
    if busy:
        print(
            f"Ratios not quoted: the machine was busy ({busy}); the figures above "
            "are noise-bound. Rerun on a quiet machine."
        )
    saved = save_results(
        {
            "setup": setup,
            "load_before": before,
            "load_after": after,
            "busy": busy,
            "results": rows,
            "queries": counts,
        }
    )
    print(f"Results: {saved}")


RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", ROOT / "benchmarks" / "results"))


def save_results(data: dict[str, Any]) -> Path:
    """One JSON file per run, and a PNG chart of req/s and p99 when matplotlib is there."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = RESULTS / f"bench-{stamp}.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("no chart: install the bench extra (pip install '.[bench]')")
        return path
    rows = data["results"]
    labels = [row["label"] for row in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 0.45 * len(rows) + 1.5))
    left.barh(labels, [row["rps"] for row in rows])
    left.set_xscale("log")
    left.set_xlabel("requests/s (log)")
    left.invert_yaxis()
    right.barh(labels, [row["p99_ms"] for row in rows], color="tab:orange")
    right.set_xscale("log")
    right.set_xlabel("p99 ms (log)")
    right.invert_yaxis()
    right.set_yticklabels([])
    title = "make bench " + stamp + (" (busy machine: noise)" if data["busy"] else "")
    fig.suptitle(title)
    fig.tight_layout()
    chart = path.with_suffix(".png")
    fig.savefig(chart, dpi=100)
    log(f"chart: {chart}")
    return path


# -- main ---------------------------------------------------------------------------------


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: run `make bench-deps` (Debian's wrk).")
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    workdir = Path(tempfile.mkdtemp(prefix="intl-bench-"))
    database: Database | None = None
    server: Server | None = None
    externals: list[External] = []
    redis_url = os.environ.get("REDIS_URL", "")
    load_before = os.getloadavg()
    log(f"load average before: {' '.join(f'{x:.2f}' for x in load_before)}")
    try:
        database = make_database(workdir)
        (workdir / "static").mkdir()
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_URL", "API_", "THROTTLE_"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.bench",
                "DATABASE_URL": database.url,
                "MEDIA_ROOT": str(workdir / "media"),
                "STATIC_ROOT": str(workdir / "static"),
                # A key prefix of its own: a shared Redis is never touched
                # outside this run's keys.
                "CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
                "PYTHONDONTWRITEBYTECODE": "1",
            }
        )
        os.environ.update(env)
        prepared = prepare(pages=PAGES)
        detail_id = prepared["detail_id"]

        cold = [
            Scenario(
                "v2_list", "Wagtail API v2 listing (baseline)", V2_LIST.format(n=20)
            ),
            Scenario(
                "ours_list_cold",
                "ours listing, nothing cached",
                OURS_LIST.format(n=20),
                baseline="v2_list",
            ),
            Scenario(
                "v2_detail", "Wagtail API v2 detail", V2_DETAIL.format(id=detail_id)
            ),
            Scenario(
                "ours_detail_cold",
                "ours detail, nothing cached",
                OURS_DETAIL.format(id=detail_id),
                baseline="v2_detail",
            ),
        ]
        table = [
            Scenario(
                "ours_list_table",
                "ours listing, stored pages from the table",
                OURS_LIST.format(n=20),
                baseline="v2_list",
            ),
            Scenario(
                "ours_detail_table",
                "ours detail, stored page from the table",
                OURS_DETAIL.format(id=detail_id),
                baseline="v2_detail",
            ),
        ]
        stored = [
            Scenario(
                "ours_list_pages",
                "ours listing, stored pages in memory",
                OURS_LIST.format(n=20),
                baseline="v2_list",
            ),
            Scenario(
                "ours_detail_pages",
                "ours detail, stored page in memory",
                OURS_DETAIL.format(id=detail_id),
                baseline="v2_detail",
            ),
        ]
        warm = [
            Scenario(
                "ours_list_warm",
                "ours listing, response cache warm",
                OURS_LIST.format(n=20),
                baseline="v2_list",
            ),
            Scenario(
                "ours_list_304",
                "ours listing, If-None-Match (304)",
                OURS_LIST.format(n=20),
                baseline="v2_list",
                expect=304,
            ),
            Scenario(
                "ours_detail_warm",
                "ours detail, response cache warm",
                OURS_DETAIL.format(id=detail_id),
                baseline="v2_detail",
            ),
        ]
        results: dict[str, Result] = {}

        for name, label, overrides, scenarios in (
            (
                "cold",
                "nothing cached",
                {"API_RESPONSE_CACHE_TIMEOUT": "0", "API_STORED_PAGES": "false"},
                cold,
            ),
            (
                "table",
                "stored pages read from the table",
                {"API_RESPONSE_CACHE_TIMEOUT": "0", "API_PAGE_CACHE_TIMEOUT": "0"},
                table,
            ),
            (
                "pages",
                "response cache off, stored pages in memory",
                {"API_RESPONSE_CACHE_TIMEOUT": "0"},
                stored,
            ),
        ):
            server = Server(env={**env, **overrides}, workdir=workdir, name=name)
            server.start()
            log(f"gunicorn ({label}) on {server.base}")
            for scenario in scenarios:
                results[scenario.key] = measure(server, scenario)
            server.stop()

        server = Server(env=env, workdir=workdir, name="warm")
        server.start()
        log(f"gunicorn (response cache on) on {server.base}")
        _, headers, _ = _get(server.base + OURS_LIST.format(n=20))
        warm[1].headers = {"If-None-Match": headers["ETag"]}
        for scenario in warm:
            results[scenario.key] = measure(server, scenario)
        listing_path = OURS_LIST.format(n=20)
        _, _, body = _get(server.base + listing_path)

        # Our API through Varnish (the repository's VCL), in front of the
        # warm server: after the first request, every one is a cache hit.
        cache = varnish(workdir, backend_port=server.port)
        externals.append(cache)
        cache.start(listing_path)
        log(f"varnish in front of it on {cache.base}")
        through = Scenario(
            "ours_list_varnish", "ours listing through Varnish (hit)", listing_path
        )
        results[through.key] = measure(cache, through)
        cache.stop()
        server.stop()

        # The ceilings: the same bytes from a trivial WSGI app on the same
        # gunicorn command, and as a static file from nginx.
        (workdir / "listing.json").write_bytes(body)
        server = Server(
            env={**env, "BENCH_CEILING_BODY": str(workdir / "listing.json")},
            workdir=workdir,
            name="ceiling",
            app="benchmarks.ceiling:application",
        )
        server.env["PYTHONPATH"] = str(ROOT)
        server.start()
        wsgi = Scenario("ceiling_wsgi", "ceiling: trivial WSGI, same bytes", "/x")
        results[wsgi.key] = measure(server, wsgi)
        server.stop()
        static = nginx(workdir, body=body, workers=os.cpu_count() or 1)
        externals.append(static)
        static.start("/listing.json")
        ceiling = Scenario(
            "ceiling_nginx", "ceiling: nginx static file, same bytes", "/listing.json"
        )
        results[ceiling.key] = measure(static, ceiling)
        static.stop()
        load_after = os.getloadavg()

        workers = os.environ.get("WEB_CONCURRENCY") or "config default"
        busy = _busy(load_before, load_after)
        report(
            busy=busy,
            load=(load_before, load_after),
            scenarios=[
                cold[0],
                cold[1],
                table[0],
                stored[0],
                warm[0],
                warm[1],
                through,
                wsgi,
                ceiling,
                cold[2],
                cold[3],
                table[1],
                stored[1],
                warm[2],
            ],
            results=results,
            counts=prepared["counts"],
            setup={
                "server": f"gunicorn (Dockerfile CMD, config/gunicorn.conf.py; workers: {workers}), DEBUG off",
                "database": "PostgreSQL" if database.pg_name else "SQLite (temp file)",
                "cache": "Redis"
                if redis_url
                else "none shared (memory per worker; throttles in the database)",
                "load": f"wrk, 1 thread, {CONNECTIONS} keep-alive connections, "
                f"{DURATION}s per scenario after {WARMUP}s warm-up, 127.0.0.1",
                "content": f"demo content + {PAGES} strategy updates; listing of 20, "
                f"fields=*; detail of page {detail_id}",
                "nothing cached": "API_RESPONSE_CACHE_TIMEOUT=0 API_STORED_PAGES=false "
                "(every page rendered)",
                "from the table": "API_RESPONSE_CACHE_TIMEOUT=0 API_PAGE_CACHE_TIMEOUT=0 "
                "(stored pages read from the database on every request: a query "
                "never seen, right after a restart or deploy)",
                "in memory": "API_RESPONSE_CACHE_TIMEOUT=0 (stored pages also in "
                "the process's memory, still checked against the database)",
            },
        )
        return 0
    except Stop as stop:
        log(f"stopped by {stop}")
        return 130
    finally:
        if server is not None:
            server.stop()
        for external in externals:
            external.stop()
        if database is not None:
            with suppress(Exception):
                from django.db import connections

                connections.close_all()
            try:
                database.drop()
            except Exception as exc:
                log(f"could not drop the benchmark database: {exc}")
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
