"""Webhooks: endpoints, the outbox written from the change log, signed delivery.

A change's outbox rows (`WebhookDelivery`) are written by a `change_recorded`
receiver inside the change's own transaction, so a rolled-back change sends
nothing; the send task is enqueued once it commits. Every attempt first
claims the row with a conditional UPDATE (status and lease), so two workers
never send one attempt twice and a worker that dies mid-send leaves a lease
that runs out: `send_due_webhooks` (scheduled) then sends it again under the
same `webhook-id`. Signatures follow the Standard Webhooks specification.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import random
import secrets
import socket
import time
import uuid
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.models import ContentChange, ContentChangeKind

from .models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

logger = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
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


class AddressRefused(Exception):
    """The URL's host is, or resolves to, an address we don't send to."""


# --- endpoints ------------------------------------------------------------------------


def generate_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _refused(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


def resolve(*, host: str, port: int) -> list[str]:
    """The addresses to connect to for `host`; raises AddressRefused.

    Every DNS answer is checked, not only the first: a name that resolves to
    one public and one private address is refused.
    """
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise AddressRefused(f"{host} does not resolve: {exc}") from exc
    addresses = list(dict.fromkeys(str(answer[4][0]) for answer in answers))
    if not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        bad = [address for address in addresses if _refused(address)]
        if bad:
            raise AddressRefused(
                f"{host} resolves to a private or reserved address ({bad[0]})."
            )
    if not addresses:
        raise AddressRefused(f"{host} does not resolve.")
    return addresses


def validate_url(url: str) -> None:
    parts = urlsplit(url)
    allowed = ("https", "http") if settings.WEBHOOKS_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed or not parts.hostname:
        raise ValidationError({"url": "Use an https:// URL."})
    if parts.username or parts.password:
        raise ValidationError({"url": "Don't put credentials in the URL."})
    try:
        resolve(host=parts.hostname, port=parts.port or 443)
    except AddressRefused as exc:
        raise ValidationError({"url": str(exc)}) from exc


def validate_events(events: list[str]) -> None:
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if not events or unknown:
        raise ValidationError(
            {"events": f"Choose one or more of {', '.join(WebhookEvent.values)}."}
        )


@transaction.atomic
def endpoint_create(
    *, name: str, owner_email: str, url: str, events: list[str], enabled: bool = True
) -> tuple[WebhookEndpoint, str]:
    """Make an endpoint; returns it with its secret, to be shown once."""
    validate_url(url)
    validate_events(events)
    endpoint = WebhookEndpoint.objects.create(
        name=name,
        owner_email=owner_email,
        url=url,
        events=sorted(set(events)),
        enabled=enabled,
        secret=generate_secret(),
    )
    return endpoint, endpoint.secret


@transaction.atomic
def endpoint_rotate_secret(
    *, endpoint: WebhookEndpoint, now: datetime | None = None
) -> str:
    """A new secret; the old one keeps signing too for the grace period."""
    now = now or timezone.now()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = now + timedelta(
        seconds=settings.WEBHOOKS_ROTATION_GRACE_SECONDS
    )
    endpoint.secret = generate_secret()
    endpoint.save(
        update_fields=["secret", "previous_secret", "previous_secret_expires_at"]
    )
    return endpoint.secret


@transaction.atomic
def endpoint_enable(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    endpoint.enabled = True
    endpoint.failed_deliveries = 0
    endpoint.failing_since = None
    endpoint.disabled_reason = ""
    endpoint.save(
        update_fields=[
            "enabled",
            "failed_deliveries",
            "failing_since",
            "disabled_reason",
        ]
    )
    return endpoint


def _disable(*, endpoint: WebhookEndpoint, reason: str) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        enabled=False, disabled_reason=reason[:300]
    )
    WebhookDelivery.objects.filter(
        endpoint=endpoint, status=DeliveryStatus.PENDING
    ).update(status=DeliveryStatus.CANCELLED, next_attempt_at=None)
    subject = f"Webhook endpoint disabled: {endpoint.name}"
    body = (
        f"We stopped sending webhooks to {endpoint.url} ({endpoint.name}): {reason}\n\n"
        "Fix the receiver, then enable the endpoint again in the CMS admin "
        "(Settings > Webhook endpoints) and redeliver what it missed from the "
        "delivery log."
    )
    owner = endpoint.owner_email
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [owner])
    )


# --- signing --------------------------------------------------------------------------


def sign(*, secret: str, message_id: str, timestamp: int, body: str) -> str:
    """`v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the decoded secret."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    content = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_header(
    *,
    endpoint: WebhookEndpoint,
    message_id: str,
    timestamp: int,
    body: str,
    now: datetime,
) -> str:
    secrets_ = [endpoint.secret]
    if (
        endpoint.previous_secret
        and endpoint.previous_secret_expires_at
        and endpoint.previous_secret_expires_at > now
    ):
        secrets_.append(endpoint.previous_secret)
    return " ".join(
        sign(secret=s, message_id=message_id, timestamp=timestamp, body=body)
        for s in secrets_
    )


# --- payloads -------------------------------------------------------------------------


def _root_url_path() -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site is not None else "/"


def _path(url_path: str, root: str) -> str:
    from content.selectors import frontend_path

    return frontend_path(url_path=url_path, root_url_path=root)


def _previous_rows(change: ContentChange) -> Any:
    return ContentChange.objects.filter(
        object_type=change.object_type,
        object_id=change.object_id,
        id__lt=change.id,
        kind__in=[
            ContentChangeKind.PAGE_PUBLISHED,
            ContentChangeKind.PAGE_UNPUBLISHED,
            ContentChangeKind.PAGE_MOVED,
        ],
    ).order_by("-id")


def event_for(change: ContentChange) -> str | None:
    """The webhook event a change log row announces, if any."""
    described = change.pages[0] if change.pages else {}
    kind = change.kind
    if kind == ContentChangeKind.PAGE_PUBLISHED:
        # Public before this publish only if the last publish or unpublish
        # before it was a publish.
        previous = (
            _previous_rows(change)
            .exclude(kind=ContentChangeKind.PAGE_MOVED)
            .values_list("kind", flat=True)
            .first()
        )
        if previous == ContentChangeKind.PAGE_PUBLISHED:
            return WebhookEvent.PAGE_UPDATED
        return WebhookEvent.PAGE_PUBLISHED
    if kind == ContentChangeKind.PAGE_UNPUBLISHED:
        return WebhookEvent.PAGE_UNPUBLISHED
    # A draft that moves or goes was never public: nothing to revalidate.
    if kind == ContentChangeKind.PAGE_DELETED and (
        described.get("live") or _deletion_unpublish(change) is not None
    ):
        return WebhookEvent.PAGE_DELETED
    if kind == ContentChangeKind.PAGE_MOVED and described.get("live"):
        return WebhookEvent.PAGE_MOVED
    return None


def _page_payload(change: ContentChange, event: str) -> dict[str, Any]:
    described = change.pages[0] if change.pages else {}
    root = _root_url_path()
    url_path = described.get("url_path") or ""
    path = _path(url_path, root)
    page_type = described.get("type")
    page_id = described.get("id") or int(change.object_id)
    paths = [path]
    previous_path = None
    if event == WebhookEvent.PAGE_MOVED:
        before = (
            _previous_rows(change).values_list("pages", flat=True).first() or [{}]
        )[0].get("url_path")
        if before and before != url_path:
            previous_path = _path(before, root)
            paths.append(previous_path)
    # The index pages that list it: its parent, before and after a move.
    for page_url_path in filter(None, [url_path, previous_path and before]):
        parent = page_url_path.rstrip("/").rsplit("/", 1)[0] + "/"
        if parent.startswith(root) and parent != page_url_path:
            paths.append(_path(parent, root))
    api = [
        f"/api/v1/pages/{page_id}/",
        "/api/v1/pages/",
        *([f"/api/v1/pages/?type={page_type}"] if page_type else []),
        "/api/v1/navigation/",
        "/api/v1/sitemap/",
    ]
    return {
        "change_id": change.id,
        "page": {
            "id": page_id,
            "type": page_type,
            "path": path,
            "url": settings.FRONTEND_BASE_URL + path,
            **({"previous_path": previous_path} if previous_path else {}),
        },
        "revalidate": {"paths": list(dict.fromkeys(paths)), "api": api},
    }


def _grant_payload(application: Any) -> dict[str, Any]:
    from grants.paths import frontend_path

    scheme = application.round.scheme
    path = frontend_path(scheme)
    return {
        "award": {
            "id": application.pk,
            "title": application.project_title,
            "amount": str(application.amount_awarded),
            "currency": scheme.currency,
            "awarded_at": application.decided_at.isoformat(),
            "scheme": {"id": scheme.pk, "path": path},
        },
        "revalidate": {
            "paths": [path],
            "api": [
                "/api/v1/grants/awards/",
                "/api/v1/grants/awards/360giving.json",
                f"/api/v1/pages/{scheme.pk}/",
            ],
        },
    }


def _body(event: str, data: dict[str, Any], now: datetime) -> str:
    return json.dumps(
        {"type": event, "timestamp": now.isoformat(), "data": data},
        separators=(",", ":"),
        sort_keys=True,
    )


# --- the outbox -----------------------------------------------------------------------


def _write_outbox(
    *, event: str, data: dict[str, Any], change: ContentChange | None, now: datetime
) -> list[WebhookDelivery]:
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(enabled=True)
        if event in endpoint.events
    ]
    if not endpoints:
        return []
    body = _body(event, data, now)
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event=event,
            change=change,
            message_id=f"msg_{uuid.uuid4().hex}",
            body=body,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    )
    ids = [delivery.pk for delivery in deliveries]
    if all(ids):
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return deliveries


def _deletion_unpublish(change: ContentChange) -> ContentChange | None:
    """The unpublish Wagtail logs as it deletes a live page, if there was one.

    Wagtail sends `page_unpublished` before deleting a live page, while the
    page still reads as live: that row (live=True) belongs to the deletion.
    """
    previous = (
        _previous_rows(change)
        .exclude(kind=ContentChangeKind.PAGE_MOVED)
        .only("kind", "pages")
        .first()
    )
    if (
        previous is not None
        and previous.kind == ContentChangeKind.PAGE_UNPUBLISHED
        and previous.pages
        and previous.pages[0].get("live")
    ):
        return previous
    return None


def outbox_for_change(*, change: ContentChange) -> list[WebhookDelivery]:
    """Outbox rows for one change log row; run inside the change's transaction."""
    event = event_for(change)
    if event is None:
        return []
    if event == WebhookEvent.PAGE_DELETED and (
        unpublish := _deletion_unpublish(change)
    ):
        # One event for a deletion: its unpublish's messages are not sent yet
        # (they commit with it), so they are dropped.
        WebhookDelivery.objects.filter(
            change=unpublish, attempts=0, status=DeliveryStatus.PENDING
        ).delete()
    return _write_outbox(
        event=event,
        data=_page_payload(change, event),
        change=change,
        now=change.created_at,
    )


def outbox_for_award(*, application: Any) -> list[WebhookDelivery]:
    return _write_outbox(
        event=WebhookEvent.GRANT_AWARDED,
        data=_grant_payload(application),
        change=None,
        now=timezone.now(),
    )


def _enqueue(ids: list[int], *, run_after: datetime | None = None) -> None:
    from django_tasks import default_task_backend

    from .tasks import send_webhook

    task = send_webhook
    if run_after is not None:
        if not default_task_backend.supports_defer:
            # The immediate backend (tests) cannot wait: `send_due_webhooks`
            # sends it when it is due.
            return
        task = task.using(run_after=run_after)
    for delivery_id in ids:
        task.enqueue(delivery_id=delivery_id)


def redeliver(*, delivery: WebhookDelivery, now: datetime | None = None) -> None:
    """Send again (from the admin), with the same webhook-id, as a fresh series."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        lease_expires_at=None,
    )
    pk = delivery.pk
    transaction.on_commit(lambda: _enqueue([pk]), robust=True)


# --- sending --------------------------------------------------------------------------


def _claim(*, delivery_id: int, now: datetime) -> WebhookDelivery | None:
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
    delivery = _claim(delivery_id=delivery_id, now=now)
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
        _disable(
            endpoint=endpoint,
            reason=f"{failed} deliveries in a row failed every attempt "
            f"(last: {error}).",
        )
    elif endpoint.enabled and now - endpoint.failing_since > window:
        _disable(
            endpoint=endpoint,
            reason=f"every attempt has failed since {endpoint.failing_since:%Y-%m-%d %H:%M} "
            f"UTC (last: {error}).",
        )
    elif fields["status"] == DeliveryStatus.PENDING:
        pk, when = delivery.pk, fields["next_attempt_at"]
        transaction.on_commit(lambda: _enqueue([pk], run_after=when), robust=True)


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


# --- receivers ------------------------------------------------------------------------


def _change_recorded(sender: Any, change: ContentChange, **kwargs: Any) -> None:
    outbox_for_change(change=change)


def _application_awarded(sender: Any, application: Any, **kwargs: Any) -> None:
    outbox_for_award(application=application)


def connect() -> None:
    from core.changes import change_recorded
    from grants.signals import application_awarded

    change_recorded.connect(_change_recorded, dispatch_uid="syndication-webhooks")
    application_awarded.connect(
        _application_awarded, dispatch_uid="syndication-webhooks-award"
    )
