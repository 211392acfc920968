"""Admin: membership types with their fees, and applications to approve or reject."""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton
from wagtail.admin.widgets.button import MenuItem

from core.dashboard import TABLE_TEMPLATE, cell
from core.errors import DomainError
from core.money import format_minor

from . import selectors, services
from .models import Membership, MembershipType
from .status import CURRENT_STATUSES, MembershipStatus

CHANGE_PERMISSION = "membership.change_membership"
VIEW_PERMISSION = "membership.view_membership"
PANEL_ROWS = 5


def is_undecided(membership: Membership) -> bool:
    return membership.status == MembershipStatus.PENDING and not membership.decided_at


class MembershipTypeViewSet(ModelViewSet):
    model = MembershipType
    name = "membership_types"
    icon = "tag"
    menu_label = "Membership types"
    list_display = ["name", "is_international", "is_open", "duration_months"]
    search_fields = ["name", "description"]
    copy_view_enabled = False


class MembershipIndexView(generic.IndexView):
    approve_url_name: str | None = None
    reject_url_name: str | None = None

    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("member", "membership_type")

    def get_list_more_buttons(self, instance: Membership) -> list[Any]:
        buttons = super().get_list_more_buttons(instance)
        if instance.status == MembershipStatus.PENDING and not instance.decided_at:
            buttons[:0] = [
                MenuItem(
                    "Approve",
                    url=reverse(self.approve_url_name, args=[instance.pk]),
                    icon_name="check",
                    priority=1,
                ),
                MenuItem(
                    "Reject",
                    url=reverse(self.reject_url_name, args=[instance.pk]),
                    icon_name="cross",
                    priority=2,
                ),
            ]
        return buttons


class MembershipForm(WagtailAdminModelForm):
    """The edit form; a status override cannot stand in for a decision.

    Approve starts the dates, emails the welcome and records who approved;
    Reject emails the applicant. An override would do none of that.
    """

    def clean_status_override(self) -> str:
        override = self.cleaned_data.get("status_override", "")
        membership = self.instance
        approved = membership.decided_at is not None and not membership.rejected
        if override in CURRENT_STATUSES and not approved:
            raise forms.ValidationError(
                "This application has not been approved. Use Approve on the "
                "application's page: it starts the membership, emails the "
                "welcome and records who approved it."
            )
        if override == MembershipStatus.REJECTED and is_undecided(membership):
            raise forms.ValidationError(
                "Use Reject on the application's page: it emails the applicant "
                "and records who rejected it."
            )
        return override


class MembershipEditView(generic.EditView):
    def save_instance(self) -> Membership:
        # Staff change the override or dates here; the stored status and the
        # Members group follow at once rather than at the next daily run.
        instance = super().save_instance()
        return services.membership_refresh(
            membership=instance, today=timezone.localdate()
        )


class MembershipInspectView(generic.InspectView):
    """An application or membership: the person, their fee, and the decision."""

    template_name = "membership/admin/inspect.html"
    approve_url_name: str | None = None
    reject_url_name: str | None = None
    labels = {
        "member": "Applicant",
        "name": "Name",
        "institution": "Institution",
        "job_title": "Job title",
        "fee": "Fee",
        "joined_on": "Applied on",
        "decided": "Decided",
    }

    def get_object(self, queryset: Any = None) -> Membership:
        return get_object_or_404(
            Membership.objects.select_related("member", "membership_type"),
            pk=self.pk,
        )

    @cached_property
    def profile(self) -> Any:
        return selectors.profile_for(user=self.object.member)

    def get_fields(self) -> list[str]:
        return [
            "member",
            "name",
            "institution",
            "job_title",
            "membership_type",
            "status",
            "country",
            "region",
            "fee",
            "professional_details",
            "joined_on",
            "start_date",
            "end_date",
            "decided",
            "rejection_reason",
        ]

    def get_field_label(self, field_name: str, field: Any) -> str:
        if field_name in self.labels:
            return self.labels[field_name]
        return super().get_field_label(field_name, field)

    def get_member_display_value(self) -> str:
        return getattr(self.object.member, "email", "") or "—"

    def get_name_display_value(self) -> str:
        return self.profile.name or "—"

    def get_institution_display_value(self) -> str:
        return self.profile.institution or "—"

    def get_job_title_display_value(self) -> str:
        return self.profile.job_title or "—"

    def get_country_display_value(self) -> str:
        return self.object.country.name if self.object.country else "—"

    def get_fee_display_value(self) -> str:
        m = self.object
        months = m.membership_type.duration_months
        return f"{format_minor(m.fee_minor, m.currency)} for {months} months"

    def get_professional_details_display_value(self) -> str:
        return self.object.professional_details or "—"

    def get_rejection_reason_display_value(self) -> str:
        return self.object.rejection_reason or "—"

    def get_start_date_display_value(self) -> str:
        day = self.object.start_date
        return dateformat.format(day, "j F Y") if day else "—"

    def get_end_date_display_value(self) -> str:
        day = self.object.end_date
        return dateformat.format(day, "j F Y") if day else "—"

    def get_joined_on_display_value(self) -> str:
        return dateformat.format(self.object.joined_on, "j F Y")

    def get_decided_display_value(self) -> str:
        m = self.object
        if not m.decided_at:
            return "Not yet"
        when = timezone.localtime(m.decided_at)
        verdict = "Rejected" if m.rejected else "Approved"
        by = f" by {m.decided_by}" if m.decided_by else ""
        return f"{verdict} on {dateformat.format(when, 'j F Y, H:i')}{by}"

    @cached_property
    def decisions(self) -> list[dict[str, Any]]:
        if not (
            is_undecided(self.object)
            and self.request.user.has_perm(CHANGE_PERMISSION)
            and self.approve_url_name
            and self.reject_url_name
        ):
            return []
        here = self.request.path
        return [
            {
                "name": "approve",
                "label": "Approve",
                "url": reverse(self.approve_url_name, args=[self.object.pk]),
                "classname": "",
                "posts": True,
                "next": here,
            },
            {
                "name": "reject",
                "label": "Reject",
                "url": reverse(self.reject_url_name, args=[self.object.pk])
                + f"?next={here}",
                "classname": "serious",
                "posts": False,
                "next": here,
            },
        ]

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        return [
            HeaderButton(
                d["label"],
                url=d["url"],
                icon_name="check" if d["name"] == "approve" else "cross",
                classname=d["classname"],
                priority=n,
            )
            for n, d in enumerate(self.decisions)
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["decisions"] = self.decisions
        return context


class MembershipViewSet(ModelViewSet):
    """Applications and memberships; created only through the API (join)."""

    model = Membership
    name = "memberships"
    icon = "group"
    menu_label = "Members and applications"
    index_view_class = MembershipIndexView
    edit_view_class = MembershipEditView
    inspect_view_class = MembershipInspectView
    edit_handler = ObjectList(
        [
            FieldPanel("status_override"),
            FieldPanel("start_date"),
            FieldPanel("end_date"),
        ],
        base_form_class=MembershipForm,
    )
    list_display = [
        "__str__",
        "status",
        "country",
        "joined_on",
        "end_date",
    ]
    list_filter = ["status", "membership_type", "region"]
    search_fields = ["member__email", "professional_details"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_common_view_kwargs(**{**kwargs, "add_url_name": None})

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(
            approve_url_name=self.get_url_name("approve"),
            reject_url_name=self.get_url_name("reject"),
            **kwargs,
        )

    def get_inspect_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_inspect_view_kwargs(
            approve_url_name=self.get_url_name("approve"),
            reject_url_name=self.get_url_name("reject"),
            **kwargs,
        )

    def decide_view(self, request: HttpRequest, pk: str, action: str) -> HttpResponse:
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        membership = get_object_or_404(
            Membership.objects.select_related("member", "membership_type"), pk=pk
        )
        index_url = reverse(self.get_url_name("index"))
        # Back where the decision was asked for (the listing or the detail).
        next_url = request.POST.get("next") or request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}
        ):
            next_url = ""
        error = ""
        if request.method == "POST":
            try:
                if action == "approve":
                    services.membership_approve(
                        membership=membership,
                        by=cast(AbstractBaseUser, request.user),
                        now=timezone.now(),
                    )
                else:
                    services.membership_reject(
                        membership=membership,
                        by=cast(AbstractBaseUser, request.user),
                        now=timezone.now(),
                        reason=request.POST.get("reason", "").strip(),
                    )
            except DomainError as exc:
                # Shown on the same page, with the typed reason kept.
                error = exc.message
            else:
                verb = "approved" if action == "approve" else "rejected"
                messages.success(
                    request, f"{membership.member.email}: application {verb}."
                )
                return redirect(next_url or index_url)
        label = "Approve" if action == "approve" else "Reject"
        return TemplateResponse(
            request,
            "membership/admin/decide.html",
            {
                "membership": membership,
                "action": action,
                "button_label": f"Yes, {label.lower()}",
                "page_title": f"{label} application",
                "page_subtitle": str(membership.member.email),
                "header_icon": "group",
                "index_url": next_url or index_url,
                "next": next_url,
                "fee": format_minor(membership.fee_minor, membership.currency),
                "profile": selectors.profile_for(user=membership.member),
                "error": error,
                "reason": request.POST.get("reason", ""),
            },
        )

    def approve_view(self, request: HttpRequest, pk: str) -> HttpResponse:
        return self.decide_view(request, pk, "approve")

    def reject_view(self, request: HttpRequest, pk: str) -> HttpResponse:
        return self.decide_view(request, pk, "reject")

    def get_urlpatterns(self) -> list[Any]:
        patterns = [p for p in super().get_urlpatterns() if p.name != "add"]
        return [
            *patterns,
            path("approve/<str:pk>/", self.approve_view, name="approve"),
            path("reject/<str:pk>/", self.reject_view, name="reject"),
        ]


class MembershipViewSetGroup(ModelViewSetGroup):
    menu_label = "Membership"
    menu_icon = "group"
    items = (MembershipViewSet, MembershipTypeViewSet)


@hooks.register("register_admin_viewset")
def register_membership_viewsets() -> ModelViewSetGroup:
    return MembershipViewSetGroup()


@hooks.register("register_log_actions")
def register_membership_log_actions(actions: Any) -> None:
    actions.register_action(
        services.APPROVE_ACTION, "Approve membership", "Approved the application"
    )
    actions.register_action(
        services.REJECT_ACTION, "Reject membership", "Rejected the application"
    )


class PendingApplicationsPanel(Component):
    name = "membership_pending"
    template_name = "membership/admin/panel_pending.html"
    order = 140

    def get_context_data(
        self, parent_context: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        context = super().get_context_data(parent_context)
        pending = selectors.membership_pending_list()
        context["count"] = pending.count()
        context["table_template"] = TABLE_TEMPLATE
        context["headings"] = ["Applicant", "Type", "Fee", "Applied"]
        context["rows"] = [
            [
                cell(m.member.email, reverse("memberships:inspect", args=[m.pk])),
                cell(m.membership_type),
                cell(format_minor(m.fee_minor, m.currency)),
                cell(dateformat.format(m.joined_on, "j M Y")),
            ]
            for m in pending[:PANEL_ROWS]
        ]
        context["list_url"] = (
            reverse("memberships:index") + f"?status={MembershipStatus.PENDING}"
        )
        return context


@hooks.register("construct_homepage_panels")
def add_pending_applications_panel(request: HttpRequest, panels: list[Any]) -> None:
    if request.user.has_perm(CHANGE_PERMISSION) or request.user.has_perm(
        VIEW_PERMISSION
    ):
        panels.append(PendingApplicationsPanel())
