from django.contrib.auth.management import create_permissions
from django.db import migrations

# What an editor needs to add a partner or a signatory from inside the chooser
# of the page they are writing, without asking an administrator.
GRANTS = [
    ("core", "organisation", ["add", "change", "view"]),
    ("content", "person", ["add", "change", "view"]),
]


def grant_editors(apps, schema_editor):
    # Permissions are made after all migrations; make these ones now.
    for app_label in ("core", "content"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    for app_label, model, actions in GRANTS:
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


def revoke_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    for app_label, model, actions in GRANTS:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_url_labels_and_block_labels"),
        ("core", "0005_url_labels"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
