from django.apps import AppConfig
from django.db.models.signals import post_migrate

GRANTS_STAFF_GROUP = "Grants staff"
GRANTS_STAFF_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("grants", "view_application"),
    ("grants", "review_application"),
)


def ensure_grants_staff_group(using: str = "default", **kwargs: object) -> None:
    """The "Grants staff" group sees and decides applications; nobody else does."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # Our permissions may not exist yet when this handler runs first.
    create_permissions(apps.get_app_config("grants"), verbosity=0, using=using)
    group, _ = Group.objects.using(using).get_or_create(name=GRANTS_STAFF_GROUP)
    permissions = [
        Permission.objects.using(using)
        .filter(content_type__app_label=app_label, codename=codename)
        .first()
        for app_label, codename in GRANTS_STAFF_PERMISSIONS
    ]
    group.permissions.add(*[p for p in permissions if p is not None])


class GrantsConfig(AppConfig):
    name = "grants"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import personal_data

        from . import personal_data as grants_personal_data

        personal_data.register(
            "grant_applications",
            export=grants_personal_data.export,
            erase=grants_personal_data.erase,
        )
        post_migrate.connect(
            ensure_grants_staff_group,
            sender=self,
            dispatch_uid="grants.ensure_grants_staff_group",
        )
