"""Webhook endpoints: their secrets, the addresses we send to, and signing."""

import base64
import hashlib
import hmac
import ipaddress
import secrets
import socket
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core.choices import require_some_of

from ..models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


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
    require_some_of(events, WebhookEvent, field="events")


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


def disable_failing(*, endpoint: WebhookEndpoint, reason: str) -> None:
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
