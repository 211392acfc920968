"""Rate limits: anonymous callers, signed-in users and sensitive actions.

Each limit counts requests in fixed windows, shared by every process of a
deployment: in Redis when `REDIS_URL` is set (one round trip), else in the
database (one upsert). When Redis is down a request is let through rather
than refused (a cache outage never breaks a read).

Every response of a limited endpoint says where its caller stands, with the
`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and
`RateLimit-Policy` fields of the IETF draft (draft-ietf-httpapi-ratelimit-
headers). A conditional request (`If-None-Match` or `If-Modified-Since`)
answered 304 costs a tenth of a request: a frontend that revalidates what
it has can do so ten times as often.
"""

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from rest_framework.request import Request
from rest_framework.throttling import (
    AnonRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)

from core.cache import RedisWithFallbackCache

logger = logging.getLogger(__name__)


# What a request costs against a limit, in units: a limit of N requests is
# N * REQUEST_COST units.
REQUEST_COST = 10
NOT_MODIFIED_COST = 1


def count_hit(key: str, *, window_start: int, duration: int, amount: int = 1) -> int:
    """Add `amount` to `key`'s count in its window and return the window's count."""
    if settings.REDIS_URL:
        name = f"throttle:{key}:{window_start}"
        shared = caches["default"]
        if isinstance(shared, RedisWithFallbackCache):
            return shared.count(name, amount, timeout=duration + 1)
        shared.add(name, 0, timeout=duration + 1)
        return shared.incr(name, amount)
    from .models import RateCounter

    quote = connection.ops.quote_name
    table = quote(RateCounter._meta.db_table)
    expires = datetime.fromtimestamp(window_start + duration, tz=UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({quote('key')}, {quote('window_start')}, "  # noqa: S608 (our own names)
            f"{quote('count')}, {quote('expires_at')}) VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT ({quote('key')}, {quote('window_start')}) DO UPDATE "
            f"SET {quote('count')} = {table}.{quote('count')} + %s "
            f"RETURNING {quote('count')}",
            [key, window_start, amount, expires, amount],
        )
        return cursor.fetchone()[0]


def is_conditional(request: HttpRequest) -> bool:
    return bool(
        request.META.get("HTTP_IF_NONE_MATCH")
        or request.META.get("HTTP_IF_MODIFIED_SINCE")
    )


@dataclass
class Usage:
    """One limit a request was counted against, for its `RateLimit-*` fields."""

    key: str
    window_start: int
    duration: int
    limit: int  # requests per window
    count: int  # units used in the window, this request included
    owed: int = 0  # units still to charge unless the response is a 304

    @property
    def remaining(self) -> int:
        return max(self.limit * REQUEST_COST - self.count, 0) // REQUEST_COST

    def reset(self, now: float) -> int:
        return max(math.ceil(self.window_start + self.duration - now), 0)


def _usages(request: Request) -> list[Usage]:
    django_request: Any = getattr(request, "_request", request)
    if not hasattr(django_request, "rate_limit_usages"):
        django_request.rate_limit_usages = []
    return django_request.rate_limit_usages


# Mixed in before one of DRF's SimpleRateThrottle classes, whose `rate`,
# `duration`, `num_requests` and `get_cache_key` it uses.
if TYPE_CHECKING:
    _RateThrottle = SimpleRateThrottle
else:
    _RateThrottle = object


class _FailOpen(_RateThrottle):
    """A fixed-window limit counted by `count_hit`, let through on a cache outage."""

    # Set by SimpleRateThrottle.__init__ from the rate (annotations only);
    # None only without a rate, when allow_request returns before using them.
    num_requests: int | None
    duration: int | None

    def allow_request(self, request: Request, view: Any) -> bool:
        limit, duration = self.num_requests, self.duration
        if self.rate is None or limit is None or duration is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = int(time.time())
        self.window_start = now - now % duration
        self.window_end = self.window_start + duration
        # A revalidation pays the rest after the view, unless it was a 304.
        cost = NOT_MODIFIED_COST if is_conditional(request) else REQUEST_COST
        try:
            count = count_hit(
                self.key,
                window_start=self.window_start,
                duration=duration,
                amount=cost,
            )
        except Exception as exc:  # cache outage
            logger.warning("throttle store unavailable, allowing request: %s", exc)
            return True
        _usages(request).append(
            Usage(
                key=self.key,
                window_start=self.window_start,
                duration=duration,
                limit=limit,
                count=count,
                owed=REQUEST_COST - cost,
            )
        )
        return count <= limit * REQUEST_COST

    def wait(self) -> float:
        return max(self.window_end - time.time(), 1.0)


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


class RateLimitHeadersMiddleware:
    """Settle what revalidations owe, and say where the caller stands.

    The fields describe the limit closest to being reached (a signed-in
    writer is counted against several).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        usages: list[Usage] = getattr(request, "rate_limit_usages", [])
        if not usages:
            return response
        if response.status_code != 304:
            for usage in usages:
                if usage.owed:
                    try:
                        usage.count = count_hit(
                            usage.key,
                            window_start=usage.window_start,
                            duration=usage.duration,
                            amount=usage.owed,
                        )
                    except Exception as exc:  # cache outage
                        logger.warning("throttle store unavailable: %s", exc)
        now = time.time()
        usage = min(usages, key=lambda u: (u.remaining, -u.reset(now)))
        response["RateLimit-Limit"] = str(usage.limit)
        response["RateLimit-Remaining"] = str(usage.remaining)
        response["RateLimit-Reset"] = str(usage.reset(now))
        response["RateLimit-Policy"] = f"{usage.limit};w={usage.duration}"
        return response
