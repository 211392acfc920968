"""Content-Security-Policy for the HTML this backend serves itself.

The API answers JSON; the HTML pages are the Wagtail admin and the two API
documentation pages (Swagger UI and Redoc, both from drf-spectacular-sidecar,
so nothing comes from a CDN). Each gets a policy that allows only what it
uses. Django 5.2 has no built-in CSP (that is Django 6), and django-csp would
put one policy on every response; three fixed headers by path are all we
need. Responses that already carry a policy keep it.

Wagtail's admin is not CSP-strict yet: the page editor has inline scripts
(measured: three blocked on a page's edit view, one in the page, two that
jQuery inserts from vendor.js), so the admin allows `'unsafe-inline'` for
scripts and styles; scripts still come from this origin only, no
`'unsafe-eval'`, no plugins, no foreign base or form targets, and it can
only be framed by itself. The docs pages allow no inline script at all. Images and media may come from the media
host (`CSP_MEDIA_ORIGINS`: an S3 bucket or CDN serving renditions), embeds are
framed from https: only.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{name} {' '.join(values)}" for name, values in directives.items()
    )


def policies() -> list[tuple[str, str]]:
    """(path prefix, policy) pairs, most specific first."""
    media = [o for o in (_origin(settings.MEDIA_URL), *settings.CSP_MEDIA_ORIGINS) if o]
    common = {
        "default-src": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    admin = {
        **common,
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *media],
        "media-src": ["'self'", *media],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        # Wagtail's preview panel frames the admin; embeds frame their providers.
        "frame-src": ["'self'", "https:"],
        "worker-src": ["'self'", "blob:"],
    }
    docs = {
        **common,
        "script-src": ["'self'"],
        # Swagger UI and Redoc (styled-components) write inline styles.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        # Redoc parses the schema in a worker it starts from a blob: URL.
        "worker-src": ["'self'", "blob:"],
        "frame-ancestors": ["'none'"],
    }
    return [
        ("/admin/", _policy(admin)),
        ("/api/v1/docs/", _policy(docs)),
        ("/api/v1/redoc/", _policy(docs)),
    ]


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policies = policies()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        for prefix, policy in self.policies:
            if request.path.startswith(prefix):
                response["Content-Security-Policy"] = policy
                break
        return response
