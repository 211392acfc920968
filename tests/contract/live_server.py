"""The backend as a real HTTP server on a fresh database with the demo content.

PostgreSQL when DATABASE_URL names one (as in CI): a database of our own,
`intl_contract_live`, made and dropped here; otherwise a temporary SQLite
file. gunicorn serves it with one worker (the response cache is local
memory, so one process keeps ETags and invalidation exact) and a few threads.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tests.deploy.live import throwaway_db

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend"
DB_NAME = throwaway_db("intl_contract_live_test")
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _database(tmp: Path) -> Iterator[str]:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp / 'contract.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(configured)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    try:
        yield urlunsplit(parts._replace(path=f"/{DB_NAME}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


@contextmanager
def live_server(tmp: Path) -> Iterator[LiveServer]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with _database(tmp) as database_url:
        env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
            },
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
            # Rendition URLs must point at this server so clients can follow them.
            "BACKEND_BASE_URL": url,
            "LOG_LEVEL": "WARNING",
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        }

        def manage(*args: str) -> None:
            subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=BACKEND,
                env=env,
                check=True,
                timeout=600,
                stdout=subprocess.DEVNULL,
            )

        manage("migrate", "--no-input", "-v0")
        manage("load_demo_content")
        manage("shell", "-c", CREATE_USER)
        log = (tmp / "server.log").open("wb")
        server = subprocess.Popen(
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
            cwd=BACKEND,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        live = LiveServer(url, manage=manage)
        try:
            for _ in range(150):
                try:
                    if live.get("/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if server.poll() is not None:
                    raise RuntimeError(
                        "server exited: " + (tmp / "server.log").read_text()[-3000:]
                    )
                time.sleep(0.2)
            else:
                raise RuntimeError("server did not answer /healthz")
            yield live
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
