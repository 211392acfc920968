"""The production image's command, run here: gunicorn, production settings, PostgreSQL.

There is no Docker engine on this machine, so this test runs what the
Dockerfile runs (collectstatic, then its CMD) against a real PostgreSQL and
checks the probes, including a database outage and its recovery.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[2]
PG = ("127.0.0.1", 5432)
DB_NAME = "intl_deploy_test"


def _dockerfile_cmd() -> list[str]:
    text = (ROOT / "Dockerfile").read_text()
    match = re.search(r"^CMD (\[.*\])\s*$", text, re.MULTILINE)
    assert match, "Dockerfile has no exec-form CMD"
    return json.loads(match.group(1))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def postgres_database():
    psycopg = pytest.importorskip("psycopg")
    try:
        conn = psycopg.connect(
            host=PG[0], port=PG[1], user="postgres", dbname="postgres", autocommit=True
        )
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable on {PG}: {exc}")
    conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    conn.execute(f"CREATE DATABASE {DB_NAME}")
    yield
    conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    conn.close()


def test_image_command_serves_probes_and_survives_a_database_outage(
    postgres_database, tmp_path
):
    proxy = TcpProxy(PG)
    port = _free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
        },
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "deploy-test-" + "s" * 40,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{proxy.port}/{DB_NAME}",
        "DATABASE_CONN_MAX_AGE": "600",
        "DJANGO_ALLOWED_HOSTS": "cms.example.org",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    backend = ROOT / "backend"
    for step in (
        ["migrate", "--no-input", "-v0"],
        ["collectstatic", "--no-input", "-v0"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=backend,
            env=env,
            check=True,
            timeout=300,
        )

    server = subprocess.Popen(_dockerfile_cmd(), cwd=backend, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer /healthz")

        status, _, body = _get(base + "/readyz")
        assert status == 200, body
        assert json.loads(body)["checks"] == {"database": "ok", "cache": "ok"}

        proxy.cut()
        # Every worker must notice; ask more often than there are workers.
        for _ in range(6):
            status, headers, body = _get(base + "/readyz")
            assert status == 503, body
            assert headers["Content-Type"] == "application/problem+json"
            assert json.loads(body)["checks"]["database"] == "error"

        proxy.restore()
        for _ in range(6):
            status, _, body = _get(base + "/readyz")
            assert status == 200, body
    finally:
        server.terminate()
        server.wait(timeout=30)
        proxy.close()
