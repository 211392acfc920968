from wagtail import hooks

from .admin_views import application_viewset


@hooks.register("register_admin_viewset")
def register_application_viewset():  # type: ignore[no-untyped-def]
    return application_viewset
