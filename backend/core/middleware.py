"""Answer the health probes before host validation, HTTPS redirects and sessions.

Load balancers and container health checks call `/healthz` and `/readyz` on an
internal address over plain HTTP; those requests must not need an allowed
Host header or TLS.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import views

PROBES = {"/healthz": views.healthz, "/readyz": views.readyz}


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path)
        if probe is not None:
            return probe(request)
        return self.get_response(request)
