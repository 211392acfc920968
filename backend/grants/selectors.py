"""Every read of the grants app, with its query shape fixed here."""

from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from wagtail.query import PageQuerySet

from .models import (
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    GrantRound,
    GrantSchemePage,
)
from .status import RoundStatus, round_status_q
from .workflow import ApplicationStatus


def _public_schemes() -> PageQuerySet:
    return GrantSchemePage.objects.live().public()


def scheme_pages() -> QuerySet[GrantSchemePage]:
    """Live public schemes as whole pages (not deferred), for rendering."""
    return _public_schemes().select_related("locale").order_by("path")


def rounds_of(*, scheme_ids: list[int]) -> QuerySet[GrantRound]:
    """These schemes' rounds, in the order a scheme lists them."""
    return GrantRound.objects.filter(scheme_id__in=scheme_ids).order_by(
        "opens_at", "pk"
    )


def round_list(*, status: str | None, now: datetime) -> QuerySet[GrantRound]:
    """Rounds of live public schemes, soonest deadline first."""
    rounds = GrantRound.objects.filter(
        scheme__in=_public_schemes().values("pk")
    ).select_related("scheme")
    if status:
        rounds = rounds.filter(round_status_q(status, now=now))
    return rounds.order_by("closes_at", "pk")


def rounds_open_to_drafts() -> QuerySet[GrantRound]:
    """Rounds a draft may name: those of live, public schemes (as listed).

    A round of an unpublished or restricted scheme is answered exactly as an
    id that does not exist, so ids say nothing about hidden schemes.
    """
    return GrantRound.objects.filter(scheme__in=_public_schemes().values("pk"))


def next_round_change(*, now: datetime) -> datetime | None:
    """When the status of some public round next changes by itself (it opens or closes)."""
    found = GrantRound.objects.filter(
        scheme__in=_public_schemes().values("pk")
    ).aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    times = [moment for moment in found.values() if moment is not None]
    return min(times) if times else None


def award_list() -> QuerySet[Application]:
    """Awarded grants, newest decision first."""
    return (
        Application.objects.filter(status=ApplicationStatus.AWARDED)
        .select_related("round__scheme__funder")
        .order_by("-decided_at", "-pk")
    )


def applications_for(*, user: User) -> QuerySet[Application]:
    """The user's own applications (and only theirs)."""
    return (
        Application.objects.filter(applicant_id=user.pk)
        .select_related("round__scheme")
        .prefetch_related(
            "attachments",
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("at", "pk")),
        )
        .order_by("-created_at", "-pk")
    )


def attachments_visible_to(*, user: User) -> QuerySet[ApplicationAttachment]:
    """Attachments the user may download: their own, or any for grants staff."""
    attachments = ApplicationAttachment.objects.select_related("application")
    if user.has_perm("grants.view_application"):
        return attachments
    return attachments.filter(application__applicant_id=user.pk)


def applications_awaiting_review() -> QuerySet[Application]:
    """Submitted applications nobody has started reviewing, oldest first."""
    return (
        Application.objects.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("round__scheme")
        .order_by("submitted_at", "pk")
    )


def rounds_closing_between(*, start: datetime, end: datetime) -> QuerySet[GrantRound]:
    """Rounds open at `start` whose deadline falls by `end`, soonest first.

    Each carries `submitted_count`: applications already in (submitted or
    beyond), so staff see how much work the deadline will bring.
    """
    received = Q(applications__submitted_at__isnull=False)
    return (
        GrantRound.objects.filter(round_status_q(RoundStatus.OPEN, now=start))
        .filter(closes_at__lte=end)
        .select_related("scheme")
        .annotate(submitted_count=Count("applications", filter=received))
        .order_by("closes_at", "pk")
    )
