"""Admin views that give editors a plain answer where Wagtail gives a 403."""

from django.apps import apps
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.create import CreateView
from wagtail.models import Page


@require_admin_access
def create_page(
    request: HttpRequest,
    content_type_app_name: str,
    content_type_model_name: str,
    parent_page_id: int,
) -> HttpResponse:
    """Wagtail's page creation, except for a second copy of a one-off page.

    Wagtail refuses that with "Sorry, you do not have permission"; editors
    read it as a missing permission and ask for one. Say instead that there
    is only one, and open it.
    """
    try:
        model = apps.get_model(content_type_app_name, content_type_model_name)
    except LookupError:
        model = None
    if model is not None and issubclass(model, Page) and model.max_count:
        existing = model.objects.order_by("pk")
        if existing.count() >= model.max_count:
            name = model._meta.verbose_name
            messages.error(
                request,
                f"There can be only one {name}, and it exists already: edit it "
                "instead of adding another.",
            )
            return redirect("wagtailadmin_pages:edit", existing.first().pk)
    return CreateView.as_view()(
        request,
        content_type_app_name=content_type_app_name,
        content_type_model_name=content_type_model_name,
        parent_page_id=parent_page_id,
    )
