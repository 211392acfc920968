from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from . import views
from .membership import urls as membership_urls
from .syndication.views import ChangeListView

app_name = "api"

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the docs' CSP
    # (core.csp) allows no inline script.
    path(
        "docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"
    ),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include("api.content.urls")),
    path("membership/", include(membership_urls.membership_patterns)),
    path("me/", include(membership_urls.me_patterns)),
    path("grants/", include("api.grants.urls")),
    path("changes/", ChangeListView.as_view(), name="changes"),
]
