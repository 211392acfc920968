"""Prometheus series, correct across gunicorn's worker processes.

Counters and histograms are per process; with PROMETHEUS_MULTIPROC_DIR set
(config/gunicorn.conf.py sets it) each worker writes them to its own files in
that directory and a scrape, answered by any worker, sums them all. What is
one truth for the whole deployment (the task queue, webhook deliveries) is
read from the database at scrape time, so every worker answers the same.

Hit ratios are two counters each, as Prometheus prefers:
`rate(intl_api_response_cache_total{result="hit"}[5m])
 / rate(intl_api_response_cache_total[5m])`.
"""

import hmac
import os
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, Min, When
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "intl_http_requests_total",
    "HTTP requests answered, by URL pattern, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "intl_http_request_duration_seconds",
    "Time from the first middleware to the response, by URL pattern.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
QUERIES = Histogram(
    "intl_http_request_db_queries",
    "SQL queries one request ran, by URL pattern.",
    ["route"],
    buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89),
)
RESPONSE_CACHE = Counter(
    "intl_api_response_cache",
    "Response cache lookups: hit (served, still current) or miss (built).",
    ["result"],
)
STORED_PAGES = Counter(
    "intl_api_stored_pages",
    "Full page representations wanted, by where they came from: "
    "cache (memory/Redis), table (StoredPage) or rendered (a miss).",
    ["source"],
)


def waiting_tasks() -> list[tuple[str, int, float]]:
    """(queue, tasks due and not taken, seconds the oldest has waited)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    # A task waits from when it became due: enqueued, or its `run_after`.
    due_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=F("run_after"),
    )
    now = timezone.now()
    return [
        (
            row["queue_name"],
            row["n"],
            max(0.0, (now - row["since"]).total_seconds()),
        )
        for row in DBTaskResult.objects.ready()
        .values("queue_name")
        .annotate(n=Count("id"), since=Min(due_since))
        .order_by("queue_name")
    ]


def observe_request(
    *, route: str, method: str, status: int, seconds: float, queries: int
) -> None:
    REQUESTS.labels(route, method, str(status)).inc()
    LATENCY.labels(route, method).observe(seconds)
    QUERIES.labels(route).observe(queries)


def response_cache(*, hit: bool) -> None:
    RESPONSE_CACHE.labels("hit" if hit else "miss").inc()


def stored_pages(*, cache: int = 0, table: int = 0, rendered: int = 0) -> None:
    for source, count in (("cache", cache), ("table", table), ("rendered", rendered)):
        if count:
            STORED_PAGES.labels(source).inc(count)


class DatabaseCollector(Collector):
    """Gauges read from the database when scraped: the same from every process."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from syndication.models import WebhookDelivery

        waiting = GaugeMetricFamily(
            "intl_tasks_waiting",
            "Tasks due to run that no worker has taken yet, by queue.",
            labels=["queue"],
        )
        oldest = GaugeMetricFamily(
            "intl_tasks_oldest_waiting_age_seconds",
            "How long the oldest due task has waited for a worker.",
            labels=["queue"],
        )
        for queue, count, age in waiting_tasks():
            waiting.add_metric([queue], count)
            oldest.add_metric([queue], age)
        yield waiting
        yield oldest

        deliveries = GaugeMetricFamily(
            "intl_webhook_deliveries",
            "Webhook deliveries by outcome (pending, sending, delivered, "
            "failed, cancelled).",
            labels=["status"],
        )
        for row in WebhookDelivery.objects.values("status").annotate(n=Count("id")):
            deliveries.add_metric([row["status"]], row["n"])
        yield deliveries


def registry() -> Any:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        scrape = CollectorRegistry()
        MultiProcessCollector(scrape)
    else:
        scrape = CollectorRegistry()
        for collector in (REQUESTS, LATENCY, QUERIES, RESPONSE_CACHE, STORED_PAGES):
            scrape.register(collector)
    scrape.register(DatabaseCollector())
    return scrape


def authorized(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(
        given.encode(), f"Bearer {token}".encode()
    )


def metrics_view(request: HttpRequest) -> HttpResponse:
    """The scrape endpoint; without the token it does not exist (404)."""
    if not authorized(request):
        raise Http404
    return HttpResponse(
        generate_latest(registry()),
        content_type=CONTENT_TYPE_LATEST,
        headers={"Cache-Control": "no-store"},
    )
