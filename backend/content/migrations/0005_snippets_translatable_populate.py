# Existing people and testimonials become the default language's versions,
# each its own translation group (Wagtail's bootstrap, step 2 of 3). After
# core's 0006, so the default locale is already `en`.

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_snippets_translatable_bootstrap"),
        ("core", "0006_locale_en_gb_to_en"),
    ]

    operations = [
        BootstrapTranslatableModel("content.Person"),
        BootstrapTranslatableModel("content.Testimonial"),
    ]
