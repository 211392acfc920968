from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages() -> None:
    """Publish and unpublish pages whose scheduled time has come (Wagtail's own command)."""
    call_command("publish_scheduled")
