from django.urls import path

from .. import converters  # noqa: F401  (registers <id:...>)
from . import preview, views

urlpatterns = [
    path("pages/", views.PageListView.as_view(), name="pages"),
    path("pages/resolve/", views.PageResolveView.as_view(), name="pages-resolve"),
    path("pages/<id:pk>/", views.PageDetailView.as_view(), name="page-detail"),
    path("navigation/", views.NavigationView.as_view(), name="navigation"),
    path("site/", views.SiteView.as_view(), name="site"),
    path("sitemap/", views.SitemapView.as_view(), name="sitemap"),
    path("redirects/", views.RedirectListView.as_view(), name="redirects"),
    path("images/<id:pk>/", views.ImageDetailView.as_view(), name="image-detail"),
    path("preview/", preview.PagePreviewView.as_view(), name="preview"),
]
