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

# Prometheus multiprocess mode: every worker writes its counters to files in
# one directory and a scrape sums them (core/metrics.py). Set before the app
# (and prometheus_client) is imported in the workers; emptied at each start,
# because files left by an earlier run would be counted again.
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.path.join(
    os.environ.get("TMPDIR", "/tmp"),  # noqa: S108 (private to this container)
    f"intl-metrics-{os.getpid()}",
)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = _metrics_dir


def on_starting(server):  # type: ignore[no-untyped-def]
    import shutil

    shutil.rmtree(_metrics_dir, ignore_errors=True)
    os.makedirs(_metrics_dir, exist_ok=True)


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
