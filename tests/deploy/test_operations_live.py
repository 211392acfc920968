"""The image's command as an operator watches it: metrics, logs, readiness, backups.

Real processes on 127.0.0.1 against a throwaway PostgreSQL database: gunicorn
with two workers (the Dockerfile's CMD), the task worker (`db_worker`), and
pg_dump/pg_restore for the backup drill.
"""

import json
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.deploy import live

pytestmark = pytest.mark.live

TOKEN = "live-metrics-token"
HTTPS = {"X-Forwarded-Proto": "https", "Host": "cms.example.org"}


def _sample(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{"):
            found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("} ")[0]))
            if all(found.get(k) == v for k, v in labels.items()):
                total += float(line.rsplit(" ", 1)[1])
    return total


def _scrape(base: str) -> str:
    status, _, body = live.get(
        base + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert status == 200, body[:500]
    return body.decode()


@pytest.fixture
def stack(tmp_path):
    """A migrated database, gunicorn (2 workers) and a task worker."""
    with live.postgres_database(live.throwaway_db("intl_ops_live_test")) as url:
        port = live.free_port()
        env = live.image_env(
            tmp_path,
            database_url=url,
            port=port,
            DJANGO_ALLOWED_HOSTS="cms.example.org,127.0.0.1",
            METRICS_TOKEN=TOKEN,
            PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
            READYZ_TASK_WAIT_SECONDS="3",
            LOG_FORMAT="json",
            LOG_LEVEL="INFO",
            # The test plays the proxy in front (X-Forwarded-Proto: https).
            TRUSTED_PROXIES="127.0.0.1/32",
        )
        live.manage(env, "migrate", "--no-input", "-v0")
        live.manage(env, "collectstatic", "--no-input", "-v0")
        web_log = tmp_path / "web.log"
        web = live.start(live.dockerfile_cmd(), env=env, cwd=live.BACKEND, log=web_log)
        worker_cmd = ["python", "manage.py", "db_worker", "--interval", "0.2"]
        worker_cmd += ["--no-startup-delay"]
        worker = live.start(
            worker_cmd, env=env, cwd=live.BACKEND, log=tmp_path / "worker.log"
        )
        base = f"http://127.0.0.1:{port}"
        state = {"worker": worker}
        try:
            live.wait_healthy(base, web)
            yield {
                "base": base,
                "env": env,
                "web_log": web_log,
                "metrics_dir": tmp_path / "metrics",
                "state": state,
                "worker_cmd": worker_cmd,
                "tmp": tmp_path,
            }
        finally:
            live.stop(state["worker"])
            live.stop(web)


def test_metrics_add_up_across_gunicorn_workers_and_logs_are_json(stack):
    base = stack["base"]
    headers = {**HTTPS}

    def one(i: int) -> int:
        given = {**headers, "X-Request-ID": f"live-request-{i:04d}"}
        return live.get(base + "/api/v1/pages/999999/", headers=given)[0]

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(one, range(30)))
    assert statuses == [404] * 30
    for _ in range(2):  # a miss, then a hit of the response cache
        assert live.get(base + "/api/v1/pages/", headers=headers)[0] == 200

    route = "api/v1/pages/<id:pk>/"
    # Whichever worker answers the scrape, it counts every worker's requests.
    for _ in range(6):
        text = _scrape(base)
        assert (
            _sample(text, "intl_http_requests_total", route=route, status="404") == 30
        )
        count = _sample(text, "intl_http_request_duration_seconds_count", route=route)
        assert count == 30
        assert _sample(text, "intl_http_request_db_queries_count", route=route) == 30
    pids = {p.name.rsplit("_", 1)[-1] for p in stack["metrics_dir"].glob("counter_*")}
    assert len(pids) == 2, pids  # both workers served some of them
    for series in (
        "intl_api_response_cache_total",
        "intl_tasks_waiting",
        "intl_tasks_oldest_waiting_age_seconds",
        "intl_webhook_deliveries",
    ):
        assert f"# TYPE {series.removesuffix('_total')}" in text, series
    assert live.get(base + "/metrics")[0] == 404

    lines = []
    for raw in stack["web_log"].read_text().splitlines():
        if raw.startswith("{"):
            entry = json.loads(raw)
            if entry.get("logger") == "intl.request":
                lines.append(entry)
    mine = [e for e in lines if e.get("request_id") == "live-request-0007"]
    assert len(mine) == 1, lines[:3]
    assert mine[0]["route"] == route
    assert mine[0]["status"] == 404
    assert mine[0]["duration_ms"] > 0


def test_readyz_fails_while_the_worker_is_stopped_and_tasks_wait(stack):
    base, env = stack["base"], stack["env"]
    status, _, body = live.get(base + "/readyz")
    assert status == 200, body
    assert json.loads(body)["checks"]["tasks"] == "ok"

    live.stop(stack["state"]["worker"])
    live.manage(
        env,
        "shell",
        "-c",
        "from api.tasks import prune_rate_counters; prune_rate_counters.enqueue()",
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, _, body = live.get(base + "/readyz")
        if status == 503:
            break
        time.sleep(0.5)
    assert status == 503, body
    problem = json.loads(body)
    assert problem["checks"]["tasks"] == "error"
    assert "no task worker has taken a task for" in problem["detail"]
    assert "127.0.0.1" not in problem["detail"]
    assert live.get(base + "/healthz")[0] == 200
    text = _scrape(base)
    assert _sample(text, "intl_tasks_waiting", queue="default") == 1
    assert _sample(text, "intl_tasks_oldest_waiting_age_seconds", queue="default") > 3

    stack["state"]["worker"] = live.start(
        stack["worker_cmd"],
        env=env,
        cwd=live.BACKEND,
        log=stack["tmp"] / "worker-again.log",
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, _, body = live.get(base + "/readyz")
        if status == 200:
            break
        time.sleep(0.5)
    assert status == 200, body


def _row_counts(dbname: str) -> dict[str, int]:
    conn = live.pg_connect(dbname)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        ]
        return {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables
        }
    finally:
        conn.close()


def test_backup_restores_into_a_fresh_database(tmp_path):
    """README's backup and restore commands, performed: pg_dump, pg_restore."""
    source_name = live.throwaway_db("intl_ops_backup_test")
    target_name = live.throwaway_db("intl_ops_restore_test")
    with (
        live.postgres_database(source_name) as source,
        live.postgres_database(target_name) as target,
    ):
        env = live.clean_env(
            DJANGO_SETTINGS_MODULE="config.settings.base",
            DJANGO_SECRET_KEY="ops-backup-" + "s" * 50,
            DATABASE_URL=source,
            DJANGO_ALLOWED_HOSTS="cms.example.org",
            MEDIA_ROOT=str(tmp_path / "media"),
            LOG_LEVEL="WARNING",
        )
        live.manage(env, "migrate", "--no-input", "-v0")
        live.manage(env, "load_demo_content")
        dump = tmp_path / "intl.dump"
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source],
            check=True,
            timeout=300,
        )
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target}", dump],
            check=True,
            timeout=300,
        )
        before, after = _row_counts(source_name), _row_counts(target_name)
        assert before["wagtailcore_page"] > 5
        assert after == before
        restored = {**env, "DATABASE_URL": target}
        live.manage(restored, "migrate", "--check")
        out = live.manage(
            restored,
            "shell",
            "-c",
            "from wagtail.models import Page; "
            "print(Page.objects.live().filter(depth__gt=1).count())",
        )
        assert int(out.stdout.split()[-1]) > 5
