import hashlib
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import (
    SCHEMA_KWARGS,
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.request import Request
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api.content.context import site_for
from syndication.feeds import feed_list, feed_tags

from .caching import Rendered, cached_response, conditional_response
from .params import NoParams, parse
from .schema import problems
from .serializers import ApiRootSerializer


class ApiRootView(APIView):
    """Links to every part of the API."""

    @extend_schema(
        operation_id="api_root",
        summary="Links to every endpoint",
        tags=["meta"],
        responses={200: ApiRootSerializer, **problems(400)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        def build() -> Rendered:
            parse(NoParams, request)
            links = {
                name: reverse(f"api:{name}", request=request)
                for name in settings.API_ROOT_LINKS
            }
            data = {
                "name": settings.SPECTACULAR_SETTINGS["TITLE"],
                "version": "v1",
                "links": links,
                "feeds": feed_list(tags=feed_tags(site=site_for(request))),
            }
            # The tag feeds listed change with the pages published.
            return Rendered(data=data, deps={"pages", "settings"})

        return cached_response(request, build)


@dataclass(frozen=True)
class _Schema:
    body: bytes
    etag: str
    built_at: float
    content_type: str
    filename: str


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, generated once per process and format.

    It is a function of the code and settings only (never of the request or
    the database), so a process's copy is current for its whole life; a
    deploy starts new processes, which generate the new one. Generating it
    takes seconds (Swagger UI waited 9-10 s for it on every load).
    """

    _cache: dict[tuple[str, str, str], _Schema] = {}
    _lock = threading.Lock()

    @extend_schema(**SCHEMA_KWARGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        key = (
            request.accepted_media_type,
            request.GET.get("lang", ""),
            request.GET.get("version", ""),
        )
        schema = self._cache.get(key)
        if schema is None:
            with self._lock:
                schema = self._cache.get(key) or self._generate(request)
                self._cache[key] = schema
        response = conditional_response(
            request,
            body=schema.body,
            etag=schema.etag,
            built_at=schema.built_at,
            private=False,
            content_type=schema.content_type,
        )
        response["Content-Disposition"] = f'inline; filename="{schema.filename}"'
        return response

    def _generate(self, request: Request) -> _Schema:
        generated = super().get(request)
        renderer = request.accepted_renderer
        body = renderer.render(
            generated.data, request.accepted_media_type, self.get_renderer_context()
        )
        content_type = request.accepted_media_type
        if renderer.charset:
            content_type = f"{content_type}; charset={renderer.charset}"
        return _Schema(
            body=body,
            etag='"' + hashlib.sha256(body).hexdigest()[:40] + '"',
            built_at=time.time(),
            content_type=content_type,
            filename=self._get_filename(request, None),
        )


# Both docs pages load their scripts, styles and the schema from this server
# only, under the Content-Security-Policy of `core.csp` (no inline script:
# Redoc's bundle always renders Redocly's logo from their CDN, and the policy
# stops the browser from fetching it; the image hides itself).


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI, from the sidecar package's files; its start-up script is a file."""


class RedocView(SpectacularRedocView):
    """Redoc, from the sidecar package's files, without web fonts."""

    template_name = "api/redoc.html"
