from django_tasks import task

from .idempotency import prune_expired


@task()
def prune_idempotency_records() -> int:
    """Forget idempotency keys older than their retention window."""
    return prune_expired()
