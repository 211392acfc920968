"""Constants and helpers shared by the browser tests (fixtures are in conftest.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest

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


@contextmanager
def chromium_context() -> Iterator:
    """A Playwright browser context on Debian's Chromium (never a download),
    with the suite's viewport and timeout; closed afterwards."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps`.")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=TIMEOUT_MS
        )
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(TIMEOUT_MS)
            yield context
        finally:
            browser.close()


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


@contextmanager
def serve_frontend(api_url: str) -> Iterator[str]:
    """`serve.mjs` on a free port, rendering from the API at `api_url`."""
    built = [FRONTEND / "dist" / ".vite" / "manifest.json", FRONTEND / "dist-server"]
    if not all(path.exists() for path in built):
        pytest.fail("The reference frontend is not built: run `make frontend-build`.")
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: see `make node-deps`.")
    server = subprocess.Popen(
        [node, str(FRONTEND / "serve.mjs"), "--port", "0", "--api", api_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, f"the frontend server did not start: {line!r}"
        yield f"http://127.0.0.1:{match.group(1)}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get_html(url: str, headers: dict[str, str] | None = None):
    """What a crawler gets: one request, no JavaScript, redirects not followed.

    Returns (status, headers, body).
    """
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(
        url, headers={"Accept": "text/html", **(headers or {})}
    )
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def tags(html: str, name: str, **attrs: str) -> list[dict[str, str]]:
    """The attributes of every `<name>` element whose attributes include `attrs`."""
    parser = _Tags()
    parser.feed(html)
    return [
        found
        for tag, found in parser.tags
        if tag == name and all(found.get(k) == v for k, v in attrs.items())
    ]


def head_meta(html: str) -> dict[str, str]:
    """`<meta property|name=... content=...>` as a dict (the first of each)."""
    meta: dict[str, str] = {}
    for found in tags(html, "meta"):
        key = found.get("property") or found.get("name")
        if key and "content" in found:
            meta.setdefault(key, found["content"])
    return meta
