"""A partner key may only be used for the parts of the API in its scopes."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

# Path prefix (below /api/v1/) -> scope; anything else is content.
AREAS = {"grants/": "grants", "membership/": "membership", "me/": None, "auth/": None}


def area_of(path: str) -> str | None:
    tail = path.split("/api/v1/", 1)[-1]
    for prefix, scope in AREAS.items():
        if tail.startswith(prefix):
            return scope
    return "content"


class PartnerKeyScope(BasePermission):
    message = "This API key is not allowed for this part of the API."
    # It limits partner keys only: anyone may call what it alone guards.
    allows_anonymous = True

    def has_permission(self, request: Request, view: Any) -> bool:
        from syndication.models import PartnerKey

        key = request.auth
        if not isinstance(key, PartnerKey):
            return True
        area = area_of(request.path)
        return area is not None and area in key.scopes
