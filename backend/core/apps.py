from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.models import ReferenceIndex

        from . import references
        from .models import SiteSettings

        # Wagtail indexes pages and snippets, not settings: without this a page
        # the footer links to (the contact page) is deleted without a warning.
        ReferenceIndex.register_model(SiteSettings)
        references.connect()
