from wagtail import hooks

from . import dashboard, reports
from .admin_views import application_viewset


@hooks.register("register_admin_viewset")
def register_application_viewset():  # type: ignore[no-untyped-def]
    return application_viewset


@hooks.register("register_admin_urls")
def register_report_urls():  # type: ignore[no-untyped-def]
    return reports.urlpatterns()


@hooks.register("register_reports_menu_item")
def register_awarded_grants_report():  # type: ignore[no-untyped-def]
    return reports.menu_item()


@hooks.register("construct_homepage_panels")
def add_grants_panels(request, panels):  # type: ignore[no-untyped-def]
    if request.user.has_perm(dashboard.VIEW_PERMISSION):
        panels.extend(dashboard.panels())
