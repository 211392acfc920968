from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, schema_extensions, signals
        from .grants import pages as grant_pages

        grant_pages.register()
        signals.connect()
        # Imported for their registrations (system checks, drf-spectacular).
        del checks, schema_extensions
