"""What a change announces, and the outbox rows written with it."""

import json
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.models import ContentChange, ContentChangeKind

from ..models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

PAGE_KINDS = frozenset(
    {
        ContentChangeKind.PAGE_PUBLISHED,
        ContentChangeKind.PAGE_UNPUBLISHED,
        ContentChangeKind.PAGE_DELETED,
        ContentChangeKind.PAGE_MOVED,
        ContentChangeKind.RESTRICTION_CHANGED,
    }
)

# --- payloads -------------------------------------------------------------------------


def _root_url_path() -> tuple[str, list[Any]]:
    """The default site's root, and its language trees (`/fr/...` paths)."""
    from wagtail.models import Site

    from content.selectors import locale_trees

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return "/", []
    return site.root_page.url_path, locale_trees(site)


def _path(url_path: str, root: tuple[str, list[Any]]) -> str:
    from content.selectors import frontend_path

    return frontend_path(url_path=url_path, root_url_path=root[0], trees=root[1])


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
    if kind == ContentChangeKind.RESTRICTION_CHANGED and described.get("live"):
        # For a public frontend, a page behind a password or members-only is
        # gone (and back when the restriction is lifted).
        return (
            WebhookEvent.PAGE_PUBLISHED
            if _is_public_now(described["id"])
            else WebhookEvent.PAGE_UNPUBLISHED
        )
    return None


def _is_public_now(page_id: int) -> bool:
    from wagtail.models import Page

    from content.selectors import PUBLIC, Access

    path = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    return path is not None and Access.load().level(path) == PUBLIC


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


def write_outbox(
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
        transaction.on_commit(lambda: enqueue(ids), robust=True)
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
    if change.kind not in PAGE_KINDS:
        return []
    # Most changes have nobody to tell: one indexed query, nothing else.
    if not WebhookEndpoint.objects.filter(enabled=True).exists():
        return []
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
    return write_outbox(
        event=event,
        data=_page_payload(change, event),
        change=change,
        now=change.created_at,
    )


def outbox_for_award(*, application: Any) -> list[WebhookDelivery]:
    return write_outbox(
        event=WebhookEvent.GRANT_AWARDED,
        data=_grant_payload(application),
        change=None,
        now=timezone.now(),
    )


def enqueue(ids: list[int], *, run_after: datetime | None = None) -> None:
    from django_tasks import default_task_backend

    from ..tasks import send_webhook

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
    transaction.on_commit(lambda: enqueue([pk]), robust=True)
