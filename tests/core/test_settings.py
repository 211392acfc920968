"""Production settings refuse to start without their secrets and pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-value-for-tests",
    "DATABASE_URL": "sqlite:////tmp/intl-check-deploy.sqlite3",
    "DJANGO_ALLOWED_HOSTS": "cms.example.org",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    return subprocess.run(
        [sys.executable, "backend/manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert (
        "Missing required environment variable(s): DJANGO_SECRET_KEY" in result.stderr
    )


def test_production_settings_refuse_to_start_without_database_and_hosts():
    result = _manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DJANGO_SECRET_KEY": "s",
        },
    )
    assert result.returncode != 0
    assert "DATABASE_URL, DJANGO_ALLOWED_HOSTS" in result.stderr


def test_check_deploy_reports_nothing_with_production_environment():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_a_redis_url_that_is_not_redis():
    result = _manage(
        "check", env={**PRODUCTION_ENV, "REDIS_URL": "cache.internal:6379"}
    )
    assert result.returncode != 0
    assert "REDIS_URL must be a redis://" in result.stderr


def test_without_redis_shared_state_lives_in_the_database():
    # Forgetting Redis makes the site slower, never per-process: the default
    # cache (allauth's rate limits, anything else) is the database's.
    result = _manage(
        "shell",
        "-c",
        "from django.core.cache import caches; print(type(caches['default']).__name__)",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.strip().splitlines()[-1] == "DatabaseCache", result.stderr
