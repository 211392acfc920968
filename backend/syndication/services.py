"""Making, checking and revoking partner keys."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.choices import require_some_of

from .models import PartnerKey, Scope

KEY_PREFIX = "pk"
# Don't write last_used_at on every request: once a minute is plenty.
LAST_USED_RESOLUTION = timedelta(minutes=1)
RATE_UNITS = ("s", "sec", "m", "min", "h", "hour", "d", "day")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def validate_rate(rate: str) -> None:
    count, _, period = rate.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in RATE_UNITS:
        raise ValidationError(
            {"rate": "Write it as a number per s, min, hour or day, e.g. '600/min'."}
        )


def validate_scopes(scopes: list[str]) -> None:
    require_some_of(scopes, Scope, field="scopes")


@transaction.atomic
def partner_key_create(
    *,
    name: str,
    scopes: list[str],
    rate: str = "600/min",
    organisation_id: int | None = None,
    expires_at: datetime | None = None,
) -> tuple[PartnerKey, str]:
    """Make a key; returns it with the full secret, which is never stored."""
    validate_scopes(scopes)
    validate_rate(rate)
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    key = PartnerKey.objects.create(
        name=name,
        organisation_id=organisation_id,
        prefix=prefix,
        digest=_digest(secret),
        scopes=sorted(set(scopes)),
        rate=rate,
        expires_at=expires_at,
    )
    return key, f"{KEY_PREFIX}_{prefix}_{secret}"


def partner_key_check(*, raw: str, now: datetime | None = None) -> PartnerKey | None:
    """The usable key for a raw `pk_<prefix>_<secret>`, or None; compares in constant time."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    _, prefix, secret = parts
    now = now or timezone.now()
    key = PartnerKey.objects.usable(now=now).filter(prefix=prefix).first()
    if key is None or not hmac.compare_digest(key.digest, _digest(secret)):
        return None
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        PartnerKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


def partner_key_revoke(*, key: PartnerKey, now: datetime | None = None) -> PartnerKey:
    if key.revoked_at is None:
        key.revoked_at = now or timezone.now()
        key.save(update_fields=["revoked_at"])
    return key
