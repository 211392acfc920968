from django_tasks import task

from . import changes, purge, webhooks


@task()
def prune_content_changes() -> int:
    """Forget change log rows older than CHANGES_RETENTION_DAYS."""
    return changes.prune()


@task()
def send_webhook(*, delivery_id: int) -> str | None:
    """One attempt of one delivery, if it is due (a duplicate enqueue is harmless)."""
    delivery = webhooks.send(delivery_id=delivery_id)
    return delivery.status if delivery is not None else None


@task()
def send_due_webhooks() -> int:
    """Send what is due: retries, and deliveries whose sender died (lease ran out).

    Retries are also enqueued with `run_after`; this sweep makes delivery
    independent of any one queued task surviving.
    """
    ids = webhooks.due_deliveries()
    for delivery_id in ids:
        send_webhook.enqueue(delivery_id=delivery_id)
    return len(ids)


# Seconds before the next attempt of a failed purge (then the sweep's interval).
PURGE_RETRY_DELAYS = (1, 2, 5, 15, 30)


# Ahead of search indexing and re-rendering: readers wait on this one.
@task(priority=50)
def purge_cdn(*, name: str = "immediate", attempt: int = 0) -> int:
    """Purge the CDN tags of the change log rows not purged yet (one pass)."""
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks import default_task_backend

    try:
        return purge.purge_pending(name=name)
    except purge.PurgeFailed as exc:
        purge.note_failure(name=name, error=str(exc))
        if attempt < len(PURGE_RETRY_DELAYS) and default_task_backend.supports_defer:
            when = timezone.now() + timedelta(seconds=PURGE_RETRY_DELAYS[attempt])
            purge_cdn.using(run_after=when).enqueue(name=name, attempt=attempt + 1)
        raise


@task()
def purge_cdn_sweep() -> int:
    """Both passes, on a schedule: whatever a lost or failed task left behind."""
    done = 0
    for name in purge.PASSES:
        try:
            done += purge.purge_pending(name=name)
        except purge.PurgeFailed as exc:
            purge.note_failure(name=name, error=str(exc))
    return done
