"""`GET preview/?content_type=&token=`: a draft in exactly the shape of `pages/{id}/`.

wagtail-headless-preview stores the draft (`PagePreview`) and sends the
editor to the frontend with a signed token. This endpoint closes what the
package leaves open: the token must be genuine, unexpired (it never checks
the age itself), of the named content type, and bound to the page it was
made for; anything else is a 404 problem, never a 500.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import Http404, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from api.params import parse
from api.renderers import dumps
from api.schema import problems

from . import params as p
from .pages import PageSet
from .serializers import PAGE_SERIALIZERS
from .views import _site, page_union

NO_STORE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
    "Referrer-Policy": "no-referrer",
}


class PreviewParams(p.RenditionsParams):
    content_type = serializers.CharField(
        max_length=100, help_text="`app_label.model`, as the preview link gives it."
    )
    token = serializers.CharField(
        max_length=500, help_text="The signed token from the preview link."
    )


def _model(content_type: str) -> type[Page]:
    try:
        model = apps.get_model(content_type)
    except (LookupError, ValueError):
        raise Http404 from None
    if not (issubclass(model, HeadlessPreviewMixin) and model in PAGE_SERIALIZERS):
        raise Http404
    return model


def _claims(token: str, model: type[Page]) -> dict[str, str]:
    try:
        payload = model.get_preview_signer().unsign(
            token, max_age=settings.PREVIEW_TOKEN_MAX_AGE
        )
    except signing.BadSignature:  # includes SignatureExpired
        raise Http404 from None
    claims = dict(part.split("=", 1) for part in payload.split(";") if "=" in part)
    if "id" not in claims and "parent_id" not in claims:
        raise Http404
    return claims


def load_preview(*, content_type: str, token: str) -> tuple[Page, Page | None]:
    """The draft page for a token, and its parent when it was never saved."""
    model = _model(content_type)
    claims = _claims(token, model)
    row = PagePreview.objects.filter(
        token=token, content_type=ContentType.objects.get_for_model(model)
    ).first()
    if row is None:
        raise Http404
    page = row.as_page()
    if type(page) is not model:
        raise Http404
    if "id" in claims:
        # Bound to one page: the token's id must be the stored draft's page.
        if str(page.pk) != claims["id"]:
            raise Http404
        return page, None
    if claims.get("page_type", "").lower() != model._meta.label_lower:
        raise Http404
    parent = Page.objects.filter(pk=claims.get("parent_id")).first()
    if parent is None:
        raise Http404
    return page, parent


def _place_new_page(page: Page, parent: Page) -> None:
    """Give an unsaved page the tree position it will have under its parent."""
    page.pk = page.pk or 0
    page.id = page.pk
    page.depth = parent.depth + 1
    page.path = parent.path + "9999"
    page.url_path = parent.url_path + (page.slug or "preview") + "/"
    page.locale_id = page.locale_id or parent.locale_id


class PagePreviewView(APIView):
    """The draft an editor is previewing, for the frontend's preview route."""

    @extend_schema(
        operation_id="pages_preview",
        tags=["pages"],
        parameters=[PreviewParams],
        responses={200: page_union(), **problems(400, 404)},
    )
    def get(self, request: Request) -> HttpResponse:
        query = parse(PreviewParams, request)
        page, parent = load_preview(
            content_type=query["content_type"], token=query["token"]
        )
        if parent is not None:
            _place_new_page(page, parent)
        page_set = PageSet(
            site=_site(request),
            user=request.user,
            renditions=p.renditions(query),
            preview=True,
        )
        page_set.prepare_preview(page)
        data = page_set.render_one(page)
        response = HttpResponse(dumps(data), content_type="application/json")
        for header, value in NO_STORE_HEADERS.items():
            response[header] = value
        return response

    def finalize_response(
        self, request: Request, response: Any, *args: Any, **kwargs: Any
    ) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        for header, value in NO_STORE_HEADERS.items():
            response[header] = value
        return response
