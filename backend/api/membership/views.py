"""Membership types, joining, and the signed-in person's own data (`me/`)."""

import json
from typing import Any, cast

from django.contrib.auth import logout
from django.contrib.auth.models import AbstractUser
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import accounts
from core.errors import NotFound
from membership import selectors, services
from membership.status import CURRENT_STATUSES

from ..idempotency import creates
from ..public import CachedListView
from ..schema import problems
from ..signals import MEMBERSHIP_TYPES_DEP
from ..throttles import WRITE_THROTTLES
from .serializers import (
    MeExportSerializer,
    MembershipApplicationCreateSerializer,
    MembershipSerializer,
    MembershipTypeSerializer,
    MeSerializer,
    MeUpdateSerializer,
)

TAGS = ["membership"]
ME_TAGS = ["me"]


def _user(request: Request) -> AbstractUser:
    """The signed-in person (the views' IsAuthenticated guarantees one)."""
    return cast(AbstractUser, request.user)


class PrivateView(APIView):
    """A signed-in person's own data: never stored by a shared cache.

    The headers go on every response, errors included, since even a 403
    differs between a cookie and none.
    """

    permission_classes = [IsAuthenticated]

    def finalize_response(
        self, request: Request, response: Any, *args: Any, **kwargs: Any
    ) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ("Cookie", "Authorization", "X-Session-Token"))
        return response


@extend_schema_view(
    get=extend_schema(
        operation_id="membership_types_list",
        summary="List membership types and fees",
        tags=TAGS,
        responses={200: MembershipTypeSerializer(many=True), **problems(400)},
    )
)
class MembershipTypeListView(CachedListView):
    """Membership types open for applications, with fees by region and currency."""

    serializer_class = MembershipTypeSerializer

    def get_queryset(self) -> Any:
        return selectors.membership_type_list()

    def list_deps(self, items: list[Any]) -> set[str]:
        return {MEMBERSHIP_TYPES_DEP}


class MembershipApplicationCreateView(PrivateView):
    """Join: apply for a membership type. Staff approve or reject in the admin."""

    throttle_classes = WRITE_THROTTLES

    @creates(
        operation_id="membership_applications_create",
        tags=TAGS,
        request=MembershipApplicationCreateSerializer,
        responses={201: MembershipSerializer, **problems(400, 401, 403, 409)},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = MembershipApplicationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_apply(
            user=_user(request), today=timezone.localdate(), **serializer.validated_data
        )
        headers = {"Location": request.build_absolute_uri(reverse("api:me-membership"))}
        return Response(
            MembershipSerializer(membership).data, status=201, headers=headers
        )


def _me_data(user: Any) -> dict[str, Any]:
    profile = selectors.profile_for(user=user)
    current = selectors.membership_current_for(user=user)
    return {
        "id": user.pk,
        "email": user.email,
        **services.profile_values(profile),
        "is_member": bool(current and current.status in CURRENT_STATUSES),
    }


class MeView(PrivateView):
    """The signed-in person's profile; DELETE erases the account."""

    @extend_schema(
        operation_id="me_retrieve",
        tags=ME_TAGS,
        responses={200: MeSerializer, **problems(401, 403)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(MeSerializer(_me_data(_user(request))).data)

    @extend_schema(
        operation_id="me_partial_update",
        tags=ME_TAGS,
        request=MeUpdateSerializer,
        responses={200: MeSerializer, **problems(400, 401, 403)},
    )
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = MeUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.profile_update(user=_user(request), changes=serializer.validated_data)
        return Response(MeSerializer(_me_data(_user(request))).data)

    @extend_schema(
        operation_id="me_destroy",
        tags=ME_TAGS,
        description=(
            "Erase the account: it is deactivated, personal data is anonymised "
            "(records that must be kept lose their personal fields) and the "
            "session ends."
        ),
        responses={204: OpenApiResponse(description="Erased"), **problems(401, 403)},
    )
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        accounts.account_erase(user=_user(request), now=timezone.now())
        logout(request._request)
        return Response(status=204)


class MeMembershipView(PrivateView):
    """The signed-in person's latest membership: status, type, dates and fee due."""

    @extend_schema(
        operation_id="me_membership_retrieve",
        tags=ME_TAGS,
        responses={200: MembershipSerializer, **problems(401, 403, 404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership = selectors.membership_current_for(user=_user(request))
        if membership is None:
            raise NotFound("You have no membership yet.", code="no_membership")
        return Response(MembershipSerializer(membership).data)


class MeExportView(PrivateView):
    """Everything held about the person, as a JSON file to download."""

    @extend_schema(
        operation_id="me_export_retrieve",
        tags=ME_TAGS,
        description=(
            "A JSON download (`Content-Disposition: attachment`): the account, "
            "the profile, memberships, and one key per other app that holds "
            "personal data (e.g. grant applications)."
        ),
        responses={200: MeExportSerializer, **problems(401, 403)},
    )
    # A cached body, already rendered: DRF sends any HttpResponse a handler
    # returns, where its stubs name only Response.
    def get(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        data = accounts.account_export(user=_user(request))
        response = HttpResponse(
            json.dumps(data, indent=2, default=str), content_type="application/json"
        )
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
        return response
