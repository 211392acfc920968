"""Grants endpoints: wiring between HTTP, selectors and services."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.locales import default_language
from grants import selectors, services
from grants.models import Application
from grants.status import RoundStatus
from grants.threesixtygiving import build_package

from ..caching import Rendered, cached_response
from ..content import languages
from ..content.context import site_for
from ..content.images import parse_rendition_names
from ..content.pages import PageSet
from ..idempotency import creates
from ..pagination import LimitOffsetPagination
from ..params import NoParams, PaginationParams, parse
from ..public import CachedListView, cached_list, cached_object
from ..schema import problems
from ..signals import GRANT_AWARDS_DEP, GRANT_ROUNDS_DEP
from ..throttles import WRITE_THROTTLES
from .pages import GrantSchemePageSerializer
from .serializers import (
    GrantApplicationSerializer,
    GrantApplicationWriteSerializer,
    GrantAttachmentSerializer,
    GrantAttachmentUploadSerializer,
    GrantAwardSerializer,
    GrantRoundListItemSerializer,
    ThreeSixtyGivingPackageSerializer,
)


class _RoundTimes:
    """One `now` for a whole response, and when what it shows next changes."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def expires_at(self) -> Any:
        return selectors.next_round_change(now=self.now)


def _scheme_page_set(request: Request) -> PageSet:
    return PageSet(
        site=site_for(request),
        user=request.user,
        renditions=parse_rendition_names(None),
    )


def _scheme_rendered(page_set: PageSet, data: Any, pages: list[Any]) -> Rendered:
    return Rendered(
        data=data,
        deps={*page_set.resolver.deps, "pages"},
        last_modified=max(
            (page.last_published_at for page in pages if page.last_published_at),
            default=None,
        ),
        expires_at=page_set.expires_at,
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="grants_schemes_list",
        summary="List grant schemes",
        tags=["grants"],
        responses={200: GrantSchemePageSerializer(many=True), **problems(400)},
    )
)
class SchemeListView(generics.ListAPIView):
    """Live public grant schemes, each exactly as `pages/{id}/` shows it."""

    serializer_class = GrantSchemePageSerializer

    # A cached body, already rendered: DRF sends any HttpResponse a handler
    # returns, where its stubs name only Response.
    def get(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        def build() -> Rendered:
            parse(PaginationParams, request)
            page_set = _scheme_page_set(request)
            paginator = LimitOffsetPagination()
            pages = list(
                paginator.paginate_queryset(selectors.scheme_pages(), request, self)
            )
            return _scheme_rendered(
                page_set, paginator.envelope(page_set.render(pages)), pages
            )

        return cached_response(request, build)


class SchemeDetailView(APIView):
    """One scheme by its slug, exactly as `pages/{id}/` shows it."""

    @extend_schema(
        operation_id="grants_schemes_retrieve",
        summary="Get a grant scheme",
        tags=["grants"],
        responses={200: GrantSchemePageSerializer, **problems(400, 404)},
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        def build() -> Rendered:
            parse(NoParams, request)
            page_set = _scheme_page_set(request)
            # Translations share the slug: the default language's comes first.
            found = sorted(
                selectors.scheme_pages().filter(slug=slug),
                key=lambda page: page.locale.language_code != default_language(),
            )
            if not found:
                raise Http404
            page = found[0]
            data = languages.stamp(
                page_set.render_one(page), want=languages.Wanted([]), fallback=False
            )
            return _scheme_rendered(page_set, data, [page])

        return cached_response(request, build)


class RoundListParams(PaginationParams):
    status = serializers.ChoiceField(
        choices=RoundStatus.choices,
        required=False,
        help_text="Only rounds with this status now.",
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="grants_rounds_list",
        summary="List grant rounds",
        tags=["grants"],
        parameters=[RoundListParams],
        responses={200: GrantRoundListItemSerializer(many=True), **problems(400)},
    )
)
class RoundListView(generics.ListAPIView):
    """Rounds of every scheme, soonest deadline first; filter by status."""

    serializer_class = GrantRoundListItemSerializer

    # A cached body, already rendered: DRF sends any HttpResponse a handler
    # returns, where its stubs name only Response.
    def get(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        times = _RoundTimes()

        def rounds(query: dict[str, Any]) -> Any:
            return selectors.round_list(status=query.get("status"), now=times.now)

        return cached_list(
            self,
            request,
            queryset=rounds,
            serializer=GrantRoundListItemSerializer,
            deps=lambda items: {"pages", GRANT_ROUNDS_DEP},
            params=RoundListParams,
            expires_at=times.expires_at,
            context={"now": times.now},
        )


AWARD_DEPS = {GRANT_AWARDS_DEP, GRANT_ROUNDS_DEP, "pages"}


def _award_deps(awards: Any) -> set[str]:
    funders = {a.round.scheme.funder_id for a in awards if a.round.scheme.funder_id}
    return {*AWARD_DEPS, *(f"snippet:core.organisation:{pk}" for pk in funders)}


@extend_schema_view(
    get=extend_schema(
        operation_id="grants_awards_list",
        summary="List awarded grants",
        tags=["grants"],
        responses={200: GrantAwardSerializer(many=True), **problems(400)},
    )
)
class AwardListView(CachedListView):
    """Awarded grants: title, recipient, amount, date and scheme."""

    serializer_class = GrantAwardSerializer

    def get_queryset(self) -> Any:
        return selectors.award_list()

    def list_deps(self, items: list[Any]) -> set[str]:
        return _award_deps(items)


class AwardPackageView(APIView):
    """Every awarded grant as a 360Giving Data Standard package."""

    @extend_schema(
        operation_id="grants_awards_360giving",
        summary="Awarded grants as 360Giving data",
        tags=["grants"],
        responses={200: ThreeSixtyGivingPackageSerializer, **problems(400)},
    )
    # A cached body, already rendered: DRF sends any HttpResponse a handler
    # returns, where its stubs name only Response.
    def get(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        def build() -> tuple[Any, set[str]]:
            awards = list(selectors.award_list())
            package = build_package(applications=awards, now=timezone.now())
            return package, _award_deps(awards)

        return cached_object(request, build=build)


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # IsAuthenticated has run
    return user


def _own(request: Request, pk: int) -> Application:
    return get_object_or_404(selectors.applications_for(user=_user(request)), pk=pk)


def _read(request: Request, application: Application) -> Application:
    """Re-read through the selector so the response shows what was committed."""
    return selectors.applications_for(user=_user(request)).get(pk=application.pk)


class ApplicationListCreateView(generics.GenericAPIView):
    """The signed-in user's applications; start a draft."""

    throttle_classes = WRITE_THROTTLES

    permission_classes = [IsAuthenticated]
    serializer_class = GrantApplicationSerializer

    @extend_schema(
        operation_id="grants_applications_list",
        tags=["grants"],
        responses={
            200: GrantApplicationSerializer(many=True),
            **problems(400, 401, 403),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(selectors.applications_for(user=_user(request)))
        return self.get_paginated_response(
            GrantApplicationSerializer(page, many=True).data
        )

    @creates(
        operation_id="grants_applications_create",
        tags=["grants"],
        request=GrantApplicationWriteSerializer,
        responses={201: GrantApplicationSerializer, **problems(400, 401, 403, 422)},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = GrantApplicationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.application_create(
            applicant=_user(request), data=data.validated_data, now=timezone.now()
        )
        body = GrantApplicationSerializer(_read(request, application)).data
        return Response(body, status=status.HTTP_201_CREATED)


class ApplicationDetailView(APIView):
    """Read or edit one of the user's own applications."""

    throttle_classes = WRITE_THROTTLES

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="grants_applications_retrieve",
        tags=["grants"],
        responses={200: GrantApplicationSerializer, **problems(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(GrantApplicationSerializer(_own(request, pk)).data)

    @extend_schema(
        operation_id="grants_applications_partial_update",
        tags=["grants"],
        request=GrantApplicationWriteSerializer,
        responses={
            200: GrantApplicationSerializer,
            **problems(400, 401, 403, 404, 409),
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        application = _own(request, pk)
        data = GrantApplicationWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.application_update(
            application=application,
            user=_user(request),
            data=data.validated_data,
            now=timezone.now(),
        )
        return Response(GrantApplicationSerializer(_read(request, application)).data)


class ApplicationActionView(APIView):
    """A change of status the applicant asks for on one of their applications."""

    throttle_classes = WRITE_THROTTLES

    permission_classes = [IsAuthenticated]
    transition: Callable[..., Any]

    def post(self, request: Request, pk: int) -> Response:
        application = _own(request, pk)
        type(self).transition(
            application=application, user=_user(request), now=timezone.now()
        )
        return Response(GrantApplicationSerializer(_read(request, application)).data)


@extend_schema_view(
    post=extend_schema(
        operation_id="grants_applications_submit",
        tags=["grants"],
        request=None,
        responses={
            200: GrantApplicationSerializer,
            **problems(400, 401, 403, 404, 409),
        },
    )
)
class ApplicationSubmitView(ApplicationActionView):
    """Submit a draft: complete, within the scheme's range, before the deadline."""

    transition = services.application_submit


@extend_schema_view(
    post=extend_schema(
        operation_id="grants_applications_withdraw",
        tags=["grants"],
        request=None,
        responses={200: GrantApplicationSerializer, **problems(401, 403, 404, 409)},
    )
)
class ApplicationWithdrawView(ApplicationActionView):
    """Withdraw an application that has not been decided."""

    transition = services.application_withdraw


class AttachmentCreateView(APIView):
    """Upload a PDF, DOCX or ODT to a draft (multipart, field `file`)."""

    throttle_classes = WRITE_THROTTLES

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @creates(
        operation_id="grants_applications_attachments_create",
        tags=["grants"],
        request={"multipart/form-data": GrantAttachmentUploadSerializer},
        responses={
            201: GrantAttachmentSerializer,
            **problems(400, 401, 403, 404, 409, 413, 415, 422),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        application = _own(request, pk)
        upload = GrantAttachmentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            application=application,
            user=_user(request),
            file=upload.validated_data["file"],
            now=timezone.now(),
        )
        return Response(
            GrantAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED
        )


class AttachmentDetailView(APIView):
    """Download an attachment (its applicant and grants staff only), or remove it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="grants_applications_attachments_retrieve",
        tags=["grants"],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The document."
            ),
            **problems(401, 403, 404),
        },
    )
    def get(self, request: Request, pk: int, attachment_pk: int) -> FileResponse:
        attachment = get_object_or_404(
            selectors.attachments_visible_to(user=_user(request)),
            application_id=pk,
            pk=attachment_pk,
        )
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )

    @extend_schema(
        operation_id="grants_applications_attachments_destroy",
        tags=["grants"],
        responses={204: None, **problems(401, 403, 404, 409)},
    )
    def delete(self, request: Request, pk: int, attachment_pk: int) -> Response:
        application = _own(request, pk)
        attachment = get_object_or_404(application.attachments.all(), pk=attachment_pk)
        services.attachment_delete(attachment=attachment, user=_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
