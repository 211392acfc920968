"""Liveness and readiness probes for load balancers and orchestrators."""

import logging
import uuid

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
        logger.warning("readyz: database unreachable: %s", exc)
        return f"{type(exc).__name__}: {exc}".strip()[:300]
    return None


def _check_cache() -> str | None:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=5)
        if cache.get(key) != "1":
            return "cache did not return what was written"
        cache.delete(key)
    except Exception as exc:
        logger.warning("readyz: cache unreachable: %s", exc)
        return f"{type(exc).__name__}: {exc}".strip()[:300]
    return None


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve while the database answers; a cache outage only degrades.

    The database is the one truth and caches only save work (DESIGN.md), so
    an unreachable Redis makes every instance slower, not wrong: taking them
    all out of rotation for it would turn a slowdown into an outage.
    """
    checks = {"database": _check_database(), "cache": _check_cache()}
    failing = {name: error for name, error in checks.items() if error}
    body = {
        "checks": {name: "ok" if not err else "error" for name, err in checks.items()}
    }
    if failing and "database" not in failing:
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
