"""A round's status (upcoming / open / closed / paused): decided here and only here.

The API, the admin and the services all ask `round_status()`; selectors that
filter by status use `round_status_q()`, written from the same rules, and a
test checks that the two agree on every case.
"""

from datetime import datetime

from django.db import models
from django.db.models import Q


class RoundStatus(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    PAUSED = "paused", "Paused"


class RoundStatusOverride(models.TextChoices):
    """A manual status that wins over the dates while it is set."""

    PAUSED = "paused", "Paused (applications cannot be submitted)"
    CLOSED = "closed", "Closed early"


def round_status(
    *, opens_at: datetime, closes_at: datetime, override: str, now: datetime
) -> RoundStatus:
    """Open from `opens_at` (inclusive) until `closes_at` (exclusive).

    Both are aware datetimes, so the zone a round is shown in never changes
    the instant it closes.
    """
    if override:
        return RoundStatus(override)
    if now < opens_at:
        return RoundStatus.UPCOMING
    if now < closes_at:
        return RoundStatus.OPEN
    return RoundStatus.CLOSED


def round_status_q(status: str, *, now: datetime, prefix: str = "") -> Q:
    """The queryset filter for rounds whose `round_status()` is `status`."""
    p = prefix
    no_override = Q(**{f"{p}status_override": ""})
    if status == RoundStatus.PAUSED:
        return Q(**{f"{p}status_override": RoundStatusOverride.PAUSED})
    if status == RoundStatus.UPCOMING:
        return no_override & Q(**{f"{p}opens_at__gt": now})
    if status == RoundStatus.OPEN:
        return no_override & Q(**{f"{p}opens_at__lte": now, f"{p}closes_at__gt": now})
    if status == RoundStatus.CLOSED:
        return Q(**{f"{p}status_override": RoundStatusOverride.CLOSED}) | (
            no_override & Q(**{f"{p}closes_at__lte": now})
        )
    raise ValueError(f"unknown round status {status!r}")
