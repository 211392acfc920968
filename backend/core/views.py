"""Liveness and readiness probes for load balancers and orchestrators."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answers; it checks nothing else."""
    return JsonResponse({"status": "ok"})


def _check_database() -> str | None:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        # Drop the broken connection so the next probe reconnects (never
        # inside a transaction, whose owner must see the failure itself).
        if not connection.in_atomic_block:
            connection.close()
        # The reason (with its host and port) goes to the log; the answer
        # says what is down, never where.
        logger.warning("readyz: database unreachable: %s", exc)
        return "unreachable"
    return None


def _check_cache() -> str | None:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        # Redis itself, not the database cache that stands in for it.
        ping = getattr(cache, "ping_primary", None)
        if ping is not None:
            ping()
        cache.set(key, "1", timeout=5)
        if cache.get(key) != "1":
            return "did not return what was written"
        cache.delete(key)
    except Exception as exc:
        logger.warning("readyz: cache unreachable: %s", exc)
        return "unreachable"
    return None


def _queued_in_database() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")


def _check_task_worker() -> str | None:
    """Fails when a due task has waited past READYZ_TASK_WAIT_SECONDS.

    Scheduled publishing, indexing and mail all wait on the worker; a queue
    nobody takes from is an outage even while every page still answers.
    """
    from .metrics import waiting_tasks

    try:
        queues = waiting_tasks()
    except Exception as exc:
        logger.warning("readyz: task queue unreadable: %s", exc)
        return "task queue unreadable"
    limit = settings.READYZ_TASK_WAIT_SECONDS
    stalled = [(queue, n, age) for queue, n, age in queues if age > limit]
    if not stalled:
        return None
    return "; ".join(
        f"no task worker has taken a task for {age:.0f} s (limit {limit} s) "
        f"while {n} wait in queue {queue!r}"
        for queue, n, age in stalled
    )


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve while the database answers; a cache outage only degrades.

    The database is the one truth and caches only save work (DESIGN.md), so
    an unreachable Redis makes every instance slower, not wrong: taking them
    all out of rotation for it would turn a slowdown into an outage. With the
    database task backend, a due task left waiting past the threshold fails
    it too: nothing scheduled, indexed or mailed would happen.
    """
    checks = {"database": _check_database(), "cache": _check_cache()}
    if checks["database"] is None and _queued_in_database():
        checks["tasks"] = _check_task_worker()
    failing = {name: error for name, error in checks.items() if error}
    body = {
        "checks": {name: "ok" if not err else "error" for name, err in checks.items()}
    }
    if failing and not failing.keys() & {"database", "tasks"}:
        return JsonResponse({"status": "degraded", **body})
    if failing:
        response = JsonResponse(
            {
                "type": "about:blank",
                "title": "Service Unavailable",
                "status": 503,
                "code": "not_ready",
                "detail": "; ".join(f"{name}: {err}" for name, err in failing.items()),
                **body,
            },
            status=503,
            content_type="application/problem+json",
        )
        response["Retry-After"] = "5"
        return response
    return JsonResponse({"status": "ok", **body})
