"""Admin: membership types with their fees, and applications to approve or reject."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import MenuItem

from . import services
from .models import Membership, MembershipType
from .status import MembershipStatus


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


class MembershipEditView(generic.EditView):
    def save_instance(self) -> Membership:
        # Staff change the override or dates here; the stored status and the
        # Members group follow at once rather than at the next daily run.
        instance = super().save_instance()
        return services.membership_refresh(
            membership=instance, today=timezone.localdate()
        )


class MembershipViewSet(ModelViewSet):
    """Applications and memberships; created only through the API (join)."""

    model = Membership
    name = "memberships"
    icon = "group"
    menu_label = "Members and applications"
    index_view_class = MembershipIndexView
    edit_view_class = MembershipEditView
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

    def decide_view(self, request: HttpRequest, pk: str, action: str) -> HttpResponse:
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        membership = get_object_or_404(
            Membership.objects.select_related("member", "membership_type"), pk=pk
        )
        index_url = reverse(self.get_url_name("index"))
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
            except services.MembershipError as exc:
                messages.error(request, exc.message)
            else:
                verb = "approved" if action == "approve" else "rejected"
                messages.success(
                    request, f"{membership.member.email}: application {verb}."
                )
            return redirect(index_url)
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
                "index_url": index_url,
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
