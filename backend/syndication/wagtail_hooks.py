"""Partner keys in the Wagtail admin: create (the key is shown once), list, revoke."""

from typing import Any

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .models import PartnerKey, Scope
from .services import partner_key_create, partner_key_revoke, validate_rate


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
