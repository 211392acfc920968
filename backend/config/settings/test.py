"""Test settings: SQLite in memory unless DATABASE_URL names another database."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-insecure")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "*")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("DJANGO_CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
os.environ.setdefault(
    "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
)
# The suite's webhook receivers listen on 127.0.0.1 over plain http.
os.environ.setdefault("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", "true")
os.environ.setdefault("WEBHOOKS_ALLOW_HTTP", "true")
os.environ.setdefault("FRONTEND_BASE_URL", "https://front.example")
os.environ.setdefault("BACKEND_BASE_URL", "https://cms.example")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="intl-media-"))
os.environ.setdefault("PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="intl-private-"))
# Readable log lines in test output; the JSON formatter has its own tests.
os.environ.setdefault("LOG_FORMAT", "plain")
# The suite exercises the local-memory cache unless a test opts into Redis.
os.environ.pop("REDIS_URL", None)

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, STORAGES

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": STORAGES["private"],
}
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": True}
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "anon": "10000/min",
        "user": "10000/min",
        "write": "10000/min",
    },
}
STATIC_ROOT = tempfile.mkdtemp(prefix="intl-static-")
WHITENOISE_AUTOREFRESH = True
