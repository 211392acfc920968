from allauth.headless import urls as allauth_headless_urls
from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.accounts import with_replaced_views
from api.content.views import sitemap_xml
from api.errors import api_not_found
from core import admin_views as core_admin_views
from core import views as core_views
from core.media import serve_media

# allauth mounts phone number flows whatever the login methods; sign-in here
# is by email only, and those views answered 500. Not offered, not mounted.
UNOFFERED_ALLAUTH_VIEWS = {
    "manage_phone",
    "verify_phone",
    "resend_phone_verification_code",
}


def without_views(
    patterns: list[URLPattern | URLResolver], names: set[str]
) -> list[URLPattern | URLResolver]:
    """`patterns` without the routes named in `names`, at any depth."""
    kept: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            pattern.url_patterns[:] = without_views(pattern.url_patterns, names)
            # The resolver caches its reverse dictionary; none built yet.
        elif pattern.name in names:
            continue
        kept.append(pattern)
    return kept


allauth_patterns = with_replaced_views(
    without_views(list(allauth_headless_urls.urlpatterns), UNOFFERED_ALLAUTH_VIEWS)
)

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    # Before Wagtail's own route: a second one-off page gets a plain message.
    path(
        "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
        "<int:parent_page_id>/",
        core_admin_views.create_page,
        name="core-create-page",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("api.urls")),
    path("sitemap.xml", sitemap_xml, name="sitemap-xml"),
    path("feeds/", include("syndication.urls")),
    # allauth headless (sign-up, sign-in, verification, reset); under /api/
    # so the CORS rules of the API apply.
    path("api/v1/auth/", include((allauth_patterns, "headless"))),
    # Anything else under /api/ is a 404 problem, never Wagtail's HTML. Not
    # under auth/: allauth lists the flows whose URLs resolve in its schema.
    re_path(r"^api/(?!v1/auth/)(?P<rest>.*)$", api_not_found, name="api-not-found"),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        # Public images and renditions only; documents go through the
        # permission-checked /documents/ view (core.media).
        re_path(r"^media/(?P<path>.*)$", serve_media, name="media")
    ]

# Wagtail's page serving comes last: it redirects page URLs to the frontend.
urlpatterns += [path("", include(wagtail_urls))]

handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler404 = "api.errors.not_found"
handler500 = "api.errors.server_error"
