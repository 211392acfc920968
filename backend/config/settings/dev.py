"""Zero-setup development: SQLite file, local-memory cache, console email."""

import os
from pathlib import Path

_project = Path(__file__).resolve().parents[3]
os.environ.setdefault("DJANGO_SECRET_KEY", "dev-insecure-not-for-production")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_project / 'var' / 'dev.sqlite3'}")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("DJANGO_CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
# Webhook receivers on this machine (a local frontend build) over http.
os.environ.setdefault("WEBHOOKS_ALLOW_HTTP", "true")
os.environ.setdefault("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: E402,F403
from .base import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # SQLite cannot share a connection across the dev server's threads well.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
