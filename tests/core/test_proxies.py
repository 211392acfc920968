"""Forwarded headers count only from the proxies in TRUSTED_PROXIES.

For the API's throttles, allauth's per-address limits, `is_secure()` and the
absolute URLs in responses (and so the response cache), and gunicorn.
"""

import os
import runpy
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest

from api.throttles import AnonBurstThrottle
from core.proxies import client_address, parse_networks

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "backend/config/gunicorn.conf.py"
PROXY = "10.0.0.7"
OUTSIDER = "203.0.113.9"


@contextmanager
def _anon_rate(rate: str, settings):
    """The anonymous limit at `rate`, counted in the database in one window.

    The clock is held mid-window and the counter kept out of Redis (whose
    counts outlive a test), so only the addresses decide what is counted.
    """
    rates = {**AnonBurstThrottle.THROTTLE_RATES, "anon": rate}
    settings.REDIS_URL = ""
    with (
        mock.patch.object(AnonBurstThrottle, "THROTTLE_RATES", rates),
        mock.patch("api.throttles.time.time", return_value=1_800_000_030.0),
    ):
        yield


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "client"),
    [
        # Not from a proxy: the header is the client's own word.
        (OUTSIDER, "198.51.100.1", OUTSIDER),
        (PROXY, "198.51.100.1", "198.51.100.1"),
        # The client wrote the left part; the proxy appended what it saw.
        (PROXY, "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        # Two trusted hops: the first untrusted one from the right.
        (PROXY, "1.2.3.4, 198.51.100.1, 10.0.0.3", "198.51.100.1"),
        (PROXY, "", PROXY),
        (PROXY, "not-an-address", PROXY),
    ],
)
def test_the_client_is_the_rightmost_untrusted_hop(peer, forwarded_for, client):
    networks = parse_networks("10.0.0.0/8")
    assert client_address(peer, forwarded_for, networks) == client


@pytest.mark.django_db
def test_a_client_cannot_dodge_the_throttle_with_x_forwarded_for(client, settings):
    settings.TRUSTED_PROXIES = []
    with _anon_rate("3/min", settings):
        statuses = [
            client.get(
                "/api/v1/", REMOTE_ADDR=OUTSIDER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
            ).status_code
            for n in range(4)
        ]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    def get(xff: str) -> int:
        return client.get(
            "/api/v1/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=xff
        ).status_code

    with _anon_rate("2/min", settings):
        first = [get("198.51.100.1") for _ in range(2)]
        # The same client, prepending made-up hops: still the same client.
        spoofed = get("192.0.2.77, 198.51.100.1")
        other = get("198.51.100.2")
    assert first == [200, 200]
    assert spoofed == 429
    assert other == 200


@pytest.mark.django_db
def test_forwarded_proto_and_host_count_only_from_a_trusted_proxy(anon, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    url = "/api/v1/pages/?limit=1"
    forged = {
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_HOST": "evil.example",
    }

    from_proxy = anon.get(url, REMOTE_ADDR=PROXY, **forged)
    assert from_proxy.json()["next"].startswith("https://evil.example/")

    # The same URL from a client that forges the headers: neither they, nor
    # the response the proxy's request left in the cache, change its links.
    direct = anon.get(url, REMOTE_ADDR=OUTSIDER, **forged)
    assert direct.json()["next"].startswith("http://localhost/")
    plain = anon.get(url, REMOTE_ADDR=OUTSIDER)
    assert plain.json()["next"].startswith("http://localhost/")


@pytest.mark.django_db
def test_a_forged_forwarded_proto_does_not_poison_cached_links(anon, settings):
    # Even from a trusted proxy that serves both schemes, http and https
    # are different responses (different links), cached apart.
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    url = "/api/v1/pages/?limit=1"
    https = anon.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    http = anon.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="http")
    assert https.json()["next"].startswith("https://localhost/")
    assert http.json()["next"].startswith("http://localhost/")


def test_gunicorn_trusts_forwarded_headers_only_from_the_same_setting():
    with mock.patch.dict(os.environ, {"TRUSTED_PROXIES": "10.0.0.0/8,127.0.0.1"}):
        conf = runpy.run_path(str(GUNICORN_CONF))
    assert conf["forwarded_allow_ips"] == "10.0.0.0/8,127.0.0.1"
    with mock.patch.dict(os.environ, {}, clear=False):
        os.environ.pop("TRUSTED_PROXIES", None)
        conf = runpy.run_path(str(GUNICORN_CONF))
    # Not "*": nobody is trusted unless configured.
    assert conf["forwarded_allow_ips"] == ""
