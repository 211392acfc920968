"""Public read endpoints outside the page tree (grants, membership types).

They answer as the content endpoints do: unknown query parameters are a 400
problem, and responses go through the response cache (`caching.py`), so
they carry `ETag`, `Last-Modified` and `Cache-Control`, answer conditional
requests with 304, and are rebuilt exactly when a version they depend on
is bumped or a time they depend on passes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.http import HttpResponse
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from .caching import Rendered, cached_response
from .content.context import access, site_for
from .content.images import parse_rendition_names
from .content.resolver import Resolver, iter_refs
from .content.serializers import page_type_name
from .pagination import LimitOffsetPagination
from .params import NoParams, PaginationParams, parse


def cached_list(
    view: APIView,
    request: Request,
    *,
    queryset: Callable[[dict[str, Any]], Any],
    serializer: type,
    deps: Callable[[list[Any]], Iterable[str]],
    params: type[Serializer] = PaginationParams,
    expires_at: Callable[[], datetime | None] = lambda: None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """A paginated `{count, next, previous, results}` listing, cached exactly.

    `queryset(query)` reads the items for the parsed query (`params`, which
    includes `PaginationParams`); `deps` names what the items shown depend
    on (besides what every list does); `expires_at` when they change by
    themselves.
    """

    def build() -> Rendered:
        query = parse(params, request)
        paginator = LimitOffsetPagination()
        items = paginator.paginate_queryset(queryset(query), request, view)
        serializer_context = {"request": request, **(context or {})}
        results = serializer(items, many=True, context=serializer_context).data
        results, link_deps = _resolve_links(request, results)
        return Rendered(
            data=paginator.envelope(results),
            deps={*deps(items), *link_deps},
            expires_at=expires_at(),
        )

    return cached_response(request, build)


class CachedListView(generics.ListAPIView):
    """A public listing of `get_queryset()` in `serializer_class`, answered by
    `cached_list`; `list_deps(items)` names what the items shown depend on."""

    def list_deps(self, items: list[Any]) -> Iterable[str]:
        raise NotImplementedError

    # A cached body, already rendered: DRF sends any HttpResponse a handler
    # returns, where its stubs name only Response.
    def get(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        return cached_list(
            self,
            request,
            queryset=lambda query: self.get_queryset(),
            serializer=self.get_serializer_class(),
            deps=self.list_deps,
        )


def _resolve_links(request: Request, data: Any) -> tuple[Any, set[str]]:
    """Links to pages (a round's scheme) as the content API shows them."""
    if next(iter_refs(data), None) is None:
        return data, set()
    resolver = Resolver(
        site=site_for(request),
        access=access(),
        renditions=parse_rendition_names(None),
        page_type_name=page_type_name,
    )
    return resolver.resolve(data), resolver.deps


def cached_object(
    request: Request,
    *,
    build: Callable[[], tuple[Any, Iterable[str]]],
    expires_at: Callable[[], datetime | None] = lambda: None,
) -> HttpResponse:
    """One object (`build()` returns its data and deps), cached exactly."""

    def rendered() -> Rendered:
        parse(NoParams, request)
        data, deps = build()
        return Rendered(data=data, deps=set(deps), expires_at=expires_at())

    return cached_response(request, rendered)
