"""Wagtail admin for grants staff: applications, their detail, decisions, export."""

from collections import OrderedDict
from datetime import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from core.errors import DomainError
from core.money import format_money

from . import export, services
from .exceptions import ApplicationInvalid
from .models import Application, ApplicationAttachment
from .workflow import Actor, Transition, available_transitions

REVIEW_PERMISSION = "grants.review_application"
VIEW_PERMISSION = "grants.view_application"


def _url(name: str, application: Application) -> str:
    return reverse(f"grants_application:{name}", args=[application.pk])


def _when(application: Application, value: datetime | None) -> str:
    """An instant in the round's zone, named, as the applicant was shown it."""
    if value is None:
        return "—"
    local = timezone.localtime(value, application.round.zone)
    return f"{dateformat.format(local, 'j F Y, H:i')} ({application.round.timezone})"


def _money(application: Application, amount: Decimal | None) -> str:
    return format_money(amount, application.round.scheme.currency) or "—"


def staff_actions(application: Application, user: Any) -> list[Transition]:
    """The decisions this user may take on the application now."""
    if not user.has_perm(REVIEW_PERMISSION):
        return []
    return available_transitions(application.status, actor=Actor.STAFF)


# Award is the positive step, Decline the serious one; Start review is neutral.
ACTION_CLASSES = {"start_review": "", "award": "", "decline": "serious"}


class ApplicationInspectView(InspectView):
    """An application with its answers, attachments, history and decisions."""

    template_name = "grants/admin/application_inspect.html"

    def get_object(self, queryset: QuerySet[Application] | None = None) -> Application:
        return get_object_or_404(
            Application.objects.select_related("round__scheme", "applicant"),
            pk=self.pk,
        )

    def get_fields(self) -> list[str]:
        return [
            "status",
            "scheme",
            "round",
            "applicant",
            *Application.ORGANISATION_FIELDS,
            "project_title",
            "summary",
            "amount_requested",
            "submitted_at",
            "amount_awarded",
            "decided_at",
            "decision_reason",
        ]

    def get_scheme_display_value(self) -> str:
        scheme = self.object.round.scheme
        return f"{scheme.title} (amounts in {scheme.get_currency_display()})"

    def get_round_display_value(self) -> str:
        round_ = self.object.round
        return (
            f"{round_.name}: closes {_when(self.object, round_.closes_at)}, "
            f"{round_.status.label.lower()}"
        )

    def get_applicant_display_value(self) -> str:
        applicant = self.object.applicant
        if applicant is None:
            return "Personal data erased"
        name = applicant.get_full_name()
        return f"{name} <{applicant.email}>" if name else applicant.email

    def get_organisation_country_display_value(self) -> str:
        country = self.object.organisation_country
        return country.name if country else "—"

    def get_organisation_type_display_value(self) -> str:
        return self.object.get_organisation_type_display() or "—"

    def get_amount_requested_display_value(self) -> str:
        return _money(self.object, self.object.amount_requested)

    def get_amount_awarded_display_value(self) -> str:
        return _money(self.object, self.object.amount_awarded)

    def get_submitted_at_display_value(self) -> str:
        return _when(self.object, self.object.submitted_at)

    def get_decided_at_display_value(self) -> str:
        return _when(self.object, self.object.decided_at)

    def get_decision_reason_display_value(self) -> str:
        return self.object.decision_reason or "—"

    @cached_property
    def actions(self) -> list[dict[str, Any]]:
        return [
            {
                "name": t.name,
                "label": t.label,
                "url": _url(t.name, self.object),
                "classname": ACTION_CLASSES.get(t.name, ""),
                # Starting a review asks nothing: a button, not a form.
                "posts": t.name == "start_review",
            }
            for t in staff_actions(self.object, self.request.user)
        ]

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        # The decisions are the point of this page: primary buttons, not the
        # "..." menu (issue 16).
        return [
            HeaderButton(
                a["label"],
                url=a["url"],
                icon_name="arrow-right",
                classname=a["classname"],
                priority=n,
            )
            for n, a in enumerate(self.actions)
        ]

    @cached_property
    def header_more_buttons(self) -> list[Any]:
        return []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        questions = self.object.round.scheme.questions
        attachments = {a.pk: a for a in self.object.attachments.all()}
        context["answers"] = [
            {
                "label": block.value["label"],
                "value": self.object.answers.get(block.id),
                "attachment": attachments.get(self.object.answers.get(block.id))
                if block.block_type == "file"
                else None,
            }
            for block in questions
        ]
        context["attachments"] = [
            {
                "attachment": a,
                "url": reverse(
                    "grants_application:attachment", args=[self.object.pk, a.pk]
                ),
            }
            for a in attachments.values()
        ]
        context["events"] = self.object.events.select_related("actor")
        context["currency"] = self.object.round.scheme.currency
        context["actions"] = self.actions
        return context


class ApplicationIndexView(IndexView):
    """The list of applications; its spreadsheet is built by `grants.export`."""

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime: {
            IndexView.FORMAT_CSV: lambda value: f"{value:%Y-%m-%d %H:%M}",
            IndexView.FORMAT_XLSX: None,
        },
    }

    def as_spreadsheet(self, queryset: QuerySet[Application], spreadsheet_format: str):  # type: ignore[no-untyped-def]
        queryset = queryset.select_related(
            "round__scheme", "applicant"
        ).prefetch_related("attachments")
        self.export_columns = export.export_columns(queryset)
        self.list_export = [c.key for c in self.export_columns]
        self.export_headings = {c.key: c.heading for c in self.export_columns}
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def to_row_dict(self, item: Application) -> OrderedDict[str, Any]:
        return OrderedDict((c.key, c.value(item)) for c in self.export_columns)


class ApplicationViewSet(ModelViewSet):
    """Grant applications: only "Grants staff" (and superusers) see this menu."""

    model = Application
    icon = "doc-full-inverse"
    menu_label = "Grant applications"
    menu_order = 250
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = ApplicationInspectView
    copy_view_enabled = False
    index_view_class = ApplicationIndexView
    list_display = [
        "project_title",
        "organisation_name",
        Column("scheme", label="Scheme", accessor="round.scheme.title"),
        "round",
        Column("status", label="Status", accessor="get_status_display"),
        Column(
            "amount_requested",
            label="Amount requested",
            accessor=lambda a: _money(a, a.amount_requested),
            sort_key="amount_requested",
        ),
        DateColumn("submitted_at", label="Submitted"),
    ]
    list_filter = ["status", "round__scheme", "round"]
    search_fields = ["project_title", "organisation_name", "summary"]
    ordering = ["-submitted_at", "-created_at"]
    # The spreadsheet's columns; answers are added per export (grants.export).
    list_export = [c.key for c in export.base_columns()]
    export_headings = {c.key: c.heading for c in export.base_columns()}
    export_filename = "grant-applications"
    # Required by ModelViewSet; the add and edit views are not routed (below).
    form_fields = ["decision_reason"]

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # Applications change only through the transitions, never a raw form.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(
            queryset=Application.objects.select_related("round__scheme"),
            export_headings=self.export_headings,
            **kwargs,
        )

    def get_urlpatterns(self) -> list[Any]:
        keep = {"index", "index_results", "inspect"}
        urls = [p for p in super().get_urlpatterns() if p.name in keep]
        return [
            *urls,
            path(
                "<int:pk>/start-review/", StartReviewView.as_view(), name="start_review"
            ),
            path("<int:pk>/award/", AwardView.as_view(), name="award"),
            path("<int:pk>/decline/", DeclineView.as_view(), name="decline"),
            path(
                "<int:pk>/attachments/<int:attachment_pk>/",
                download_attachment,
                name="attachment",
            ),
        ]


class StartReviewForm(forms.Form):
    pass


class AwardForm(forms.Form):
    amount = forms.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), label="Amount"
    )
    reason = forms.CharField(
        widget=forms.Textarea, required=False, label="Message to the applicant"
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea, label="Reason (sent to the applicant)"
    )


class TransitionView(WagtailAdminTemplateMixin, FormView):
    """Confirm one staff transition, run its service, report the outcome."""

    template_name = "grants/admin/application_action.html"
    transition = ""
    header_icon = "doc-full-inverse"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        self.application = get_object_or_404(
            Application.objects.select_related("round__scheme"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return str(self.application)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["application"] = self.application
        context["currency"] = self.application.round.scheme.currency
        context["amount_requested"] = _money(
            self.application, self.application.amount_requested
        )
        context["cancel_url"] = _url("inspect", self.application)
        return context

    def run(self, form: forms.Form) -> None:
        raise NotImplementedError

    # Where a service's field errors belong on this form.
    error_fields = {"amount_awarded": "amount", "decision_reason": "reason"}

    def form_valid(self, form: forms.Form) -> HttpResponse:
        # Any refusal re-renders the bound form: what staff typed (a reason
        # may be paragraphs long) is never thrown away with a redirect.
        try:
            self.run(form)
        except ApplicationInvalid as exc:
            for key, errors in exc.errors.items():
                field = self.error_fields.get(key)
                for _code, message in errors:
                    form.add_error(field if field in form.fields else None, message)
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, f"{self.page_title}: {self.application}")
        return redirect(_url("inspect", self.application))


class StartReviewView(TransitionView):
    form_class = StartReviewForm
    page_title = "Start review"

    def run(self, form: forms.Form) -> None:
        services.application_start_review(
            application=self.application, staff=self.request.user, now=timezone.now()
        )


class AwardView(TransitionView):
    form_class = AwardForm
    page_title = "Award"

    def get_initial(self) -> dict[str, Any]:
        return {"amount": self.application.amount_requested}

    def get_form(self, form_class: Any = None) -> forms.Form:
        form = super().get_form(form_class)
        scheme = self.application.round.scheme
        form.fields["amount"].label = f"Amount ({scheme.currency})"
        form.fields[
            "amount"
        ].help_text = f"At most {format_money(scheme.maximum_amount, scheme.currency)}."
        return form

    def run(self, form: forms.Form) -> None:
        services.application_award(
            application=self.application,
            staff=self.request.user,
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
            now=timezone.now(),
        )


class DeclineView(TransitionView):
    form_class = DeclineForm
    page_title = "Decline"

    def run(self, form: forms.Form) -> None:
        services.application_decline(
            application=self.application,
            staff=self.request.user,
            reason=form.cleaned_data["reason"],
            now=timezone.now(),
        )


def download_attachment(
    request: HttpRequest, pk: int, attachment_pk: int
) -> FileResponse:
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    attachment = get_object_or_404(
        ApplicationAttachment, application_id=pk, pk=attachment_pk
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


application_viewset = ApplicationViewSet("grants_application")
