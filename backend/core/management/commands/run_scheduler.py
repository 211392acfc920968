"""Enqueue periodic django-tasks on their intervals (settings.SCHEDULED_TASKS).

django-tasks has no scheduler of its own; this small loop only enqueues, and
the worker (`db_worker`) runs the tasks. Every task it schedules must be safe
to run more than once, since a restart enqueues each task again at once.
"""

import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Enqueue the periodic tasks of settings.SCHEDULED_TASKS on their intervals."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Enqueue every task once and exit."
        )
        parser.add_argument(
            "--tick", type=float, default=5.0, help="Seconds between checks."
        )

    def handle(self, *args: Any, once: bool, tick: float, **options: Any) -> None:
        schedule = {
            name: (import_string(name), seconds)
            for name, seconds in settings.SCHEDULED_TASKS.items()
        }
        next_due = dict.fromkeys(schedule, 0.0)
        running = True

        def stop(*_: Any) -> None:
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"scheduler: {len(schedule)} periodic task(s)")
        while running:
            now = time.monotonic()
            for name, (task, seconds) in schedule.items():
                if now >= next_due[name]:
                    task.enqueue()
                    next_due[name] = now + seconds
                    self.stdout.write(f"scheduler: enqueued {name}")
            if once:
                break
            time.sleep(tick)
