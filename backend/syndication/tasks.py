from django_tasks import task

from . import changes


@task()
def prune_content_changes() -> int:
    """Forget change log rows older than CHANGES_RETENTION_DAYS."""
    return changes.prune()
