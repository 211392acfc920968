"""Constants and helpers shared by the browser tests (fixtures are in conftest.py)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend-contract" / "reference-frontend"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
TIMEOUT_MS = 20_000
EDITOR = ("editor", "correct horse")


def artifacts_dir(name: str) -> Path:
    path = ARTIFACTS / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def get_json(url: str) -> tuple[int, dict[str, str], dict]:
    """An anonymous API request, outside the browser (no cookies, no cache)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


def open_rendered(page, url: str, screenshot: Path | None = None) -> None:
    """Load a frontend URL and wait until the app has rendered it."""
    page.goto(url)
    page.wait_for_selector("body[data-ready]")
    if screenshot is not None:
        page.screenshot(path=str(screenshot), full_page=True)
