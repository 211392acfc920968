"""A page's own date: what cards show and what `order=date` / `-date` sorts by.

Decided here once, with its query twin (`content_date_expression`), as
`grants/status.py` does for a round's status:

- strategy updates and solidarity statements: their `date` field;
- events: the day they start;
- every other page: the day it was first published (null for a draft that
  never was).

The query sorts events by the UTC day of their start; the card shows the day
in the event's own time zone. They differ only for an event starting within
a few hours of midnight UTC, which then sorts among the neighbouring day's.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import DateField, Expression, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from . import models


def content_date(page: Any) -> datetime.date | None:
    if isinstance(page, models.StrategyUpdatePage | models.SolidarityStatementPage):
        return page.date
    if isinstance(page, models.EventPage):
        return page.starts_at.astimezone(ZoneInfo(page.timezone)).date()
    if page.first_published_at is None:
        return None
    return timezone.localdate(page.first_published_at, datetime.UTC)


def content_date_expression() -> Expression:
    """`content_date` in SQL, for any page queryset (one query, any mix of types)."""

    def own(model: type, expression: Any) -> Subquery:
        rows = model.objects.filter(pk=OuterRef("pk"))
        return Subquery(rows.annotate(_day=expression).values("_day")[:1])

    utc = datetime.UTC
    return Coalesce(
        own(models.StrategyUpdatePage, F("date")),
        own(models.SolidarityStatementPage, F("date")),
        own(models.EventPage, TruncDate("starts_at", tzinfo=utc)),
        TruncDate("first_published_at", tzinfo=utc),
        output_field=DateField(),
    )
