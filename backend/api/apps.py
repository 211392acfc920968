from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, schema_extensions, signals
        from .grants import pages as grant_pages

        signals.connect()
        # Imported for what they declare: system checks, drf-spectacular's
        # extensions, and the grant page types (`api.content.serializers.page_type`).
        del checks, schema_extensions, grant_pages
