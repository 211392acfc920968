from django.conf import settings
from django.db import migrations


def create_members_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=getattr(settings, "MEMBERS_GROUP_NAME", "Members"))


class Migration(migrations.Migration):
    """The group that members-only pages restrict to; exists before any member."""

    dependencies = [
        ("membership", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_members_group, migrations.RunPython.noop)]
