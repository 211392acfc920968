"""Dashboard panels for grants staff: what waits for them, what closes soon."""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import dateformat, timezone
from wagtail.admin.ui.components import Component

from core.dashboard import TABLE_TEMPLATE, cell

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
        context["table_template"] = TABLE_TEMPLATE
        context["headings"] = ["Project", "Scheme", "Submitted"]
        context["rows"] = [
            [
                cell(
                    f"{a} ({a.organisation_name})",
                    reverse("grants_application:inspect", args=[a.pk]),
                ),
                cell(a.round.scheme.title),
                cell(
                    dateformat.format(timezone.localtime(a.submitted_at), "j M Y")
                    if a.submitted_at
                    else ""
                ),
            ]
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
        context["table_template"] = TABLE_TEMPLATE
        context["headings"] = ["Round", "Closes", "Applications in"]
        context["rows"] = [_closing_row(r) for r in rounds]
        return context


def _closing_row(round_: Any) -> list[dict[str, Any]]:
    closes = dateformat.format(
        timezone.localtime(round_.closes_at, round_.zone), "l j M, H:i"
    )
    count = round_.submitted_count
    return [
        cell(f"{round_.scheme.title}: {round_.name}"),
        cell(f"closes {closes} ({round_.timezone})"),
        cell(
            f"{count} application{pluralize(count)} in",
            reverse("grants_application:index") + f"?round={round_.pk}",
        ),
    ]


def panels() -> list[Component]:
    return [AwaitingReviewPanel(), RoundsClosingPanel()]
