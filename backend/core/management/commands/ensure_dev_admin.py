"""Create the development admin user if missing and print its login."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Ensure a superuser for local development exists (refused when DEBUG is off)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default="admin")
        parser.add_argument("--email", default="admin@example.org")

    def handle(
        self, *args: Any, username: str, password: str, email: str, **options: Any
    ) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "ensure_dev_admin only runs with DEBUG on (development)."
            )
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": email}
        )
        if created:
            user.is_staff = True
            user.is_superuser = True
            user.set_password(password)
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Wagtail admin: {settings.BACKEND_BASE_URL}/admin/  "
                f"login: {username} / {password}"
                + ("" if created else " (existing user)")
            )
        )
