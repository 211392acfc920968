import datetime

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail_headless_preview.models import PagePreview


@task()
def publish_scheduled_pages() -> None:
    """Publish and unpublish pages whose scheduled time has come (Wagtail's own command).

    In one transaction, so each publish commits with its change log row.
    """
    with transaction.atomic():
        call_command("publish_scheduled")


@task()
def prune_page_previews() -> int:
    """Delete stored drafts whose preview tokens can no longer be used.

    `PagePreview.created_at` is a date, so a row is kept until the day after
    its tokens expired; the endpoint checks each token's exact age itself.
    """
    oldest_valid = timezone.now() - datetime.timedelta(
        seconds=settings.PREVIEW_TOKEN_MAX_AGE
    )
    deleted, _ = PagePreview.objects.filter(created_at__lt=oldest_valid.date()).delete()
    return deleted
