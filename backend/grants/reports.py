"""The "Awarded grants" report: what open data will publish, as CSV or XLSX."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from core.money import format_money

from . import selectors
from .models import Application, GrantSchemePage


class AwardedGrantsFilterSet(WagtailFilterSet):
    round__scheme = django_filters.ModelChoiceFilter(
        label="Scheme", queryset=GrantSchemePage.objects.order_by("title")
    )
    decided_at = django_filters.DateFromToRangeFilter(
        label="Awarded", widget=DateRangePickerWidget
    )

    class Meta:
        model = Application
        fields = ["round__scheme", "decided_at"]


class AwardedGrantsReportView(ReportView):
    page_title = "Awarded grants"
    header_icon = "tick-inverse"
    index_url_name = "grants_awarded_report"
    index_results_url_name = "grants_awarded_report_results"
    permission_policy = ModelPermissionPolicy(Application)
    permission_required = "view"
    filterset_class = AwardedGrantsFilterSet
    export_filename = "awarded-grants"
    columns = [
        Column("project_title", label="Title"),
        Column("organisation_name", label="Recipient"),
        Column("scheme", label="Scheme", accessor="round.scheme.title"),
        Column(
            "amount_awarded",
            label="Amount",
            accessor=lambda a: format_money(a.amount_awarded, a.round.scheme.currency),
        ),
        DateColumn("decided_at", label="Awarded"),
    ]
    list_export = [
        "id",
        "project_title",
        "organisation_name",
        "organisation_identifier",
        "organisation_country.code",
        "round.scheme.title",
        "round.name",
        "amount_requested",
        "amount_awarded",
        "round.scheme.currency",
        "decided_at",
    ]
    export_headings = {
        "organisation_country.code": "Country",
        "round.scheme.title": "Scheme",
        "round.name": "Round",
        "round.scheme.currency": "Currency",
    }

    def get_queryset(self) -> QuerySet[Application]:
        self.queryset = selectors.award_list()
        return super().get_queryset()


class AwardedGrantsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("grants.view_application")


def menu_item() -> MenuItem:
    return AwardedGrantsMenuItem(
        "Awarded grants",
        reverse("grants_awarded_report"),
        name="awarded-grants",
        icon_name="tick-inverse",
        order=900,
    )


def urlpatterns() -> list[Any]:
    from django.urls import path

    return [
        path(
            "reports/awarded-grants/",
            AwardedGrantsReportView.as_view(),
            name="grants_awarded_report",
        ),
        path(
            "reports/awarded-grants/results/",
            AwardedGrantsReportView.as_view(results_only=True),
            name="grants_awarded_report_results",
        ),
    ]
