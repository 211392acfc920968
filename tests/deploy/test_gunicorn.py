"""The production image's command, run here: gunicorn, production settings, PostgreSQL.

There is no Docker engine on this machine, so this test runs what the
Dockerfile runs (collectstatic, then its CMD) against a real PostgreSQL and
checks the probes, including a database outage and its recovery.
"""

import json
import subprocess
import sys
import time

import pytest

from tests.deploy.live import (
    BACKEND,
    PG,
    clean_env,
    dockerfile_cmd,
    free_port,
    get,
    postgres_database,
    throwaway_db,
)
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.live

DB_NAME = throwaway_db("intl_deploy_test")


@pytest.fixture
def postgres_db():
    with postgres_database(DB_NAME):
        yield


def test_image_command_serves_probes_and_survives_a_database_outage(
    postgres_db, tmp_path
):
    proxy = TcpProxy(PG)
    port = free_port()
    env = clean_env(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_SECRET_KEY="deploy-test-" + "s" * 40,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{proxy.port}/{DB_NAME}",
        DATABASE_CONN_MAX_AGE="600",
        DJANGO_ALLOWED_HOSTS="cms.example.org",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PORT=str(port),
        HOST="127.0.0.1",
        WEB_CONCURRENCY="2",
    )
    backend = BACKEND
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

    server = subprocess.Popen(dockerfile_cmd(), cwd=backend, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer /healthz")

        status, _, body = get(base + "/readyz")
        assert status == 200, body
        assert json.loads(body)["checks"] == {
            "database": "ok",
            "cache": "ok",
            "tasks": "ok",
        }

        proxy.cut()
        # Every worker must notice; ask more often than there are workers.
        for _ in range(6):
            status, headers, body = get(base + "/readyz")
            assert status == 503, body
            assert headers["Content-Type"] == "application/problem+json"
            assert json.loads(body)["checks"]["database"] == "error"

        proxy.restore()
        for _ in range(6):
            status, _, body = get(base + "/readyz")
            assert status == 200, body
    finally:
        server.terminate()
        server.wait(timeout=30)
        proxy.close()
