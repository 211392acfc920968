from django.db import migrations, models


def start_at_the_end(apps, schema_editor):
    # Purges start from now: what changed before was never cached with tags.
    ContentChange = apps.get_model("core", "ContentChange")
    PurgeCursor = apps.get_model("syndication", "PurgeCursor")
    last = ContentChange.objects.order_by("-id").values_list("id", flat=True).first()
    for name in ("immediate", "settle"):
        PurgeCursor.objects.get_or_create(
            name=name, defaults={"last_change_id": last or 0}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_content_change_log"),
        ("syndication", "0002_webhooks"),
    ]

    operations = [
        migrations.CreateModel(
            name="PurgeCursor",
            fields=[
                (
                    "name",
                    models.CharField(max_length=32, primary_key=True, serialize=False),
                ),
                ("last_change_id", models.BigIntegerField(default=0)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("last_error", models.TextField(blank=True)),
            ],
        ),
        migrations.RunPython(start_at_the_end, migrations.RunPython.noop),
    ]
