"""The backend as a real HTTP server on a fresh database with the demo content.

PostgreSQL when DATABASE_URL names one (as in CI): a database of our own,
`intl_contract_live`, made and dropped here; otherwise a temporary SQLite
file. gunicorn serves it with one worker (the response cache is local
memory, so one process keeps ETags and invalidation exact) and a few threads.
"""

import json
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.deploy import live

DB_NAME = live.throwaway_db("intl_contract_live_test")
USER_EMAIL = "contract-tester@example.org"
USER_PASSWORD = "contract-Test-pass-9"

CREATE_USER = f"""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
User = get_user_model()
user = User.objects.create_user(username="contract-tester", email={USER_EMAIL!r},
                                password={USER_PASSWORD!r})
EmailAddress.objects.create(user=user, email={USER_EMAIL!r}, verified=True, primary=True)
"""


@dataclass
class LiveServer:
    url: str
    email: str = USER_EMAIL
    password: str = USER_PASSWORD
    # `manage.py` against the server's database, in a process of its own.
    manage: Any = None

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def session_token(self) -> str:
        """Sign in through allauth's app flow, as an app would."""
        request = urllib.request.Request(
            self.url + "/api/v1/auth/app/v1/auth/login",
            data=json.dumps({"email": self.email, "password": self.password}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["meta"]["session_token"]


@contextmanager
def _database(tmp: Path) -> Iterator[str]:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp / 'contract.sqlite3'}"
        return
    with live.postgres_database(DB_NAME) as url:
        yield url


@contextmanager
def live_server(tmp: Path) -> Iterator[LiveServer]:
    port = live.free_port()
    url = f"http://127.0.0.1:{port}"
    with _database(tmp) as database_url:
        env = live.clean_env(
            DJANGO_SETTINGS_MODULE="config.settings.test",
            DATABASE_URL=database_url,
            MEDIA_ROOT=str(tmp / "media"),
            PRIVATE_MEDIA_ROOT=str(tmp / "private"),
            # Rendition URLs must point at this server so clients can follow them.
            BACKEND_BASE_URL=url,
            LOG_LEVEL="WARNING",
        )

        def manage(*args: str) -> None:
            live.manage(env, *args, timeout=600)

        manage("migrate", "--no-input", "-v0")
        manage("load_demo_content")
        manage("shell", "-c", CREATE_USER)
        server = live.start(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "60",
                # URL length limits belong to the proxy in front; here the
                # fuzzer's long query strings must reach the application.
                "--limit-request-line",
                "0",
                "config.wsgi:application",
            ],
            env=env,
            cwd=live.BACKEND,
            log=tmp / "server.log",
        )
        try:
            live.wait_healthy(url, server, timeout=30)
            yield LiveServer(url, manage=manage)
        finally:
            live.stop(server)
