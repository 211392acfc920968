"""Deployment configuration: version floors, `check --deploy`, CSP, no phoning home."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib.metadata import version as installed_version
from pathlib import Path

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]

# The release that closes the newest published advisory we know of for each
# package, and those advisories (osv.dev / GitHub advisory ids). pyproject.toml
# may not allow anything older. Raise a floor when a new advisory appears.
ADVISORY_FLOORS = {
    # Django 5.2 line: CVE-2025-64459, CVE-2025-64458 (5.2.8); CVE-2025-64460,
    # CVE-2025-13372 (5.2.9); CVE-2025-13473, CVE-2025-14550, CVE-2026-1207,
    # CVE-2026-1285, CVE-2026-1287, CVE-2026-1312 (5.2.11); CVE-2026-25673,
    # CVE-2026-25674 (5.2.12); CVE-2026-3902, CVE-2026-33033, CVE-2026-33034,
    # CVE-2026-4277, CVE-2026-4292 (5.2.13).
    "django": "5.2.13",
    # Wagtail: CVE-2026-28223 / GHSA-p4v8-rw59-93cq (PYSEC-2026-2308, 7.3.1);
    # PYSEC-2026-146, PYSEC-2026-147, PYSEC-2026-148 (permission checks on
    # revisions, history, the documents and images API; 7.3.2). 8.0 carries
    # every 7.x fix.
    "wagtail": "7.3.2",
    # DRF: CVE-2024-21520 / GHSA-6fr9-6v2r-wqw2 (XSS in the browsable API's
    # break_long_headers, 3.15.2).
    "djangorestframework": "3.15.2",
    # allauth: CVE-2025-65430 / PYSEC-2025-110 and CVE-2025-65431 /
    # PYSEC-2025-111 (65.13.0); X-Forwarded-For trusted by its rate limits by
    # default (security notice of 65.14.2); CVE-2026-97764 (fixed by 65.19.4,
    # openSUSE-SU-2026:11903-1).
    "django-allauth": "65.19.4",
}


def _requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = (Requirement(line) for line in project["dependencies"])
    return {r.name.lower(): r for r in requirements}


def _floor(requirement: Requirement) -> Version | None:
    floors = [
        Version(s.version) for s in requirement.specifier if s.operator in (">=", "==")
    ]
    return max(floors) if floors else None


@pytest.mark.parametrize("package", sorted(ADVISORY_FLOORS))
def test_pyproject_allows_no_version_with_a_published_advisory(package):
    requirement = _requirements()[package]
    floor = _floor(requirement)
    fixed = Version(ADVISORY_FLOORS[package])
    assert floor is not None, f"{package} has no minimum version in pyproject.toml"
    assert floor >= fixed, f"{requirement} allows {package} < {fixed}"
    assert Version(installed_version(package)) >= fixed


def test_wagtail_never_checks_for_updates():
    # The check sends the admin's address and version to a third party.
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_SECRET_KEY="a" * 20 + "-production-like-secret-key-" + "z" * 30,
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        DJANGO_ALLOWED_HOSTS="cms.example.org",
    )
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "backend" / "manage.py"),
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/api/v1/docs/", "/api/v1/redoc/"])
def test_html_pages_carry_a_content_security_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    scripts = directives["script-src"].split()
    # The admin's editor still has inline scripts (core.csp); the docs none.
    assert scripts == (
        ["'self'", "'unsafe-inline'"] if path.startswith("/admin/") else ["'self'"]
    )
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert "default-src" in directives and "frame-ancestors" in directives


@pytest.mark.django_db
def test_swagger_ui_has_no_inline_script(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "<script>" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.django_db
def test_redoc_loads_nothing_from_other_hosts(client):
    html = client.get("/api/v1/redoc/").content.decode()
    assert "fonts.googleapis.com" not in html
    assert "https://" not in html


@pytest.mark.django_db
def test_api_json_responses_need_no_policy(client):
    assert "Content-Security-Policy" not in client.get("/api/v1/")
