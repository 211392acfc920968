from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.models import ReferenceIndex

        from . import object_acl, references
        from .models import SiteSettings

        # Wagtail indexes pages and snippets, not settings: without this a page
        # the footer links to (the contact page) is deleted without a warning.
        ReferenceIndex.register_model(SiteSettings)
        references.connect()
        object_acl.connect()
        _accept_translation_editor_forms()


def _accept_translation_editor_forms() -> None:
    """wagtail-localize's translation editor saves each string as form data
    (a PUT of FormData) through DRF views that take the project's parsers;
    the API's are JSON only, so every save was a 415. These two views get the
    form parsers back; the API keeps JSON only."""
    from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
    from wagtail_localize.views import edit_translation

    for view in (
        edit_translation.edit_string_translation,
        edit_translation.edit_override,
    ):
        view.cls.parser_classes = [MultiPartParser, FormParser, JSONParser]
