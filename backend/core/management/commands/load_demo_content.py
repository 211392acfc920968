"""Build the site tree and the demo content. Safe to run again: it updates in place."""

import importlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import ensure_home_page
from core.demo_loader import Demo, load


def app_demos() -> list[Demo]:
    """Each app's `demo_data.DEMO`, in the order of PROJECT_APPS."""
    demos = []
    for app in settings.PROJECT_APPS:
        try:
            module = importlib.import_module(f"{app}.demo_data")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo_data":
                raise
            continue
        demos.append(module.DEMO)
    return demos


class Command(BaseCommand):
    help = "Create or update the demo site tree and content (idempotent, offline)."

    def handle(self, *args: Any, **options: Any) -> None:
        def log(message: str) -> None:
            self.stdout.write(f"  {message}")

        with transaction.atomic():
            self.stdout.write("site tree")
            home = ensure_home_page(log=log)
            load(*app_demos(), home=home, log=log)
        self.stdout.write(self.style.SUCCESS("demo content ready"))
