from allauth.headless.contrib.rest_framework.authentication import (
    XSessionTokenAuthentication,
)
from django.http import HttpRequest


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """allauth's app session token (`X-Session-Token`), answering 401 when missing.

    allauth's class names no challenge unless it refuses anonymous users, so
    DRF would answer an anonymous call to a protected endpoint with 403; a
    401 with `WWW-Authenticate` tells a client that signing in will help.
    """

    def authenticate_header(self, request: HttpRequest) -> str:
        return "X-Session-Token"
