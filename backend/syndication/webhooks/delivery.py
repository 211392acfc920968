"""Sending: claim with a lease, send to the checked address, record, retry."""

import random
import time
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from .endpoints import AddressRefused, disable_failing, resolve, signature_header
from .outbox import enqueue

TIMEOUT_SECONDS = 10
# Delay before attempt 2, 3, ...: nine attempts over about 23 hours.
RETRY_DELAYS = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Jitter spreads retries of many deliveries apart; under the 4x step between
# delays, so the gaps still grow.
JITTER = 0.1
EXCERPT_CHARS = 1000
USER_AGENT = "intl-cms-webhooks/1"

# --- sending --------------------------------------------------------------------------


def claim(*, delivery_id: int, now: datetime) -> WebhookDelivery | None:
    lease = timedelta(seconds=settings.WEBHOOKS_LEASE_SECONDS)
    due = Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, lease_expires_at__lt=now
    )
    with transaction.atomic():
        claimed = (
            WebhookDelivery.objects.filter(due, pk=delivery_id).update(
                status=DeliveryStatus.SENDING,
                lease_expires_at=now + lease,
                attempts=F("attempts") + 1,
            )
            == 1
        )
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)


def _post(*, url: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
    """POST to the checked address of `url`'s host, never following redirects.

    The name is resolved and checked here, at send time, and the connection
    goes to that checked address (with the name as Host and TLS SNI), so a
    DNS answer that changes between the check and the connect is never used.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = resolve(host=host, port=port)[0]
    timeout = urllib3.Timeout(total=TIMEOUT_SECONDS)
    pool: urllib3.HTTPConnectionPool
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout)
    default_port = 443 if parts.scheme == "https" else 80
    host_header = host if port == default_port else f"{host}:{port}"
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        response = pool.urlopen(
            "POST",
            target,
            body=body,
            headers={**headers, "Host": host_header},
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            content = response.read(EXCERPT_CHARS * 4, decode_content=True) or b""
        finally:
            response.release_conn()
        return response.status, content
    finally:
        pool.close()


def send(*, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """Make one attempt of a delivery if it is due; None if it was not."""
    now = now or timezone.now()
    delivery = claim(delivery_id=delivery_id, now=now)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    if not endpoint.enabled:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.CANCELLED,
            attempts=F("attempts") - 1,
            next_attempt_at=None,
            lease_expires_at=None,
        )
        return delivery
    timestamp = int(now.timestamp())
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(
            endpoint=endpoint,
            message_id=delivery.message_id,
            timestamp=timestamp,
            body=delivery.body,
            now=now,
        ),
    }
    started = time.monotonic()
    code: int | None = None
    content = b""
    error = ""
    try:
        code, content = _post(
            url=endpoint.url, headers=headers, body=delivery.body.encode()
        )
        if not 200 <= code < 300:
            error = f"HTTP {code}" + (
                " (redirects are not followed)" if 300 <= code < 400 else ""
            )
    except AddressRefused as exc:
        error = str(exc)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
    duration = int((time.monotonic() - started) * 1000)
    _record(
        delivery=delivery,
        now=now,
        code=code,
        content=content,
        error=error[:300],
        duration=duration,
    )
    delivery.refresh_from_db()
    return delivery


@transaction.atomic
def _record(
    *,
    delivery: WebhookDelivery,
    now: datetime,
    code: int | None,
    content: bytes,
    error: str,
    duration: int,
) -> None:
    excerpt = content.decode("utf-8", "replace")[:EXCERPT_CHARS]
    succeeded = not error
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        started_at=now,
        duration_ms=duration,
        response_code=code,
        response_excerpt=excerpt,
        error=error,
        succeeded=succeeded,
    )
    fields: dict[str, Any] = {
        "response_code": code,
        "duration_ms": duration,
        "response_excerpt": excerpt,
        "error": error,
        "lease_expires_at": None,
    }
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    if succeeded:
        fields.update(
            status=DeliveryStatus.DELIVERED, delivered_at=now, next_attempt_at=None
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            failed_deliveries=0, failing_since=None
        )
    elif delivery.attempts < MAX_ATTEMPTS:
        delay = RETRY_DELAYS[delivery.attempts - 1]
        delay *= 1 + random.uniform(-JITTER, JITTER)
        fields.update(status=DeliveryStatus.PENDING, next_attempt_at=now + delay)
    else:
        fields.update(status=DeliveryStatus.FAILED, next_attempt_at=None)
    # Only a still-leased row is ours to update: a redelivery from the admin
    # or another worker's claim after our lease ran out wins.
    WebhookDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.SENDING, attempts=delivery.attempts
    ).update(**fields)
    if succeeded:
        return
    if endpoint.failing_since is None:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=now)
        endpoint.failing_since = now
    failed = endpoint.failed_deliveries
    if fields["status"] == DeliveryStatus.FAILED:
        failed += 1
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failed_deliveries=failed)
    limit = settings.WEBHOOKS_DISABLE_AFTER_FAILED_DELIVERIES
    window = timedelta(seconds=settings.WEBHOOKS_DISABLE_AFTER_FAILING_SECONDS)
    if endpoint.enabled and failed >= limit:
        disable_failing(
            endpoint=endpoint,
            reason=f"{failed} deliveries in a row failed every attempt "
            f"(last: {error}).",
        )
    elif endpoint.enabled and now - endpoint.failing_since > window:
        disable_failing(
            endpoint=endpoint,
            reason=f"every attempt has failed since {endpoint.failing_since:%Y-%m-%d %H:%M} "
            f"UTC (last: {error}).",
        )
    elif fields["status"] == DeliveryStatus.PENDING:
        pk, when = delivery.pk, fields["next_attempt_at"]
        transaction.on_commit(lambda: enqueue([pk], run_after=when), robust=True)


def due_deliveries(*, now: datetime | None = None) -> list[int]:
    """Deliveries due an attempt, and those whose sender's lease ran out."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(
            Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.SENDING, lease_expires_at__lt=now)
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:500]
    )
