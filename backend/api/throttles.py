"""Rate limits: anonymous callers, signed-in users and sensitive actions.

Each limit counts requests in fixed windows, shared by every process of a
deployment: in Redis when `REDIS_URL` is set (one INCR), else in the
database (one upsert). When Redis is down a request is let through rather
than refused (a cache outage never breaks a read).
"""

import logging
import time
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from rest_framework.request import Request
from rest_framework.throttling import (
    AnonRateThrottle,
    UserRateThrottle,
)

logger = logging.getLogger(__name__)


def count_hit(key: str, *, window_start: int, duration: int) -> int:
    """Count one request in `key`'s window and return the window's count."""
    if settings.REDIS_URL:
        name = f"throttle:{key}:{window_start}"
        cache.add(name, 0, timeout=duration + 1)
        return cache.incr(name)
    from .models import RateCounter

    quote = connection.ops.quote_name
    table = quote(RateCounter._meta.db_table)
    expires = datetime.fromtimestamp(window_start + duration, tz=UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({quote('key')}, {quote('window_start')}, "  # noqa: S608 (our own names)
            f"{quote('count')}, {quote('expires_at')}) VALUES (%s, %s, 1, %s) "
            f"ON CONFLICT ({quote('key')}, {quote('window_start')}) DO UPDATE "
            f"SET {quote('count')} = {table}.{quote('count')} + 1 "
            f"RETURNING {quote('count')}",
            [key, window_start, expires],
        )
        return cursor.fetchone()[0]


class _FailOpen:
    """A fixed-window limit counted by `count_hit`, let through on a cache outage."""

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = int(time.time())
        self.window_start = now - now % self.duration
        try:
            count = count_hit(
                self.key, window_start=self.window_start, duration=self.duration
            )
        except Exception as exc:  # cache outage
            logger.warning("throttle store unavailable, allowing request: %s", exc)
            return True
        return count <= self.num_requests

    def wait(self) -> float:
        return max(self.window_start + self.duration - time.time(), 1.0)


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

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        # Anonymous callers are limited by AnonBurstThrottle already.
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class WriteThrottle(_FailOpen, UserRateThrottle):
    """Limits writes (POST, PATCH, PUT, DELETE) per user; reads pass."""

    scope = "write"

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


WRITE_THROTTLES = [AnonBurstThrottle, UserBurstThrottle, WriteThrottle]
