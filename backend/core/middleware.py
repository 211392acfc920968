"""Answer the health probes before host validation, HTTPS redirects and sessions.

Load balancers and container health checks call `/healthz` and `/readyz` on an
internal address over plain HTTP; those requests must not need an allowed
Host header or TLS.
"""

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from . import views

PROBES = {"/healthz": views.healthz, "/readyz": views.readyz}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
ADMIN_PATH = "/admin/"


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path)
        if probe is not None:
            return probe(request)
        return self.get_response(request)


class AtomicAdminWritesMiddleware:
    """Each write through the Wagtail admin commits whole, or not at all.

    Wagtail's publish is several statements (page, revision, log entries);
    in one transaction, the content change log row written with them (see
    `core.changes`) commits with the publish it describes, never apart.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS or not request.path.startswith(ADMIN_PATH):
            return self.get_response(request)
        with transaction.atomic():
            return self.get_response(request)
