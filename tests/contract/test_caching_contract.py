"""Every public GET in openapi.yaml caches the same way (issue 15).

The operations come from the committed contract itself, so an endpoint added
later is checked without touching this file: each must send `ETag`,
`Last-Modified` and a public `Cache-Control`, vary on the credentials that
would change it, and answer `If-None-Match` and `If-Modified-Since` with 304.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils.http import http_date
from wagtail.images import get_image_model
from wagtail.models import Page

from grants.models import GrantSchemePage

CONTRACT = Path(__file__).resolve().parents[2] / "openapi.yaml"
# Not public reads: allauth's account API, and drafts (never cached, no-store).
NOT_PUBLIC = ("/api/v1/auth/", "/api/v1/preview/")


def public_gets() -> list[str]:
    spec = yaml.safe_load(CONTRACT.read_text())
    paths = []
    for path, item in spec["paths"].items():
        operation = item.get("get")
        if operation is None or path.startswith(NOT_PUBLIC):
            continue
        if "401" in operation["responses"]:  # needs a signed-in person
            continue
        paths.append(path)
    return paths


def _url(path: str) -> str:
    values: dict[str, Any] = {
        "{id}": Page.objects.filter(depth__gt=1).live().order_by("path")[1].pk,
        "{slug}": GrantSchemePage.objects.live().order_by("path")[0].slug,
    }
    if path.startswith("/api/v1/images/"):
        values["{id}"] = get_image_model().objects.order_by("pk")[0].pk
    for name, value in values.items():
        path = path.replace(name, str(value))
    if path == "/api/v1/pages/resolve/":
        path += "?path=/"
    return path


def test_the_contract_lists_every_public_read_this_test_covers():
    paths = public_gets()
    for expected in (
        "/api/v1/",
        "/api/v1/grants/rounds/",
        "/api/v1/grants/schemes/",
        "/api/v1/grants/schemes/{slug}/",
        "/api/v1/grants/awards/",
        "/api/v1/grants/awards/360giving.json",
        "/api/v1/membership/types/",
        "/api/v1/pages/",
        "/api/v1/changes/",
    ):
        assert expected in paths


@pytest.mark.django_db
def test_every_public_get_sends_validators_and_answers_304(anon):
    urls = [_url(path) for path in public_gets()] + ["/api/v1/schema/"]
    first = {url: anon.get(url) for url in urls}
    # A copy sent in the second it was built is dated a second earlier
    # (caching.last_modified_header); one second later the date settles.
    time.sleep(1.05)
    failures = []
    for url in urls:
        response = anon.get(url)
        problems = []
        if response.status_code != 200:
            problems.append(f"status {response.status_code}")
        etag, modified = response.get("ETag"), response.get("Last-Modified")
        if not etag or not modified:
            problems.append("no ETag or Last-Modified")
        if etag != first[url].get("ETag"):
            problems.append("ETag changed with nothing changed")
        control = response.get("Cache-Control", "")
        if not control.startswith("public, max-age="):
            problems.append(f"Cache-Control {control!r}")
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
        if not {"cookie", "authorization", "x-session-token"} <= vary:
            problems.append(f"Vary {response.get('Vary')!r}")
        if etag and modified:
            by_tag = anon.get(url, HTTP_IF_NONE_MATCH=etag)
            weak = anon.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}")
            by_date = anon.get(url, HTTP_IF_MODIFIED_SINCE=modified)
            older = anon.get(
                url, HTTP_IF_MODIFIED_SINCE=http_date(time.time() - 86400 * 365)
            )
            other = anon.get(url, HTTP_IF_NONE_MATCH='"something-else"')
            for name, got, want in (
                ("If-None-Match", by_tag.status_code, 304),
                ("weak If-None-Match", weak.status_code, 304),
                ("If-Modified-Since", by_date.status_code, 304),
                ("old If-Modified-Since", older.status_code, 200),
                ("other If-None-Match", other.status_code, 200),
            ):
                if got != want:
                    problems.append(f"{name}: {got}, not {want}")
            if by_tag.status_code == 304 and (
                by_tag.content or by_tag.get("ETag") != etag
            ):
                problems.append("304 with a body or without its ETag")
        if problems:
            failures.append(f"{url}: {'; '.join(problems)}")
    assert not failures, "\n".join(failures)
