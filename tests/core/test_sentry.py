"""Error reporting: Sentry's SDK only when SENTRY_DSN is set.

A local HTTP server stands in for Sentry's ingest endpoint; production
settings in a fresh process report an unhandled view error to it.
"""

import gzip
import http.server
import subprocess
import sys
import threading
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2] / "backend"
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "DJANGO_SECRET_KEY": "s" * 50,
    "DATABASE_URL": "sqlite://:memory:",
    "DJANGO_ALLOWED_HOSTS": "cms.example.org",
    "PATH": "/usr/bin:/bin",
}
SCRIPT = """
import django, sentry_sdk
django.setup()
client = sentry_sdk.get_client()
print("active" if client.is_active() else "inactive")
if client.is_active():
    try:
        1 / 0
    except ZeroDivisionError:
        sentry_sdk.capture_exception()
    sentry_sdk.flush(timeout=10)
"""


def _run(**env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=BACKEND,
        env={**PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_sentry_is_off_without_a_dsn():
    assert _run() == "inactive"


def test_sentry_reports_errors_to_the_dsn_when_set():
    received: list[bytes] = []

    class Ingest(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append(body)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Ingest)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        assert _run(SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/7") == "active"
    finally:
        server.shutdown()
    body = b"".join(received)
    assert b"ZeroDivisionError" in body
    assert b'"environment":"production"' in body.replace(b" ", b"")
