"""Benchmark settings (`make bench`): production settings plus Wagtail's API v2.

Production behaviour is kept (DEBUG off, the same middleware, throttles and
response cache) with three differences a benchmark needs on loopback:
plain HTTP (no HTTPS redirect), throttle rates far above the load generated,
and Wagtail's own API v2 mounted at `/bench/api/v2/` as the baseline to
compare against. Nothing here is imported by the dev, test or production
settings; the v2 endpoint exists only in processes started with this module.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-insecure-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("DJANGO_CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("BACKEND_BASE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# The load generator is one anonymous client: lift the limits, keep the checks
# (their cache round trip is part of every request's cost).
os.environ.setdefault("THROTTLE_ANON", "100000000/min")
os.environ.setdefault("THROTTLE_USER", "100000000/min")

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2"]
ROOT_URLCONF = "config.bench_urls"
WAGTAILAPI_BASE_URL = os.environ["BACKEND_BASE_URL"]
