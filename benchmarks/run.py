"""`make bench`: our content API against Wagtail's API v2 on the same content.

See the README (Benchmarks) for what it measures; below, how.

Per size in BENCH_SIZES:
1. Takes a fresh copy of the cached database for that size
   (benchmarks/cached_db.py: a PostgreSQL template, rebuilt when the loaders
   or migrations change; SQLite is built every time).
2. Counts SQL queries and bytes per request in a child process (Django's test
   client and CaptureQueriesContext, after one warming request), and times
   requests made there one at a time (`median_ms`).
3. Runs the Dockerfile's command (gunicorn with config/gunicorn.conf.py) with
   production-like settings four times, one after the other: nothing cached,
   stored pages read from their table on every request, stored pages also in
   memory, and the response cache on (then Varnish in front of it), and
   drives each from wrk: fixed connections, fixed duration, after a warm-up.
   Then the two ceilings (trivial WSGI on the same command, nginx).
4. Counts instructions per request with callgrind (benchmarks/callgrind.py)
   unless BENCH_CALLGRIND=0 or valgrind is missing.
Everything started here is stopped on exit, whatever happens.

Environment: BENCH_SIZES (default 1000,10000), BENCH_DURATION (seconds per
scenario, default 8), BENCH_WARMUP (default 2), BENCH_CONNECTIONS (default
10), BENCH_CALLGRIND, BENCH_CALLGRIND_SIZES (default: the first size),
BENCH_DATABASE_URL, REDIS_URL (`make bench` sets
it to BENCH_REDIS_URL, a local Redis, when one answers).
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import callgrind

sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "backend"))
from config import varnish as varnish_config

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "backend"
LUA = Path(__file__).with_name("report.lua")

DURATION = int(os.environ.get("BENCH_DURATION", "8"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "10"))
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,10000").split(",")]
# Instruction counts hardly move with the size (1,000 and 10,000 pages
# differed by under 2% but for search and resolve, 7%): by default counted
# at the first size only, which keeps `make bench` under 20 minutes.
CALLGRIND_SIZES = [
    int(n)
    for n in os.environ.get("BENCH_CALLGRIND_SIZES", str(SIZES[0])).split(",")
    if n
]

V2 = "/bench/api/v2/pages/"
STRATEGY_V2 = "type=content.StrategyUpdatePage"
V2_LIST = V2 + "?" + STRATEGY_V2 + "&fields=*&limit={n}"
OURS_LIST = "/api/v1/pages/?type=strategy_update&fields=*&limit={n}"
V2_DETAIL = V2 + "{id}/"
OURS_DETAIL = "/api/v1/pages/{id}/"
TRIMMED = "title,date,milestone"
V2_TRIMMED = V2 + "?" + STRATEGY_V2 + f"&fields={TRIMMED}&limit=20"
OURS_TRIMMED = f"/api/v1/pages/?type=strategy_update&fields={TRIMMED}&limit=20"
OURS_MIXED = (
    "/api/v1/pages/?type=strategy_update,solidarity_statement,event&fields=*&limit=20"
)
V2_SEARCH = V2 + "?" + STRATEGY_V2 + "&search=consultation&fields=*&limit=20"
OURS_SEARCH = (
    "/api/v1/pages/?type=strategy_update&search=consultation&fields=*&limit=20"
)
# Every strategy update's title has "consultation": ranking all of them is
# the worst case. One title has "295": what a reader's search usually is,
# a few matches, which an index finds without reading the rest.
OURS_SEARCH_RARE = "/api/v1/pages/?type=strategy_update&search=295&fields=*&limit=20"
V2_FIND = V2 + "find/?html_path={path}"
OURS_RESOLVE = "/api/v1/pages/resolve/?path={path}"
OURS_CHANGES = "/api/v1/changes/"


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
    media: Path
    pg_name: str | None = None
    pg_admin: dict[str, Any] | None = None

    def drop(self) -> None:
        if self.pg_name is None:
            return
        import psycopg

        with psycopg.connect(**self.pg_admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def make_database(workdir: Path, size: int, env: dict[str, str]) -> Database:
    """A fresh copy of the cached database for `size` pages (benchmarks/cached_db.py)."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url or url == "sqlite":
        # SQLite: built every time into a temporary file.
        media = workdir / f"media-{size}"
        database = Database(
            url=f"sqlite:///{workdir / f'bench-{size}.sqlite3'}", media=media
        )
        subprocess.run(  # noqa: S603 (our own command)
            [
                sys.executable,
                str(ROOT / "benchmarks" / "cached_db.py"),
                "--build",
                str(size),
            ],
            env={**env, "DATABASE_URL": database.url, "MEDIA_ROOT": str(media)},
            check=True,
        )
        return database
    from benchmarks import cached_db

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(
            f"BENCH_DATABASE_URL names {name!r}; its copies are dropped and "
            "recreated, so its name must contain 'bench'."
        )
    db_url, db_name, media = cached_db.database_for(url, size, env=env, log=log)
    admin, _ = cached_db._admin(url)
    return Database(url=db_url, media=media, pg_name=db_name, pg_admin=admin)


# -- in-process: count queries (a child process per size) -------------------------------


def median_ms(
    request: Any, *, budget: float = 1.0, least: int = 5, most: int = 25
) -> float:
    """The median wall time of `request()`, made one at a time in this process.

    Nothing runs beside it, so a ratio between two sizes is the work that
    grew with the site (SQL included), not the load generator's noise: under
    wrk on a shared machine the p50 of one scenario moved 2x between runs.
    """
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < least or (
        len(times) < most and time.perf_counter() - started < budget
    ):
        begun = time.perf_counter()
        request()
        times.append((time.perf_counter() - begun) * 1000)
    return sorted(times)[len(times) // 2]


def count_queries() -> dict[str, Any]:
    """SQL queries, bytes and the in-process median time per request, after one
    warming request."""
    sys.path.insert(0, str(BACKEND))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from content.models import StrategyUpdatePage

    client = Client(HTTP_HOST="127.0.0.1")
    page = StrategyUpdatePage.objects.live().order_by("-date").first()
    detail = page.pk
    path = json.loads(client.get(OURS_DETAIL.format(id=detail)).content)["path"]

    def count(url: str, *, expect: int = 200) -> dict[str, Any]:
        client.get(url)  # warm: renditions, site and content-type caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == expect, (url, response.status_code)
        return {
            "queries": len(ctx.captured_queries),
            "bytes": len(response.content),
            "ms": median_ms(lambda: client.get(url)),
        }

    urls = scenario_urls(detail, path)
    counts: dict[str, Any] = {}
    with override_settings(API_RESPONSE_CACHE_TIMEOUT=0, API_STORED_PAGES=False):
        for key in ("v2_list", "v2_detail", "v2_trimmed", "v2_search", "v2_find"):
            counts[key] = count(urls[key], expect=302 if key == "v2_find" else 200)
        for key in ("ours_list", "ours_detail"):
            counts[f"{key}_cold"] = count(urls[key])
    with override_settings(API_RESPONSE_CACHE_TIMEOUT=0, API_PAGE_CACHE_TIMEOUT=0):
        for key in STORED_KEYS:
            counts[f"{key}_table"] = count(urls[key])
    with override_settings(API_RESPONSE_CACHE_TIMEOUT=0):
        for key in ("ours_list", "ours_detail"):
            counts[f"{key}_pages"] = count(urls[key])
    for key in ("ours_list", "ours_detail"):
        counts[f"{key}_warm"] = count(urls[key])
    return {"counts": counts, "detail_id": detail, "path": path}


STORED_KEYS = (
    "ours_list",
    "ours_trimmed",
    "ours_mixed",
    "ours_detail",
    "ours_resolve",
    "ours_search",
    "ours_search_rare",
    "ours_changes",
)


def scenario_urls(detail: int, path: str) -> dict[str, str]:
    quoted = urllib.parse.quote(path)
    return {
        "v2_list": V2_LIST.format(n=20),
        "ours_list": OURS_LIST.format(n=20),
        "v2_detail": V2_DETAIL.format(id=detail),
        "ours_detail": OURS_DETAIL.format(id=detail),
        "v2_trimmed": V2_TRIMMED,
        "ours_trimmed": OURS_TRIMMED,
        "ours_mixed": OURS_MIXED,
        "v2_search": V2_SEARCH,
        "ours_search": OURS_SEARCH,
        "ours_search_rare": OURS_SEARCH_RARE,
        "v2_find": V2_FIND.format(path=quoted),
        "ours_resolve": OURS_RESOLVE.format(path=quoted),
        "ours_changes": OURS_CHANGES,
    }


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
    # Run as root, nginx serves from unprivileged workers: they must reach
    # the file through mkdtemp's private (0700) directory.
    workdir.chmod(0o711)
    root.chmod(0o755)
    (root / "listing.json").chmod(0o644)
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
    vcl.write_text(varnish_config.vcl_for(backend_port))
    port = _free_port()
    (workdir / "varnish-work").mkdir(exist_ok=True)
    return External(
        cmd=varnish_config.command(
            vcl=vcl,
            listen=f"127.0.0.1:{port}",
            workdir=workdir / "varnish-work",
            storage="malloc,128m",
        ),
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
    try:
        status, _, body = _get(url, scenario.headers)
    except urllib.error.URLError as exc:
        # The server went away (in an earlier scenario): say why, from its log.
        log_tail = ""
        log_path = getattr(server, "log_path", None)
        if log_path is not None and log_path.exists():
            log_tail = "\n".join(log_path.read_text().splitlines()[-40:])
        raise SystemExit(
            f"{scenario.label}: {url} unreachable ({exc.reason}); "
            f"the server's log ends:\n{log_tail}"
        ) from exc
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


# Share of the machine's CPU that other work may use, while nothing of the
# bench runs, before its ratios are noise.
BUSY_SHARE = 0.2
QUIET_SECONDS = 3.0


def cpu_in_use(seconds: float = QUIET_SECONDS) -> float | None:
    """The share of all cores busy over `seconds` (`/proc/stat`; steal counts
    as busy), or None where there is no `/proc/stat`.

    Measured while none of the bench's servers or load runs, it is the other
    work on the machine. A load average cannot tell that apart: right after
    a scenario it is mostly the bench's own gunicorn, wrk and PostgreSQL,
    and it decays over minutes.
    """

    def sample() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            # user nice system idle iowait irq softirq steal (guest is in user)
            ticks = [int(value) for value in stat.readline().split()[1:9]]
        return sum(ticks), ticks[3] + ticks[4]

    try:
        total, idle = sample()
        time.sleep(seconds)
        total2, idle2 = sample()
    except (OSError, ValueError, IndexError):
        return None
    if total2 <= total:
        return 0.0
    return 1 - (idle2 - idle) / (total2 - total)


def _busy(quiet: dict[str, float | None]) -> str | None:
    """Why the machine was too busy to quote ratios, or None: other work used
    more than BUSY_SHARE of the CPU in one of the quiet moments."""
    for moment, share in quiet.items():
        if share is not None and share > BUSY_SHARE:
            return (
                f"{share:.0%} of the CPU in use {moment}, with nothing of the "
                f"bench running"
            )
    return None


# The rows of the report, each kind beside its baseline.
REPORT_ORDER = (
    "v2_list",
    "ours_list_cold",
    "ours_list_table",
    "ours_list_pages",
    "ours_list_warm",
    "ours_list_304",
    "ours_list_varnish",
    "ceiling_wsgi",
    "ceiling_nginx",
    "v2_trimmed",
    "ours_trimmed_table",
    "ours_mixed_table",
    "v2_search",
    "ours_search_table",
    "ours_search_rare_table",
    "v2_detail",
    "ours_detail_cold",
    "ours_detail_table",
    "ours_detail_pages",
    "ours_detail_warm",
    "ours_resolve_table",
    "ours_changes_table",
)
RATIO_TO = {
    "ours_list_warm": "ceiling_wsgi",
    "ours_list_304": "ceiling_wsgi",
    "ours_detail_warm": "ceiling_wsgi",
    "ours_list_varnish": "ceiling_nginx",
}
# Which in-process query count belongs to which measured scenario.
COUNT_OF = {
    "ours_list_304": "ours_list_warm",
    "ours_list_varnish": "ours_list_warm",
}


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def report(
    *,
    busy: str | None,
    load: tuple[tuple[float, ...], tuple[float, ...]],
    quiet: dict[str, float | None],
    scenarios: list[Scenario],
    sizes: dict[int, dict[str, Any]],
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
    shares = ", ".join(
        f"{moment} {'?' if share is None else f'{share:.0%}'}"
        for moment, share in quiet.items()
    )
    print(
        f"  {'other work':<12} CPU in use with nothing of the bench running: {shares}"
    )
    rows = []
    for size, run in sizes.items():
        results, counts = run["results"], run["counts"]
        print()
        print(
            f"{size} pages (detail of page {run['detail_id']}, resolve {run['path']})"
        )
        header = (
            f"{'scenario':<46} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
            f"{'SQL':>4} {'bytes':>7} {'vs v2':>6} {'vs ceil':>7} {'bad':>4}"
        )
        print(header)
        print("-" * len(header))
        for scenario in scenarios:
            if scenario.key not in results:
                continue
            result = results[scenario.key]
            ratio = ceiling = "-"
            if scenario.baseline in results and results[scenario.baseline].rps:
                ratio = f"{result.rps / results[scenario.baseline].rps:.1f}x"
            if scenario.key in RATIO_TO and results[RATIO_TO[scenario.key]].rps:
                ceiling = f"{result.rps / results[RATIO_TO[scenario.key]].rps:.2f}x"
            if busy:
                ratio = "busy" if ratio != "-" else "-"
                ceiling = "busy" if ceiling != "-" else "-"
            bad = result.errors + sum(
                n for s, n in result.statuses.items() if int(s) != scenario.expect
            )
            count = counts.get(COUNT_OF.get(scenario.key, scenario.key), {})
            print(
                f"{scenario.label:<46} {result.rps:>8.1f} {result.p50_ms:>7.1f} "
                f"{result.p99_ms:>7.1f} {count.get('queries', '-'):>4} "
                f"{count.get('bytes', '-'):>7} {ratio:>6} {ceiling:>7} {bad:>4}"
            )
            rows.append(
                {
                    "size": size,
                    "key": scenario.key,
                    "label": f"{scenario.label} [{size}]",
                    **vars(result),
                    **count,
                }
            )
    for size, run in sizes.items():
        if not run.get("instructions"):
            continue
        print()
        print(f"Instructions per request, callgrind, in-process ({size} pages)")
        by_key = {scenario.key: scenario for scenario in scenarios}
        for key, instructions in run["instructions"].items():
            scenario = by_key.get(key)
            base = run["instructions"].get(scenario.baseline) if scenario else None
            ratio = f"{base / instructions:.1f}x fewer than v2" if base else ""
            label = scenario.label if scenario else key
            print(f"  {label:<46} {instructions:>14,} {ratio}")
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        print()
        print(
            f"Latency at {large} pages / at {small} pages (target: at most 1.3x): "
            "p50 under load, and the median of requests made one at a time "
            "in-process, which holds still between runs and decides `over`"
        )
        print(f"  {'scenario':<46} {'p50':>7} {'alone':>7}")
        for scenario in scenarios:
            a = sizes[small]["results"].get(scenario.key)
            b = sizes[large]["results"].get(scenario.key)
            loaded = b.p50_ms / a.p50_ms if a and b and a.p50_ms else None
            small_ms = sizes[small]["counts"].get(scenario.key, {}).get("ms")
            large_ms = sizes[large]["counts"].get(scenario.key, {}).get("ms")
            alone = large_ms / small_ms if small_ms and large_ms else None
            verdict = alone if alone is not None else loaded
            if verdict is None:
                continue
            flag = "" if verdict <= 1.3 else "  over"
            print(
                f"  {scenario.label:<46} {_ratio(loaded):>7} {_ratio(alone):>7}{flag}"
            )
    print()
    print(
        "SQL and bytes: counted in-process (Django's test client) after one warming "
        "request. vs v2: throughput ratio to the v2 row of the same kind; vs ceil: "
        "response cache and 304 against the trivial-WSGI ceiling, Varnish against "
        "nginx; bad: socket errors and unexpected statuses."
    )
    if busy:
        print(
            f"Ratios not quoted: the machine was busy ({busy}); requests/s and "
            "latencies above are noise-bound. Rerun on a quiet machine."
        )
    saved = save_results(
        {
            "setup": setup,
            "load_before": before,
            "load_after": after,
            "cpu_in_use_quiet": quiet,
            "busy": busy,
            "results": rows,
            "queries": {size: run["counts"] for size, run in sizes.items()},
            "instructions": {size: run["instructions"] for size, run in sizes.items()},
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


# -- main ----------------------------------------------------------------------------------


def scenarios_for(urls: dict[str, str]) -> dict[str, list[Scenario]]:
    """Each server's scenarios, by the settings it runs with."""
    return {
        "cold": [
            Scenario("v2_list", "v2 listing, 20 full pages", urls["v2_list"]),
            Scenario(
                "ours_list_cold",
                "ours listing, nothing cached",
                urls["ours_list"],
                baseline="v2_list",
            ),
            Scenario("v2_trimmed", "v2 listing, trimmed fields", urls["v2_trimmed"]),
            Scenario("v2_search", "v2 search", urls["v2_search"]),
            Scenario("v2_detail", "v2 detail", urls["v2_detail"]),
            Scenario(
                "ours_detail_cold",
                "ours detail, nothing cached",
                urls["ours_detail"],
                baseline="v2_detail",
            ),
        ],
        "table": [
            Scenario(
                "ours_list_table",
                "ours listing, stored pages (table)",
                urls["ours_list"],
                baseline="v2_list",
            ),
            Scenario(
                "ours_trimmed_table",
                "ours listing, trimmed fields (table)",
                urls["ours_trimmed"],
                baseline="v2_trimmed",
            ),
            Scenario(
                "ours_mixed_table",
                "ours mixed-type listing (table)",
                urls["ours_mixed"],
                baseline="v2_list",
            ),
            Scenario(
                "ours_search_table",
                "ours search (table)",
                urls["ours_search"],
                baseline="v2_search",
            ),
            Scenario(
                "ours_search_rare_table",
                "ours search, one match (table)",
                urls["ours_search_rare"],
            ),
            Scenario(
                "ours_detail_table",
                "ours detail, stored page (table)",
                urls["ours_detail"],
                baseline="v2_detail",
            ),
            Scenario(
                "ours_resolve_table",
                "ours pages/resolve/ (table)",
                urls["ours_resolve"],
                baseline="v2_detail",
            ),
            Scenario("ours_changes_table", "ours changes/", urls["ours_changes"]),
        ],
        "pages": [
            Scenario(
                "ours_list_pages",
                "ours listing, stored pages in memory",
                urls["ours_list"],
                baseline="v2_list",
            ),
            Scenario(
                "ours_detail_pages",
                "ours detail, stored page in memory",
                urls["ours_detail"],
                baseline="v2_detail",
            ),
        ],
        "warm": [
            Scenario(
                "ours_list_warm",
                "ours listing, response cache warm",
                urls["ours_list"],
                baseline="v2_list",
            ),
            Scenario(
                "ours_list_304",
                "ours listing, If-None-Match (304)",
                urls["ours_list"],
                baseline="v2_list",
                expect=304,
            ),
            Scenario(
                "ours_detail_warm",
                "ours detail, response cache warm",
                urls["ours_detail"],
                baseline="v2_detail",
            ),
        ],
    }


SERVERS = {
    "cold": {"API_RESPONSE_CACHE_TIMEOUT": "0", "API_STORED_PAGES": "false"},
    "table": {"API_RESPONSE_CACHE_TIMEOUT": "0", "API_PAGE_CACHE_TIMEOUT": "0"},
    "pages": {"API_RESPONSE_CACHE_TIMEOUT": "0"},
    "warm": {},
}


def bench_size(
    size: int, *, workdir: Path, env: dict[str, str], database: Database
) -> tuple[dict[str, Any], list[Scenario]]:
    env = {**env, "DATABASE_URL": database.url, "MEDIA_ROOT": str(database.media)}
    counted = subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, __file__, "--count"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    prepared = json.loads(counted.strip().splitlines()[-1])
    urls = scenario_urls(prepared["detail_id"], prepared["path"])
    groups = scenarios_for(urls)
    results: dict[str, Result] = {}
    servers: list[Server] = []
    externals: list[External] = []
    try:
        for name, overrides in SERVERS.items():
            server = Server(env={**env, **overrides}, workdir=workdir, name=name)
            servers.append(server)
            server.start()
            log(f"{size} pages: gunicorn ({name}) on {server.base}")
            if name == "warm":
                _, headers, _ = _get(server.base + urls["ours_list"])
                groups["warm"][1].headers = {"If-None-Match": headers["ETag"]}
            for scenario in groups[name]:
                results[scenario.key] = measure(server, scenario)
            if name != "warm":
                server.stop()
        warm = servers[-1]
        _, _, body = _get(warm.base + urls["ours_list"])
        # Our API through Varnish (the repository's VCL), in front of the
        # warm server: after the first request, every one is a cache hit.
        cache = varnish(workdir, backend_port=warm.port)
        externals.append(cache)
        cache.start(urls["ours_list"])
        through = Scenario(
            "ours_list_varnish", "ours listing through Varnish (hit)", urls["ours_list"]
        )
        results[through.key] = measure(cache, through)
        cache.stop()
        warm.stop()

        # The ceilings: the same bytes from a trivial WSGI app on the same
        # gunicorn command, and as a static file from nginx.
        (workdir / "listing.json").write_bytes(body)
        ceiling_server = Server(
            env={**env, "BENCH_CEILING_BODY": str(workdir / "listing.json")},
            workdir=workdir,
            name="ceiling",
            app="benchmarks.ceiling:application",
        )
        servers.append(ceiling_server)
        ceiling_server.env["PYTHONPATH"] = str(ROOT)
        ceiling_server.start()
        wsgi = Scenario("ceiling_wsgi", "ceiling: trivial WSGI, same bytes", "/x")
        results[wsgi.key] = measure(ceiling_server, wsgi)
        ceiling_server.stop()
        static = nginx(workdir, body=body, workers=os.cpu_count() or 1)
        externals.append(static)
        static.start("/listing.json")
        ceiling = Scenario(
            "ceiling_nginx", "ceiling: nginx static file, same bytes", "/listing.json"
        )
        results[ceiling.key] = measure(static, ceiling)
        static.stop()
    finally:
        for server in servers:
            server.stop()
        for external in externals:
            external.stop()
    by_key = {scenario.key: scenario for group in groups.values() for scenario in group}
    by_key.update((scenario.key, scenario) for scenario in (through, wsgi, ceiling))
    order = [by_key[key] for key in REPORT_ORDER]
    instructions: dict[str, int] = {}
    if callgrind.available() and size in CALLGRIND_SIZES:
        log(f"{size} pages: callgrind, one process, {len(CALLGRIND)} scenarios")
        started = time.monotonic()
        instructions = callgrind.counts(
            env,
            [
                (key, urls[url_key], SERVERS[server], expect)
                for key, url_key, server, expect in CALLGRIND
            ],
        )
        log(f"{size} pages: callgrind took {time.monotonic() - started:.0f}s")
    return {**prepared, "results": results, "instructions": instructions}, order


# Instructions per request: (key, url, the server whose settings, status).
CALLGRIND = [
    ("v2_list", "v2_list", "cold", 200),
    ("ours_list_cold", "ours_list", "cold", 200),
    ("ours_list_table", "ours_list", "table", 200),
    ("ours_list_warm", "ours_list", "warm", 200),
    ("v2_trimmed", "v2_trimmed", "cold", 200),
    ("ours_trimmed_table", "ours_trimmed", "table", 200),
    ("ours_mixed_table", "ours_mixed", "table", 200),
    ("v2_search", "v2_search", "cold", 200),
    ("ours_search_table", "ours_search", "table", 200),
    ("v2_detail", "v2_detail", "cold", 200),
    ("ours_detail_table", "ours_detail", "table", 200),
    ("ours_detail_warm", "ours_detail", "warm", 200),
    ("ours_resolve_table", "ours_resolve", "table", 200),
    ("ours_changes_table", "ours_changes", "table", 200),
]


def reachable_redis(url: str) -> str:
    """`url` if a Redis answers there, else "" (and say so): the run then
    shares nothing but the database, like a deployment without REDIS_URL."""
    if not url:
        return ""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return url
    except (redis.RedisError, OSError) as exc:
        where = urllib.parse.urlsplit(url).netloc.rsplit("@", 1)[-1]
        log(f"no Redis answers at {where} ({exc}): running without REDIS_URL")
        return ""


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: run `make bench-deps` (Debian's wrk).")
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    workdir = Path(tempfile.mkdtemp(prefix="intl-bench-"))
    databases: list[Database] = []
    redis_url = reachable_redis(os.environ.get("REDIS_URL", ""))
    load_before = os.getloadavg()
    log(f"load average before: {' '.join(f'{x:.2f}' for x in load_before)}")
    quiet = {"before the run": cpu_in_use()}
    try:
        (workdir / "static").mkdir()
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_URL", "API_", "THROTTLE_"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.bench",
                "STATIC_ROOT": str(workdir / "static"),
                # A key prefix of its own: a shared Redis is never touched
                # outside this run's keys.
                "CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
                "PYTHONDONTWRITEBYTECODE": "1",
                "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
                "REDIS_URL": redis_url,
            }
        )
        sizes: dict[int, dict[str, Any]] = {}
        order: list[Scenario] = []
        for size in SIZES:
            database = make_database(workdir, size, env)
            databases.append(database)
            sizes[size], order = bench_size(
                size, workdir=workdir, env=env, database=database
            )
            database.drop()
            quiet[f"after {size} pages"] = cpu_in_use()
        load_after = os.getloadavg()
        workers = os.environ.get("WEB_CONCURRENCY") or "config default"
        pg = bool(databases and databases[0].pg_name)
        report(
            busy=_busy(quiet),
            load=(load_before, load_after),
            quiet=quiet,
            scenarios=order,
            sizes=sizes,
            setup={
                "server": f"gunicorn (Dockerfile CMD, config/gunicorn.conf.py; workers: {workers}), DEBUG off",
                "database": "PostgreSQL (a clone of the cached template per size)"
                if pg
                else "SQLite (temp file)",
                "cache": "Redis"
                if redis_url
                else "none shared (memory per worker; throttles in the database)",
                "load": f"wrk, 1 thread, {CONNECTIONS} keep-alive connections, "
                f"{DURATION}s per scenario after {WARMUP}s warm-up, 127.0.0.1",
                "content": "demo content + N bulk-loaded pages (5 strategy updates, "
                "3 statements, 2 events in every 10; 5 to 10 blocks each); "
                f"N = {', '.join(map(str, SIZES))}",
                "nothing cached": "API_RESPONSE_CACHE_TIMEOUT=0 API_STORED_PAGES=false",
                "(table)": "API_RESPONSE_CACHE_TIMEOUT=0 API_PAGE_CACHE_TIMEOUT=0 "
                "(stored pages read from the database on every request: a query "
                "never seen, right after a restart or deploy)",
                "in memory": "API_RESPONSE_CACHE_TIMEOUT=0 (stored pages also in "
                + ("Redis" if redis_url else "the process's memory")
                + ", still checked against the database)",
            },
        )
        return 0
    except Stop as stop:
        log(f"stopped by {stop}")
        return 130
    finally:
        for database in databases:
            try:
                database.drop()
            except Exception as exc:
                log(f"could not drop the benchmark database: {exc}")
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--count"]:
        print(json.dumps(count_queries()))
        sys.exit(0)
    sys.exit(main())
