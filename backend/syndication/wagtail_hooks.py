"""Syndication in the Wagtail admin: partner keys and webhook endpoints (secrets shown once), the delivery log."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import (
    PartnerKey,
    Scope,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from .services import partner_key_create, partner_key_revoke, validate_rate
from .webhooks import (
    endpoint_create,
    endpoint_enable,
    endpoint_rotate_secret,
    redeliver,
    validate_events,
    validate_url,
)


class PartnerKeyForm(WagtailAdminModelForm):
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Parts of the API the key may be used for.",
    )

    def clean_rate(self) -> str:
        rate = self.cleaned_data["rate"]
        try:
            validate_rate(rate)
        except forms.ValidationError:
            raise
        except Exception as exc:  # django.core.exceptions.ValidationError with a dict
            raise forms.ValidationError(
                getattr(exc, "message_dict", {}).get("rate", str(exc))
            ) from exc
        return rate


class PartnerKeyCreateView(generic.CreateView):
    def save_instance(self) -> PartnerKey:
        data = self.form.cleaned_data
        key, raw = partner_key_create(
            name=data["name"],
            scopes=list(data["scopes"]),
            rate=data["rate"],
            organisation_id=data["organisation"].pk
            if data.get("organisation")
            else None,
            expires_at=data.get("expires_at"),
        )
        messages.warning(
            self.request,
            f"Copy this key now and send it to the partner; it is not stored and will not be shown again: {raw}",
        )
        return key

    def get_success_message(self, instance: Any) -> None:
        return None


def revoke_view(request: Any, pk: int) -> Any:
    # Revoking changes a key: an editor who may not even list the keys (403
    # there) must not be able to switch a partner off by guessing an id.
    _require(request, "syndication.change_partnerkey")
    key = get_object_or_404(PartnerKey, pk=pk)
    if request.method == "POST":
        partner_key_revoke(key=key)
        messages.success(request, f"Revoked {key}.")
    return redirect("partner_keys:index")


class PartnerKeyViewSet(ModelViewSet):
    model = PartnerKey
    icon = "key"
    menu_label = "Partner API keys"
    add_to_settings_menu = True
    name = "partner_keys"
    form_fields = ["name", "organisation", "scopes", "rate", "expires_at"]
    list_display = [
        "name",
        "prefix",
        "organisation",
        "rate",
        "is_active",
        "last_used_at",
    ]
    list_filter = ["organisation"]
    search_fields = ["name", "prefix"]
    add_view_class = PartnerKeyCreateView
    panels = [
        FieldPanel("name"),
        FieldPanel("organisation"),
        FieldPanel("scopes"),
        FieldPanel("rate"),
        FieldPanel("expires_at"),
    ]

    def get_form_class(self, for_update: bool = False) -> Any:
        base = super().get_form_class(for_update)
        return type("PartnerKeyAdminForm", (PartnerKeyForm, base), {})

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/revoke/", revoke_view, name="revoke"),
        ]


@hooks.register("register_admin_viewset")
def register_partner_keys() -> PartnerKeyViewSet:
    return PartnerKeyViewSet()


# --- webhooks -------------------------------------------------------------------------


def _field_errors(exc: Exception, field: str) -> forms.ValidationError:
    return forms.ValidationError(getattr(exc, "message_dict", {}).get(field, str(exc)))


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Events sent to this endpoint.",
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            validate_url(url)
        except Exception as exc:
            raise _field_errors(exc, "url") from exc
        return url

    def clean_events(self) -> list[str]:
        events = list(self.cleaned_data["events"])
        try:
            validate_events(events)
        except Exception as exc:
            raise _field_errors(exc, "events") from exc
        return events


def _show_secret(request: Any, secret: str) -> None:
    messages.warning(
        request,
        "Copy this signing secret now and give it to the receiver's owner; it "
        f"will not be shown again: {secret}",
    )


class WebhookEndpointCreateView(generic.CreateView):
    def save_instance(self) -> WebhookEndpoint:
        data = self.form.cleaned_data
        endpoint, secret = endpoint_create(
            name=data["name"],
            owner_email=data["owner_email"],
            url=data["url"],
            events=list(data["events"]),
            enabled=data.get("enabled", True),
        )
        _show_secret(self.request, secret)
        return endpoint

    def get_success_message(self, instance: Any) -> None:
        return None


class WebhookEndpointEditView(generic.EditView):
    def save_instance(self) -> WebhookEndpoint:
        was_enabled = WebhookEndpoint.objects.get(pk=self.object.pk).enabled
        endpoint = super().save_instance()
        if endpoint.enabled and not was_enabled:
            endpoint_enable(endpoint=endpoint)
        return endpoint


def rotate_secret_view(request: Any, pk: int) -> Any:
    _require(request, "syndication.change_webhookendpoint")
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    if request.method == "POST":
        _show_secret(request, endpoint_rotate_secret(endpoint=endpoint))
        return redirect("webhook_endpoints:edit", pk)
    return TemplateResponse(
        request,
        "syndication/confirm.html",
        {
            "title": f"Rotate the secret of {endpoint}",
            "message": "A new secret is made and shown once. The old one keeps "
            "signing (both signatures are sent) for the grace period, so the "
            "receiver can switch without losing a message.",
            "action": "Rotate the secret",
        },
    )


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = "Webhook endpoints"
    add_to_settings_menu = True
    name = "webhook_endpoints"
    form_fields = ["name", "owner_email", "url", "events", "enabled"]
    list_display = ["name", "url", "enabled", "failed_deliveries", "disabled_reason"]
    list_filter = ["enabled"]
    search_fields = ["name", "url", "owner_email"]
    add_view_class = WebhookEndpointCreateView
    edit_view_class = WebhookEndpointEditView
    panels = [
        FieldPanel("name"),
        FieldPanel("owner_email"),
        FieldPanel("url"),
        FieldPanel("events"),
        FieldPanel("enabled"),
    ]

    def get_form_class(self, for_update: bool = False) -> Any:
        base = super().get_form_class(for_update)
        return type("WebhookEndpointAdminForm", (WebhookEndpointForm, base), {})

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/rotate/", rotate_secret_view, name="rotate"),
        ]


def redeliver_view(request: Any, pk: int) -> Any:
    _require(request, "syndication.change_webhookdelivery")
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    if request.method == "POST":
        redeliver(delivery=delivery)
        messages.success(request, f"Sending again: {delivery.message_id}.")
        return redirect("webhook_deliveries:index")
    return TemplateResponse(
        request,
        "syndication/confirm.html",
        {
            "title": f"Redeliver {delivery.message_id}",
            "message": "The same message (same webhook-id, so the receiver can "
            "deduplicate) is sent again, with a fresh series of retries.",
            "action": "Redeliver",
        },
    )


class WebhookDeliveryIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance: Any) -> list[Any]:
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(
                "Redeliver",
                url=reverse("webhook_deliveries:redeliver", args=[instance.pk]),
                icon_name="resubmit",
                priority=5,
            ),
        ]


class DeliveryLogPermissionPolicy(ModelPermissionPolicy):
    """The log is read (and redelivered from), never written by hand."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(
    WebhookDelivery, DeliveryLogPermissionPolicy(WebhookDelivery)
)


def _require(request: Any, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


class WebhookDeliveryViewSet(ModelViewSet):
    """The delivery log: read-only, with redelivery."""

    model = WebhookDelivery
    icon = "list-ul"
    menu_label = "Webhook deliveries"
    add_to_settings_menu = True
    name = "webhook_deliveries"
    index_view_class = WebhookDeliveryIndexView
    inspect_view_enabled = True
    list_display = [
        "message_id",
        "endpoint",
        "event",
        "status",
        "attempts",
        "response_code",
        "duration_ms",
        "next_attempt_at",
        "created_at",
    ]
    inspect_view_fields = [
        "message_id",
        "endpoint",
        "event",
        "change",
        "status",
        "attempts",
        "response_code",
        "duration_ms",
        "response_excerpt",
        "error",
        "next_attempt_at",
        "created_at",
        "delivered_at",
        "body",
    ]
    list_filter = ["status", "event", "endpoint"]
    search_fields = ["message_id"]
    form_fields = ["status"]

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/redeliver/", redeliver_view, name="redeliver"),
        ]


@hooks.register("register_admin_viewset")
def register_webhooks() -> list[ModelViewSet]:
    return [WebhookEndpointViewSet(), WebhookDeliveryViewSet()]
