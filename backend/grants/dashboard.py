"""Dashboard panels for grants staff: what waits for them, what closes soon."""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from . import selectors
from .workflow import ApplicationStatus

VIEW_PERMISSION = "grants.view_application"
SHOWN = 5  # rows per panel; the heading link lists them all


class GrantsPanel(Component):
    def render_html(self, parent_context: Mapping[str, Any] | None = None) -> str:
        request = (parent_context or {}).get("request")
        if request is None or not request.user.has_perm(VIEW_PERMISSION):
            return ""
        return super().render_html(parent_context)


class AwaitingReviewPanel(GrantsPanel):
    name = "grants_awaiting_review"
    template_name = "grants/admin/panel_awaiting_review.html"
    order = 120

    def get_context_data(
        self, parent_context: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        context = super().get_context_data(parent_context)
        applications = selectors.applications_awaiting_review()
        context["count"] = applications.count()
        context["applications"] = [
            {
                "application": a,
                "url": reverse("grants_application:inspect", args=[a.pk]),
            }
            for a in applications[:SHOWN]
        ]
        context["list_url"] = (
            reverse("grants_application:index")
            + f"?status={ApplicationStatus.SUBMITTED}"
        )
        return context


class RoundsClosingPanel(GrantsPanel):
    name = "grants_rounds_closing"
    template_name = "grants/admin/panel_rounds_closing.html"
    order = 130

    def get_context_data(
        self, parent_context: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        context = super().get_context_data(parent_context)
        now = timezone.now()
        rounds = selectors.rounds_closing_between(
            start=now, end=now + timedelta(days=7)
        )
        context["rounds"] = [
            {
                "round": r,
                "closes": timezone.localtime(r.closes_at, r.zone),
                "url": reverse("grants_application:index") + f"?round={r.pk}",
            }
            for r in rounds
        ]
        return context


def panels() -> list[Component]:
    return [AwaitingReviewPanel(), RoundsClosingPanel()]
