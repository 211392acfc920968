"""Wagtail's moderation workflow and scheduled publishing work on our pages."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from content import models as m
from content.tasks import publish_scheduled_pages


@pytest.fixture
def hub(home):
    hub = m.InternationalHubPage(
        title="International", slug="international", summary="x"
    )
    home.add_child(instance=hub)
    hub.save_revision().publish()
    return hub


def test_pages_get_the_default_moderation_workflow(hub):
    workflow = hub.get_workflow()
    assert workflow is not None and workflow.active
    editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")
    page = m.StandardPage(title="Pending", slug="pending", summary="x")
    hub.add_child(instance=page)
    page.save_revision(user=editor)
    workflow.start(page, editor)
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert not page.live or page.has_unpublished_changes


def test_scheduled_revision_is_published_by_the_periodic_task(hub):
    page = m.StandardPage(title="Later", slug="later", summary="x", live=False)
    hub.add_child(instance=page)
    page.go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision = page.save_revision(approved_go_live_at=page.go_live_at)
    assert not m.StandardPage.objects.get(pk=page.pk).live

    publish_scheduled_pages.enqueue()

    page.refresh_from_db()
    assert page.live and page.live_revision_id == revision.pk
