from django.urls import include, path

from . import views
from .membership import urls as membership_urls
from .syndication.views import ChangeListView

app_name = "api"

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", views.RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include("api.content.urls")),
    path("membership/", include(membership_urls.membership_patterns)),
    path("me/", include(membership_urls.me_patterns)),
    path("grants/", include("api.grants.urls")),
    path("changes/", ChangeListView.as_view(), name="changes"),
]
