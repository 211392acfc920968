"""Rate limits: anonymous callers, signed-in users and sensitive actions.

Throttle state lives in the default cache; when the cache is down a request
is let through rather than refused (a cache outage never breaks a read).
"""

import logging
from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    UserRateThrottle,
)

logger = logging.getLogger(__name__)


class _FailOpen:
    def allow_request(self, request: Request, view: Any) -> bool:
        try:
            return super().allow_request(request, view)  # type: ignore[misc]
        except Exception as exc:  # cache outage
            logger.warning("throttle cache unavailable, allowing request: %s", exc)
            return True


class AnonBurstThrottle(_FailOpen, AnonRateThrottle):
    scope = "anon"


class UserBurstThrottle(_FailOpen, UserRateThrottle):
    scope = "user"


class ScopedThrottle(_FailOpen, ScopedRateThrottle):
    """Per-view limits (`throttle_scope = "sign_in"`, `"write"`)."""


class WriteThrottle(_FailOpen, UserRateThrottle):
    """Limits writes (POST, PATCH, PUT, DELETE) per user; reads pass."""

    scope = "write"

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


WRITE_THROTTLES = [AnonBurstThrottle, UserBurstThrottle, WriteThrottle]
