from typing import Any

from allauth.headless.contrib.rest_framework.authentication import (
    XSessionTokenAuthentication,
)
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """allauth's app session token (`X-Session-Token`), answering 401 when missing.

    allauth's class names no challenge unless it refuses anonymous users, so
    DRF would answer an anonymous call to a protected endpoint with 403; a
    401 with `WWW-Authenticate` tells a client that signing in will help.
    """

    def authenticate_header(self, request: HttpRequest) -> str:
        return "X-Session-Token"


class PartnerKeyAuthentication(BaseAuthentication):
    """`Authorization: Api-Key <key>`: a partner organisation's key.

    The request stays anonymous (a key reads what the public reads); the key
    becomes `request.auth`, which the scope permission and the partner
    throttle read. A wrong, revoked or expired key is a 401, never ignored.
    """

    keyword = "Api-Key"

    def authenticate(self, request: Request) -> tuple[AnonymousUser, Any] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.startswith(self.keyword + " "):
            return None
        from syndication.services import partner_key_check

        key = partner_key_check(raw=header[len(self.keyword) + 1 :])
        if key is None:
            raise AuthenticationFailed(
                "Unknown, revoked or expired API key.", code="invalid_api_key"
            )
        return AnonymousUser(), key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
