"""The production image's command, run here: gunicorn, production settings, PostgreSQL.

There is no Docker engine on this machine, so this test runs what the
Dockerfile runs (collectstatic, then its CMD) against a real PostgreSQL and
checks the probes, including a database outage and its recovery.
"""

import json

import pytest

from tests.deploy import live
from tests.deploy.live import PG, get
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.live

DB_NAME = live.throwaway_db("intl_deploy_test")


@pytest.fixture
def postgres_db():
    with live.postgres_database(DB_NAME):
        yield


def test_image_command_serves_probes_and_survives_a_database_outage(
    postgres_db, tmp_path
):
    proxy = TcpProxy(PG)
    port = live.free_port()
    env = live.image_env(
        tmp_path,
        database_url=f"postgres://postgres@127.0.0.1:{proxy.port}/{DB_NAME}",
        port=port,
        DATABASE_CONN_MAX_AGE="600",
        DJANGO_ALLOWED_HOSTS="cms.example.org",
    )
    live.manage(env, "migrate", "--no-input", "-v0")
    live.manage(env, "collectstatic", "--no-input", "-v0")
    server = live.start(
        live.dockerfile_cmd(), env=env, cwd=live.BACKEND, log=tmp_path / "gunicorn.log"
    )
    base = f"http://127.0.0.1:{port}"
    try:
        live.wait_healthy(base, server)

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
        live.stop(server)
        proxy.close()
