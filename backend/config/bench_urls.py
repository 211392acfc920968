"""URLs of the benchmark settings: the project's, plus Wagtail's API v2.

The v2 endpoint is the baseline of `make bench`. Its fields are declared on a
bench-only subclass of `PagesAPIViewSet` (`BENCH_API_FIELDS`), so the
project's models stay free of `api_fields` and production serves no v2.
"""

from django.urls import path
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField

from config.urls import (  # noqa: F401 (the error handlers are the project's)
    handler400,
    handler403,
    handler404,
    handler500,
)
from config.urls import urlpatterns as project_urlpatterns
from content import models as content_models

_PAGE_FIELDS = [
    APIField("summary"),
    APIField("listing_image"),
    APIField(
        "listing_image_thumbnail",
        serializer=ImageRenditionField("fill-400x300", source="listing_image"),
    ),
    APIField("tags"),
]

# What `fields=*` returns per page type: every field a frontend shows.
BENCH_API_FIELDS: dict[type, list[APIField]] = {
    content_models.StrategyUpdatePage: [
        *_PAGE_FIELDS,
        APIField("date"),
        APIField("commission_name"),
        APIField("announced_by"),
        APIField("milestone"),
        APIField("expected_publication"),
        APIField("expected_publication_label"),
        APIField("body"),
    ],
}


class BenchPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint with the bench fields instead of `api_fields`."""

    @classmethod
    def get_body_fields(cls, model: type) -> list[APIField]:
        return cls._convert_api_fields(
            cls.body_fields + BENCH_API_FIELDS.get(model, [])
        )


bench_api_router = WagtailAPIRouter("bench_wagtailapi")
bench_api_router.register_endpoint("pages", BenchPagesAPIViewSet)

urlpatterns = [
    path("bench/api/v2/", bench_api_router.urls),
    # Before the project's own: they end with Wagtail's catch-all page route.
    *project_urlpatterns,
]
