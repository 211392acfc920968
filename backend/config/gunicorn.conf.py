"""gunicorn settings for the production image (environment-driven)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104 (inside a container)
workers = int(
    os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 8))
)
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
chdir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# X-Forwarded-* count only from the proxies in TRUSTED_PROXIES, the setting
# Django reads too (core.proxies); none when it is empty.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "")
