"""What an operator watches: request ids, one JSON log line a request, metrics.

`RequestObservabilityMiddleware` runs first. It takes a sane incoming
`X-Request-ID` (or makes one), echoes it, counts the request's SQL queries,
records Prometheus series and writes one `intl.request` log line. Log records
written while a request (or a task it enqueued) runs carry its request id.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import traceback
import uuid
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse
from django_tasks.signals import task_enqueued

from . import metrics

logger = logging.getLogger("intl.request")
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=""
)
# Letters, digits and a few separators; long enough for a UUID or a trace id,
# short enough never to flood a log line. Anything else is replaced.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{8,128}$")
# Answered before URL resolution; named as themselves so their series are apart.
PROBE_ROUTES = {"/healthz": "healthz", "/readyz": "readyz", "/metrics": "metrics"}
UNMATCHED = "<unmatched>"


def current_request_id() -> str:
    return request_id_var.get()


def incoming_request_id(request: HttpRequest) -> str:
    value = request.headers.get("X-Request-ID", "").strip()
    return value if SANE_REQUEST_ID.match(value) else uuid.uuid4().hex


def route_of(request: HttpRequest) -> str:
    """The URL pattern that served the request (bounded label cardinality)."""
    if request.path in PROBE_ROUTES:
        return PROBE_ROUTES[request.path]
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNMATCHED
    return match.route or match.view_name or UNMATCHED


def _who(request: HttpRequest) -> dict[str, Any]:
    auth = getattr(request, "auth", None)
    prefix = getattr(auth, "prefix", None)
    if prefix:
        return {"partner_key": prefix}
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return {"user_id": user.pk}
    return {}


class RequestObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/metrics":
            return metrics.metrics_view(request)
        request_id = incoming_request_id(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        queries = [0]

        def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            queries[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        status = 500
        try:
            with connections["default"].execute_wrapper(count):
                response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request_id
            return response
        finally:
            duration = time.perf_counter() - started
            route = route_of(request)
            metrics.observe_request(
                route=route,
                method=request.method or "",
                status=status,
                seconds=duration,
                queries=queries[0],
            )
            if route not in ("healthz", "readyz"):
                logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    status,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "route": route,
                        "status": status,
                        "duration_ms": round(duration * 1000, 2),
                        "queries": queries[0],
                        **_who(request),
                    },
                )
            request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    """Every record gets `request_id` (empty outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        return True


# Attributes every LogRecord has; anything else came in through `extra=`.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(
                record.created, tz=datetime.UTC
            ).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "") or request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, default=str)


def _log_enqueued(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """Tie a task to the request that enqueued it (the worker logs its id)."""
    request_id = request_id_var.get()
    if request_id:
        logging.getLogger("intl.tasks").info(
            "enqueued %s",
            task_result.task.name,
            extra={"task_id": str(task_result.id), "task": task_result.task.name},
        )


task_enqueued.connect(_log_enqueued, dispatch_uid="intl-log-enqueued")
