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

from typing import Any

from .delivery import JITTER, MAX_ATTEMPTS, RETRY_DELAYS, claim, due_deliveries, send
from .endpoints import (
    AddressRefused,
    endpoint_create,
    endpoint_enable,
    endpoint_rotate_secret,
    generate_secret,
    resolve,
    sign,
    validate_events,
    validate_url,
)
from .outbox import (
    event_for,
    outbox_for_award,
    outbox_for_change,
    redeliver,
    write_outbox,
)

__all__ = [
    "JITTER",
    "MAX_ATTEMPTS",
    "RETRY_DELAYS",
    "AddressRefused",
    "claim",
    "connect",
    "due_deliveries",
    "endpoint_create",
    "endpoint_enable",
    "endpoint_rotate_secret",
    "event_for",
    "generate_secret",
    "outbox_for_award",
    "outbox_for_change",
    "redeliver",
    "resolve",
    "send",
    "sign",
    "validate_events",
    "validate_url",
    "write_outbox",
]


# --- receivers ------------------------------------------------------------------------


def _change_recorded(sender: Any, change: Any, **kwargs: Any) -> None:
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
