"""A bounded load test of the image's command, before, while and after Redis dies.

The Dockerfile's gunicorn command (production settings, PostgreSQL, the demo
content) runs with REDIS_URL pointing at a redis-server of this test's own on
a free port. Ten keep-alive connections (the bench's concurrency,
benchmarks/run.py) send a mix of what the public site asks for, and failing
sign-ins, for PHASE seconds each:

1. Redis up;
2. Redis killed (SIGKILL): reads keep being answered from the database, the
   rate limits fall back to the database (core.cache);
3. Redis started again on the same port.

In every phase: no 5xx, no connection error, most reads 200 and every
sign-in with a wrong password 400 or 429. The counts by status and the
requests per second are printed (`-s`).

Anonymous throttling is lifted (THROTTLE_ANON) so reads are not 429s; the
sign-in rate limits (allauth's, in the default cache) keep their defaults and
are exercised. A request that finds its reused keep-alive connection closed
by the server before any byte of the answer (a worker recycled after
`max_requests`) is sent once more on a new connection, as HTTP clients do;
those are counted and printed, and a failure on a new connection is an error.
"""

from __future__ import annotations

import http.client
import json
import signal
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.deploy import live

pytestmark = pytest.mark.live

PHASE = 15.0  # seconds of load per phase
CONNECTIONS = 10  # as benchmarks/run.py (wrk -c 10)
WORKERS = 2  # gunicorn workers: the machine has two cores
TIMEOUT = 10.0  # seconds for one request
DB_NAME = live.throwaway_db("intl_load_test")
LOGIN = "/api/v1/auth/app/v1/auth/login"
READ_OK_SHARE = 0.9  # of reads answered 200, at the least


# --- Redis of our own -------------------------------------------------------------


class Redis:
    """A redis-server on its own port, without persistence, that can be killed."""

    def __init__(self, tmp: Path) -> None:
        self.port = live.free_port()
        self.tmp = tmp
        self.process = None

    def start(self) -> None:
        self.process = live.start(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            env=live.clean_env(),
            cwd=self.tmp,
            log=self.tmp / "redis.log",
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        pytest.fail(f"redis-server did not answer on port {self.port}")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None:
            live.stop(self.process)


# --- load ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    kind: str  # "read" or "sign-in"
    method: str
    path: str
    body: bytes | None = None


@dataclass
class Tally:
    by_status: Counter = field(default_factory=Counter)  # (kind, path, status)
    errors: list[str] = field(default_factory=list)
    retried: int = 0  # stale keep-alive connections, sent again on a new one
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _mix(base: str) -> list[Request]:
    """What the public site asks for, and a failing sign-in in every ten."""
    status, _, body = live.get(base + "/api/v1/pages/?limit=50")
    assert status == 200, body[:500]
    pages = json.loads(body)["results"]
    assert pages, "the demo content has no pages"
    page_types = sorted({page["type"] for page in pages})
    reads = [
        "/api/v1/pages/",
        *(f"/api/v1/pages/?type={t}" for t in page_types[:3]),
        *(f"/api/v1/pages/{page['id']}/" for page in pages[:3]),
        "/api/v1/pages/resolve/?path=/international/",
        "/api/v1/site/",
        "/api/v1/navigation/",
        "/api/v1/pages/?search=library",
        "/api/v1/grants/schemes/",
        "/api/v1/grants/rounds/",
        "/api/v1/grants/awards/",
    ]
    for path in reads:  # every read is meant to succeed before the load starts
        status, _, body = live.get(base + path)
        assert status == 200, f"{path}: HTTP {status} {body[:300]!r}"
    sign_in = Request(
        "sign-in",
        "POST",
        LOGIN,
        json.dumps(
            {"email": "nobody@load-test.example.org", "password": "not-the-password"}
        ).encode(),
    )
    mix = [Request("read", "GET", path) for path in reads]
    return [*mix[:7], sign_in, *mix[7:], sign_in]


def _client(port: int, mix: list[Request], offset: int, until: float, tally: Tally):
    conn: http.client.HTTPConnection | None = None
    used = False  # has `conn` answered a request already?
    counts: Counter = Counter()
    retried = opened = 0
    errors: list[str] = []
    i = offset
    while time.monotonic() < until:
        request = mix[i % len(mix)]
        i += 1
        headers = {"Host": "127.0.0.1", "Accept": "application/json"}
        if request.body is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
                used = False
                opened += 1
            try:
                conn.request(request.method, request.path, request.body, headers)
                response = conn.getresponse()
                response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError,
                    BrokenPipeError) as exc:  # fmt: skip
                conn.close()
                conn = None
                if used and attempt == 1:  # closed while idle: send it again
                    retried += 1
                    continue
                errors.append(f"{request.method} {request.path}: {exc!r}")
                break
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = None
                errors.append(f"{request.method} {request.path}: {exc!r}")
                break
            used = True
            counts[(request.kind, request.path, response.status)] += 1
            if response.will_close:
                conn.close()
                conn = None
            break
    if conn is not None:
        conn.close()
    with tally.lock:
        tally.by_status.update(counts)
        tally.errors.extend(errors)
        tally.retried += retried
        tally.connections += opened


def run_phase(name: str, port: int, mix: list[Request]) -> Tally:
    tally = Tally()
    started = time.monotonic()
    until = started + PHASE
    threads = [
        threading.Thread(target=_client, args=(port, mix, n, until, tally))
        for n in range(CONNECTIONS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=PHASE + 4 * TIMEOUT)
    elapsed = time.monotonic() - started
    assert not any(t.is_alive() for t in threads), f"{name}: a client hung"
    total = sum(tally.by_status.values())
    by_kind: dict[str, Counter] = {}
    for (kind, _, status), n in tally.by_status.items():
        by_kind.setdefault(kind, Counter())[status] += n
    print(
        f"\n[load] {name}: {total} responses in {elapsed:.1f} s "
        f"= {total / elapsed:.0f} req/s over {CONNECTIONS} keep-alive connections; "
        + "; ".join(
            f"{kind} " + ", ".join(f"{s}: {n}" for s, n in sorted(c.items()))
            for kind, c in sorted(by_kind.items())
        )
        + f"; connection errors: {len(tally.errors)}; "
        f"re-sent after an idle close: {tally.retried}; "
        f"connections opened: {tally.connections}"
    )
    return tally


def check_phase(name: str, tally: Tally) -> None:
    assert not tally.errors, f"{name}: connection errors: {tally.errors[:10]}"
    server_errors = {k: n for k, n in tally.by_status.items() if k[2] >= 500}
    assert not server_errors, f"{name}: 5xx answers: {server_errors}"
    reads = Counter()
    for (kind, path, status), n in tally.by_status.items():
        if kind == "read":
            reads[status] += n
        else:
            assert status in (400, 401, 429), f"{name}: sign-in {path} got {status}"
    assert sum(reads.values()) >= 100, f"{name}: too few reads: {reads}"
    assert reads[200] >= READ_OK_SHARE * sum(reads.values()), (
        f"{name}: reads by status {dict(reads)}"
    )
    sign_ins = sum(n for (kind, _, _), n in tally.by_status.items() if kind != "read")
    assert sign_ins >= 10, f"{name}: too few sign-in attempts ({sign_ins})"


# --- the deployment -------------------------------------------------------------------


@dataclass
class Deployment:
    port: int
    redis: Redis
    log: Path


@pytest.fixture
def deployment(tmp_path) -> Iterator[Deployment]:
    with ExitStack() as stack:
        url = stack.enter_context(live.postgres_database(DB_NAME))
        redis = Redis(tmp_path)
        stack.callback(redis.stop)
        redis.start()
        port = live.free_port()
        env = live.image_env(
            tmp_path,
            database_url=url,
            port=port,
            DATABASE_CONN_MAX_AGE="600",
            REDIS_URL=f"redis://127.0.0.1:{redis.port}/0",
            DJANGO_SECURE_SSL_REDIRECT="false",
            BACKEND_BASE_URL=f"http://127.0.0.1:{port}",
            THROTTLE_ANON="1000000/min",
            THROTTLE_USER="1000000/min",
            WEB_CONCURRENCY=str(WORKERS),
        )
        live.manage(env, "migrate", "--no-input", "-v0")
        live.manage(env, "collectstatic", "--no-input", "-v0")
        live.manage(env, "load_demo_content")
        log = tmp_path / "gunicorn.log"
        server = live.start(live.dockerfile_cmd(), env=env, cwd=live.BACKEND, log=log)
        stack.callback(live.stop, server)
        live.wait_healthy(f"http://127.0.0.1:{port}", server)
        yield Deployment(port, redis, log)


def _server_errors(log: Path) -> list[str]:
    lines = log.read_text(errors="replace").splitlines()
    return [line for line in lines if "Traceback" in line or "[ERROR]" in line]


def test_no_5xx_under_load_while_redis_is_up_down_and_back(deployment):
    base = f"http://127.0.0.1:{deployment.port}"
    mix = _mix(base)

    up = run_phase("redis up", deployment.port, mix)
    check_phase("redis up", up)

    deployment.redis.kill()
    down = run_phase("redis killed", deployment.port, mix)
    check_phase("redis killed", down)

    deployment.redis.start()
    back = run_phase("redis back", deployment.port, mix)
    check_phase("redis back", back)

    errors = _server_errors(deployment.log)
    assert not errors, "\n".join(errors[:20])
