"""Every page was `en-gb` until the site had several languages; now English is `en`.

The locale row is renamed in place, so its id (and every page, grant scheme
and snippet pointing at it) stays. A database that already has an `en`
locale keeps both: merging two trees is an editor's decision, not a
migration's.
"""

from django.db import migrations


def en_gb_to_en(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    if Locale.objects.filter(language_code="en").exists():
        return
    Locale.objects.filter(language_code__iexact="en-gb").update(language_code="en")


def en_to_en_gb(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    if Locale.objects.filter(language_code="en-gb").exists():
        return
    Locale.objects.filter(language_code="en").update(language_code="en-gb")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_url_labels"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(en_gb_to_en, en_to_en_gb)]
