from django.utils import timezone
from django_tasks import task

from .services import memberships_refresh_all


@task()
def refresh_membership_statuses() -> int:
    """Daily: move statuses on (active -> grace -> expired) and sync the Members group."""
    return memberships_refresh_all(today=timezone.localdate())
