"""One account per email address, whatever its case, enforced by the database.

allauth checks `ACCOUNT_UNIQUE_EMAIL` in the sign-up form, before it saves:
20 sign-ups racing with one new address all passed that check and made 6
accounts. The unique index on LOWER(email) makes the database refuse all but
the first (membership.adapters answers the others with a 400). Empty emails
(accounts staff create without one) are left out of it.

auth.User belongs to Django, so this is SQL beside the model state, not a
constraint in its Meta. PostgreSQL and SQLite both index expressions and both
support partial indexes.
"""

from django.db import migrations

INDEX = "membership_user_email_ci_uniq"


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("membership", "0002_members_group"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE UNIQUE INDEX {INDEX} ON auth_user (LOWER(email)) "
            "WHERE email <> ''",
            reverse_sql=f"DROP INDEX {INDEX}",
        ),
    ]
