"""The changes feed: mirror the set of public pages by polling a cursor."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.reverse import reverse
from rest_framework.views import APIView
from wagtail.models import Site

from api.caching import Rendered, cached_response
from api.content.context import site_for
from api.params import parse
from api.schema import problems
from content.selectors import Access, locale_trees, site_pages
from syndication import changes

from .serializers import ChangeListSerializer, ChangesParams


class ChangeListView(APIView):
    """Every change to the set of public pages, in order, after a cursor."""

    @extend_schema(
        operation_id="changes_list",
        tags=["syndication"],
        parameters=[ChangesParams],
        responses={200: ChangeListSerializer, **problems(400, 410)},
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> Rendered:
            query = parse(ChangesParams, request)
            site = site_for(request)
            batch = changes.read_changes(
                site=site,
                cursor=_cursor(query.get("since")),
                limit=query["limit"],
                filters=_filters(query, site),
            )
            cursor = batch.cursor.encode()
            kept = {k: v for k, v in request.query_params.items() if k != "since"}
            data = ChangeListSerializer(
                {
                    "results": batch.items,
                    "cursor": cursor,
                    "next": reverse("api:changes", request=request)
                    + "?"
                    + urlencode({**kept, "since": cursor}),
                    "has_more": batch.has_more,
                }
            ).data
            return Rendered(data=data, deps={"changes", "pages"})

        return cached_response(request, build)


def _cursor(raw: str | None) -> changes.Cursor | None:
    return None if raw is None else changes.Cursor.decode(raw)


def _filters(query: dict[str, Any], site: Site) -> changes.Filters:
    names = set(query["type"]) if "type" in query else None
    section = None
    if "section" in query:
        section = (
            site_pages(site=site, access=Access.load())
            .filter(pk=query["section"])
            .first()
        )
        if section is None:
            raise ValidationError(
                {"section": ["No published page with this id."]}, code="not_found"
            )
    locale_root = None
    if "locale" in query:
        trees = {tree.language_code: tree for tree in locale_trees(site)}
        tree = trees.get(query["locale"])
        # A language without its tree yet has no pages: nothing matches.
        locale_root = tree.root_url_path if tree is not None else "\0"
    return changes.Filters(types=names, section=section, locale_root=locale_root)
