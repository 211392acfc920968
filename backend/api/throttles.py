"""Rate limits: anonymous callers, signed-in users and sensitive actions.

Throttle state lives in the default cache; when the cache is down a request
is let through rather than refused (a cache outage never breaks a read).
"""

import logging
from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import (
    AnonRateThrottle,
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


def _partner_key(request: Request) -> Any:
    from syndication.models import PartnerKey

    return request.auth if isinstance(request.auth, PartnerKey) else None


class AnonBurstThrottle(_FailOpen, AnonRateThrottle):
    scope = "anon"

    def allow_request(self, request: Request, view: Any) -> bool:
        # A partner's requests count against its key's own rate instead.
        if _partner_key(request) is not None:
            return True
        return super().allow_request(request, view)


class PartnerKeyThrottle(_FailOpen, AnonRateThrottle):
    """Each partner key at the rate set on the key."""

    scope = "partner"

    def allow_request(self, request: Request, view: Any) -> bool:
        key = _partner_key(request)
        if key is None:
            return True
        self.rate = key.rate
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {
            "scope": self.scope,
            "ident": _partner_key(request).prefix,
        }

    def get_rate(self) -> str:
        # The real rate comes from the key, set in allow_request().
        return "1000/min"


class UserBurstThrottle(_FailOpen, UserRateThrottle):
    scope = "user"


class WriteThrottle(_FailOpen, UserRateThrottle):
    """Limits writes (POST, PATCH, PUT, DELETE) per user; reads pass."""

    scope = "write"

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


WRITE_THROTTLES = [AnonBurstThrottle, UserBurstThrottle, WriteThrottle]
