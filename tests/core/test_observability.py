"""Request ids, JSON request logs, /metrics and the task-worker readiness check."""

import datetime
import json
import logging
import re

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from core.observability import JsonFormatter, RequestIdFilter

TOKEN = "metrics-test-token"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one series in a Prometheus text exposition, or None."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


def scrape(client) -> str:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content
    return response.content.decode()


@pytest.mark.django_db
def test_a_sane_request_id_is_echoed_and_a_bad_one_replaced(client):
    given = client.get("/healthz", HTTP_X_REQUEST_ID="trace-1234abcd")
    assert given["X-Request-ID"] == "trace-1234abcd"
    bad = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\r\nwith spaces")
    assert re.fullmatch(r"[0-9a-f]{32}", bad["X-Request-ID"])
    none = client.get("/api/v1/site/")
    assert re.fullmatch(r"[0-9a-f]{32}", none["X-Request-ID"])
    assert none["X-Request-ID"] != bad["X-Request-ID"]


@pytest.mark.django_db
def test_one_json_log_line_per_request_with_route_status_and_request_id(
    client, caplog, home
):
    caplog.set_level(logging.INFO, logger="intl.request")
    response = client.get("/api/v1/pages/999999/", HTTP_X_REQUEST_ID="req-abcdef12")
    assert response.status_code == 404
    records = [r for r in caplog.records if r.name == "intl.request"]
    assert len(records) == 1
    RequestIdFilter().filter(records[0])
    line = JsonFormatter().format(records[0])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "req-abcdef12"
    assert entry["route"] == "api/v1/pages/<id:pk>/"
    assert entry["status"] == 404
    assert entry["method"] == "GET"
    assert entry["duration_ms"] >= 0
    assert entry["queries"] >= 1
    assert entry["level"] == "INFO"


@pytest.mark.django_db
def test_request_log_names_the_partner_key_by_its_prefix_only(client, caplog, home):
    from syndication.services import partner_key_create

    key, secret = partner_key_create(name="Partner", scopes=["content"])
    caplog.set_level(logging.INFO, logger="intl.request")
    client.get("/api/v1/pages/", HTTP_AUTHORIZATION=f"Api-Key {secret}")
    (record,) = [r for r in caplog.records if r.name == "intl.request"]
    entry = json.loads(JsonFormatter().format(record))
    assert entry["partner_key"] == key.prefix
    assert secret not in json.dumps(entry)


@pytest.mark.django_db
def test_metrics_need_the_token(client):
    assert client.get("/metrics").status_code == 404
    with override_settings(METRICS_TOKEN=TOKEN):
        assert client.get("/metrics").status_code == 404
        wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope")
        assert wrong.status_code == 404
        assert (
            client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code
            == 200
        )


@pytest.mark.django_db
@override_settings(METRICS_TOKEN=TOKEN)
def test_metrics_count_requests_by_route_and_status_with_latency_and_queries(
    client, home
):
    route = "api/v1/pages/<id:pk>/"
    before = scrape(client)
    base = sample(before, "intl_http_requests_total", route=route, status="404") or 0
    for _ in range(3):
        client.get("/api/v1/pages/999999/")
    text = scrape(client)
    assert sample(text, "intl_http_requests_total", route=route, status="404") == (
        base + 3
    )
    assert sample(text, "intl_http_request_duration_seconds_count", route=route) >= 3
    assert sample(text, "intl_http_request_db_queries_count", route=route) >= 3
    assert sample(text, "intl_http_request_db_queries_sum", route=route) >= 3


@pytest.mark.django_db
@override_settings(METRICS_TOKEN=TOKEN)
def test_metrics_count_response_cache_and_stored_page_hits(anon):
    def counts():
        text = scrape(anon)
        return {
            key: sample(text, name, **{label: value}) or 0
            for key, name, label, value in [
                ("hit", "intl_api_response_cache_total", "result", "hit"),
                ("miss", "intl_api_response_cache_total", "result", "miss"),
                ("rendered", "intl_api_stored_pages_total", "source", "rendered"),
            ]
        }

    before = counts()
    assert anon.get("/api/v1/pages/?limit=5").status_code == 200
    assert anon.get("/api/v1/pages/?limit=5").status_code == 200
    after = counts()
    assert after["miss"] == before["miss"] + 1
    assert after["hit"] == before["hit"] + 1
    text = scrape(anon)
    assert "intl_api_stored_pages_total" in text


@pytest.mark.django_db
@override_settings(METRICS_TOKEN=TOKEN)
def test_metrics_read_queue_and_webhook_gauges_from_the_database(client):
    DBTaskResult.objects.create(
        task_path="api.tasks.prune_rate_counters",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(60))
    text = scrape(client)
    assert sample(text, "intl_tasks_waiting", queue="default") == 1
    age = sample(text, "intl_tasks_oldest_waiting_age_seconds", queue="default")
    assert 59 * 86400 < age < 61 * 86400
    assert "# TYPE intl_webhook_deliveries gauge" in text


def _waiting_task(*, waited: float, run_after=None) -> None:
    DBTaskResult.objects.create(
        task_path="api.tasks.prune_rate_counters",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=run_after or get_date_max(),
    )
    DBTaskResult.objects.update(
        enqueued_at=timezone.now() - datetime.timedelta(seconds=waited)
    )


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, READYZ_TASK_WAIT_SECONDS=60)
def test_readyz_fails_while_a_task_waits_past_the_threshold(client):
    assert client.get("/readyz").status_code == 200
    _waiting_task(waited=30)
    assert client.get("/readyz").status_code == 200
    DBTaskResult.objects.update(
        enqueued_at=timezone.now() - datetime.timedelta(seconds=90)
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["tasks"] == "error"
    assert "no task worker has taken a task for 90 s (limit 60 s)" in body["detail"]
    assert "1 wait" in body["detail"]
    # Liveness is not readiness.
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, READYZ_TASK_WAIT_SECONDS=60)
def test_readyz_ignores_tasks_scheduled_for_later(client):
    _waiting_task(
        waited=3600, run_after=timezone.now() + datetime.timedelta(seconds=600)
    )
    assert client.get("/readyz").status_code == 200
