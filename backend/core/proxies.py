"""Who the client is, behind the proxies this deployment trusts (`TRUSTED_PROXIES`).

One setting decides it for every reader of the request: DRF's throttles and
allauth's rate limits (both read `REMOTE_ADDR`), `request.is_secure()`
(`SECURE_PROXY_SSL_HEADER`), `request.get_host()` (`USE_X_FORWARDED_HOST`)
and so every absolute URL, and gunicorn's `forwarded_allow_ips`.

A request whose peer is a trusted proxy has `X-Forwarded-For` walked from the
right, past every trusted hop, to the first address that is not one: that is
the client (the part to its left was written by the client and proves
nothing). Its `X-Forwarded-Proto`/`-Host` are kept. A request from anyone
else has every forwarding header removed, so a client cannot choose its own
address, scheme or host.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


def parse_networks(value: str | Iterable[str]) -> tuple[Network, ...]:
    """`"10.0.0.0/8, 127.0.0.1"` (or a list of them) as networks; refuses junk."""
    items = value.split(",") if isinstance(value, str) else value
    return tuple(ipaddress.ip_network(item.strip()) for item in items if item.strip())


@lru_cache(maxsize=8)
def _networks(value: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(value)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(
    remote_addr: str, forwarded_for: str, networks: tuple[Network, ...]
) -> str:
    """The client's address: the rightmost untrusted hop of the chain."""
    if not _is_trusted(remote_addr, networks):
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop.strip("[]")))
            except ValueError:
                # A trusted proxy passed on garbage: the client is unknown,
                # so count it as the proxy rather than as an address it chose.
                return remote_addr
    return hops[0] if hops else remote_addr


def _last(value: str) -> str:
    return value.split(",")[-1].strip()


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        networks = _networks(tuple(settings.TRUSTED_PROXIES))
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        if networks and _is_trusted(peer, networks):
            meta["REMOTE_ADDR"] = client_address(
                peer, meta.get("HTTP_X_FORWARDED_FOR", ""), networks
            )
            # The nearest proxy's word counts (it appends or overwrites).
            for name in ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST"):
                if name in meta:
                    meta[name] = _last(meta[name])
        else:
            for name in FORWARDING_HEADERS:
                meta.pop(name, None)
        # request.headers is built from META once; never from the raw one.
        request.__dict__.pop("headers", None)
        return self.get_response(request)
