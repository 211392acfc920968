from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api.content.context import site_for
from syndication.feeds import feed_list, feed_tags

from .schema import problems
from .serializers import ApiRootSerializer


class ApiRootView(APIView):
    """Links to every part of the API."""

    @extend_schema(
        operation_id="api_root",
        tags=["meta"],
        responses={200: ApiRootSerializer, **problems()},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        links = {
            name: reverse(f"api:{name}", request=request)
            for name in settings.API_ROOT_LINKS
        }
        return Response(
            {
                "name": settings.SPECTACULAR_SETTINGS["TITLE"],
                "version": "v1",
                "links": links,
                "feeds": feed_list(tags=feed_tags(site=site_for(request))),
            }
        )
