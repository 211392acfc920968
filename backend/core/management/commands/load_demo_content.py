"""Build the site tree and the demo content. Safe to run again: it updates in place."""

import importlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import ensure_home_page


class Command(BaseCommand):
    help = "Create or update the demo site tree and content (idempotent, offline)."

    def handle(self, *args: Any, **options: Any) -> None:
        def log(message: str) -> None:
            self.stdout.write(f"  {message}")

        with transaction.atomic():
            self.stdout.write("site tree")
            home = ensure_home_page(log=log)
            # Each domain app may ship a `demo.load(home=..., log=...)`, run in
            # the order of PROJECT_APPS so content exists before grants use it.
            for app in settings.PROJECT_APPS:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                loader = getattr(module, "load", None)
                if loader is None:
                    continue
                self.stdout.write(f"{app}")
                loader(home=home, log=log)
        self.stdout.write(self.style.SUCCESS("demo content ready"))
