"""Helpers for the deploy tests: the image's command, ports, HTTP, PostgreSQL, processes.

There is no Docker engine on this machine, so these tests run what the
Dockerfile (or `make run`) runs, as local processes on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend"
PG = ("127.0.0.1", 5432)


def dockerfile_cmd() -> list[str]:
    """The image's CMD, exactly (run from the image's WORKDIR, `backend/`)."""
    text = (ROOT / "Dockerfile").read_text()
    match = re.search(r"^CMD (\[.*\])\s*$", text, re.MULTILINE)
    assert match, "Dockerfile has no exec-form CMD"
    return json.loads(match.group(1))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(
    url: str, *, headers: dict[str, str] | None = None, timeout: float = 10
) -> tuple[int, dict[str, str], bytes]:
    """One GET on a new connection (urllib sends `Connection: close`)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def backend_variables() -> set[str]:
    """Every environment variable the backend reads (`.env.example` lists them)."""
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without the project's settings, plus `extra`.

    pytest's own settings (`config.settings.test`) put some into os.environ
    (the immediate task backend, media roots...); a server must not inherit
    them. The venv's bin comes first on PATH, so `gunicorn` is the project's.
    """
    ours = backend_variables()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ours
        and not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "GUNICORN_"))
    }
    env["PATH"] = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
    env.update(extra)
    return env


def image_env(
    tmp: Path, *, database_url: str, port: int | None = None, **extra: str
) -> dict[str, str]:
    """The production image's environment (`config.settings.base`) on loopback.

    Its secret, database, hosts, static and media folders below `tmp`, the
    address gunicorn binds (`HOST`, `PORT`) and two workers; `extra` adds to
    or overrides it. TLS is the proxy's job: a test served over plain HTTP
    passes `DJANGO_SECURE_SSL_REDIRECT="false"`, one that plays the proxy
    sends `X-Forwarded-Proto` instead.
    """
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "live-test-" + "s" * 40,
        "DATABASE_URL": database_url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if port is not None:
        env["PORT"] = str(port)
    return clean_env(**{**env, **extra})


def manage(
    env: dict[str, str], *args: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`python manage.py <args>` in its own process; fails the test on error."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BACKEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode == 0:
        return result
    pytest.fail(
        f"manage.py {' '.join(args)[:200]} exited {result.returncode}:\n"
        f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}",
        pytrace=False,
    )


def throwaway_db(name: str) -> str:
    """A database name of this checkout: worktrees side by side never share one."""
    return f"{name}_{hashlib.sha1(str(ROOT).encode()).hexdigest()[:6]}"


def pg_connect(dbname: str = "postgres"):
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(
            host=PG[0], port=PG[1], user="postgres", dbname=dbname, autocommit=True
        )
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable on {PG}: {exc}")


@contextmanager
def postgres_database(name: str, *, template: str | None = None) -> Iterator[str]:
    """A fresh PostgreSQL database (dropped afterwards); yields its URL."""
    assert "test" in name, "throwaway databases have 'test' in their name"
    conn = pg_connect()
    try:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(
            f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else "")
        )
        yield f"postgres://postgres@{PG[0]}:{PG[1]}/{name}"
    finally:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.close()


def start(
    cmd: list[str], *, env: dict[str, str], cwd: Path, log: Path, **kwargs
) -> subprocess.Popen:
    """Start a server process in its own process group, stderr to `log`."""
    with log.open("ab") as err:
        return subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stderr=err,
            stdout=kwargs.pop("stdout", err),
            start_new_session=True,
            **kwargs,
        )


def stop(process: subprocess.Popen, *, timeout: float = 30) -> None:
    """Stop a process started by `start()` and everything it started."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=timeout)
    # Children (gunicorn workers, the autoreloader's child) share the group.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=timeout)


def wait_healthy(base: str, process: subprocess.Popen, *, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode} before answering")
        try:
            if get(base + "/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{base} did not answer /healthz within {timeout} s")
