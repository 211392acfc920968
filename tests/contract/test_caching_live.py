"""Caching on a real server: a change made by another process is served at once.

The server (gunicorn) caches what it serves; the change is made in a
`manage.py shell` process of its own, which exits after committing. The
next conditional request must not be answered 304.
"""

import json
import time
import urllib.error
import urllib.request

import pytest

from .test_caching_contract import public_gets

pytestmark = pytest.mark.live


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_public_gets_revalidate_on_a_real_server(live_api):
    urls = [p for p in public_gets() if "{" not in p and not p.endswith("resolve/")]
    for path in urls:
        _get(live_api.url + path)
    time.sleep(1.05)
    for path in urls:
        status, headers, _ = _get(live_api.url + path)
        assert status == 200, path
        assert headers["Cache-Control"].startswith("public"), path
        assert "RateLimit-Remaining" in headers, path
        again = _get(live_api.url + path, **{"If-None-Match": headers["ETag"]})
        dated = _get(
            live_api.url + path, **{"If-Modified-Since": headers["Last-Modified"]}
        )
        assert (again[0], dated[0]) == (304, 304), path


@pytest.mark.parametrize(
    ("path", "change", "shown"),
    [
        (
            "/api/v1/membership/types/",
            "from membership.models import MembershipFee as F; "
            "f = F.objects.order_by('pk').first(); f.amount_minor = 12345; f.save()",
            lambda body: any(
                fee["amount_minor"] == 12345
                for item in body["results"]
                for fee in item["fees"]
            ),
        ),
        (
            "/api/v1/grants/rounds/",
            "from grants.models import GrantRound as R; "
            "r = R.objects.order_by('pk').first(); r.name = 'Renamed elsewhere'; "
            "r.save()",
            lambda body: any(
                item["name"] == "Renamed elsewhere" for item in body["results"]
            ),
        ),
    ],
)
def test_a_change_in_another_process_is_served_at_once(live_api, path, change, shown):
    status, headers, body = _get(live_api.url + path)
    assert status == 200 and not shown(json.loads(body))
    live_api.manage("shell", "-c", change)
    status, _, body = _get(live_api.url + path, **{"If-None-Match": headers["ETag"]})
    assert status == 200 and shown(json.loads(body))
