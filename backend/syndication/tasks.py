from django_tasks import task

from . import changes, webhooks


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
