# Existing organisations become the default language's versions, each its
# own translation group (Wagtail's bootstrap, step 2 of 3).

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_snippets_translatable_bootstrap"),
    ]

    operations = [
        BootstrapTranslatableModel("core.Organisation"),
    ]
