from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import schema_extensions, signals

        signals.connect()
        del schema_extensions  # imported for its drf-spectacular registrations
