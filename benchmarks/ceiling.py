"""The Python ceiling: the same bytes as our response, from a trivial WSGI app.

Served by the same gunicorn command (config/gunicorn.conf.py) as the API, so
the difference between this and a response-cache hit is what Django, DRF and
our cache check cost per request.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

BODY = Path(os.environ["BENCH_CEILING_BODY"]).read_bytes()
HEADERS = [
    ("Content-Type", "application/json"),
    ("Content-Length", str(len(BODY))),
    ("Cache-Control", "public, max-age=60"),
]


def application(
    environ: dict[str, Any], start_response: Callable[..., Any]
) -> Iterable[bytes]:
    if environ.get("PATH_INFO") == "/healthz":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    start_response("200 OK", HEADERS)
    return [BODY]
