"""Wagtail admin for grants staff: applications, their detail, decisions, export."""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from . import services
from .exceptions import ApplicationInvalid, GrantsError
from .models import Application, ApplicationAttachment
from .workflow import Actor, available_transitions

REVIEW_PERMISSION = "grants.review_application"
VIEW_PERMISSION = "grants.view_application"


def _url(name: str, application: Application) -> str:
    return reverse(f"grants_application:{name}", args=[application.pk])


class ApplicationInspectView(InspectView):
    """An application with its answers, attachments, history and actions."""

    template_name = "grants/admin/application_inspect.html"

    def get_object(self, queryset: QuerySet[Application] | None = None) -> Application:
        return get_object_or_404(
            Application.objects.select_related("round__scheme", "applicant"),
            pk=self.pk,
        )

    def get_fields(self) -> list[str]:
        return [
            "status",
            "round",
            "applicant",
            "organisation_name",
            "organisation_type",
            "organisation_country",
            "organisation_identifier",
            "project_title",
            "summary",
            "amount_requested",
            "submitted_at",
            "amount_awarded",
            "decided_at",
            "decision_reason",
        ]

    @property
    def header_more_buttons(self) -> list[Button]:
        if not self.request.user.has_perm(REVIEW_PERMISSION):
            return []
        return [
            Button(t.label, url=_url(t.name, self.object), icon_name="arrow-right")
            for t in available_transitions(self.object.status, actor=Actor.STAFF)
        ]

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
        return context


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
    list_display = [
        "project_title",
        "organisation_name",
        "round",
        Column("status", label="Status", accessor="get_status_display"),
        "amount_requested",
        DateColumn("submitted_at", label="Submitted"),
    ]
    list_filter = ["status", "round__scheme", "round"]
    search_fields = ["project_title", "organisation_name", "summary"]
    ordering = ["-submitted_at", "-created_at"]
    list_export = [
        "id",
        "round.scheme.title",
        "round.name",
        "status",
        "organisation_name",
        "organisation_type",
        "organisation_country.code",
        "organisation_identifier",
        "project_title",
        "amount_requested",
        "submitted_at",
        "amount_awarded",
        "decided_at",
        "decision_reason",
    ]
    export_headings = {
        "round.scheme.title": "Scheme",
        "round.name": "Round",
        "organisation_country.code": "Country",
    }
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
        context["cancel_url"] = _url("inspect", self.application)
        return context

    def run(self, form: forms.Form) -> None:
        raise NotImplementedError

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            self.run(form)
        except ApplicationInvalid as exc:
            for errors in exc.errors.values():
                for _code, message in errors:
                    form.add_error(None, message)
            return self.form_invalid(form)
        except GrantsError as exc:
            messages.error(self.request, exc.message)
            return redirect(_url("inspect", self.application))
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
