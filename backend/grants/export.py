"""The applications spreadsheet: labels, readable dates, answers and emails.

One column per field staff read, then one per question of the schemes in
the export (questions with the same label share a column, so a CSV across
rounds of one scheme, or several schemes asking the same thing, stays flat).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import Application, GrantSchemePage


@dataclass(frozen=True)
class ExportColumn:
    key: str
    heading: str
    value: Callable[[Application], Any]


def _local(value: datetime | None) -> datetime | None:
    """Naive, in the site's zone (named in the heading): what spreadsheets read."""
    if value is None:
        return None
    return timezone.make_naive(value, timezone.get_default_timezone())


def _answer(application: Application, question: Any) -> str:
    value = application.answers.get(question.id)
    if value is None or value == "":
        return ""
    if question.block_type == "file":
        names = {a.pk: a.original_name for a in application.attachments.all()}
        return names.get(value, "")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _partners(application: Application) -> str:
    return "; ".join(
        f"{p.get('name', '')} ({p.get('country', '')})"
        for p in application.partners or []
        if isinstance(p, dict)
    )


def _applicant_name(application: Application) -> str:
    applicant = application.applicant
    return applicant.get_full_name() if applicant else ""  # type: ignore[attr-defined]


def base_columns() -> list[ExportColumn]:
    zone = settings.TIME_ZONE
    return [
        ExportColumn("id", "ID", lambda a: a.pk),
        ExportColumn("scheme", "Scheme", lambda a: a.round.scheme.title),
        ExportColumn("round", "Round", lambda a: a.round.name),
        ExportColumn("status", "Status", lambda a: a.get_status_display()),
        ExportColumn("applicant_name", "Applicant", _applicant_name),
        ExportColumn("applicant_email", "Applicant email", lambda a: a.applicant_email),
        ExportColumn(
            "organisation_name", "Organisation", lambda a: a.organisation_name
        ),
        ExportColumn(
            "organisation_type",
            "Organisation type",
            lambda a: a.get_organisation_type_display(),
        ),
        ExportColumn(
            "organisation_country",
            "Country",
            lambda a: a.organisation_country.name if a.organisation_country else "",
        ),
        ExportColumn(
            "organisation_identifier",
            "Organisation identifier",
            lambda a: a.organisation_identifier,
        ),
        ExportColumn("project_title", "Project title", lambda a: a.project_title),
        ExportColumn("summary", "Summary", lambda a: a.summary),
        ExportColumn("partners", "Partners abroad", _partners),
        ExportColumn("currency", "Currency", lambda a: a.round.scheme.currency),
        ExportColumn(
            "amount_requested", "Amount requested", lambda a: a.amount_requested
        ),
        ExportColumn(
            "submitted_at", f"Submitted ({zone})", lambda a: _local(a.submitted_at)
        ),
        ExportColumn("amount_awarded", "Amount awarded", lambda a: a.amount_awarded),
        ExportColumn("decided_at", f"Decided ({zone})", lambda a: _local(a.decided_at)),
        ExportColumn("decision_reason", "Decision reason", lambda a: a.decision_reason),
    ]


def answer_columns(schemes: Iterable[GrantSchemePage]) -> list[ExportColumn]:
    # Each scheme's questions are read once here, not once per row.
    by_label: dict[str, dict[int, Any]] = {}
    for scheme in schemes:
        for question in scheme.questions:
            by_label.setdefault(question.value["label"], {}).setdefault(
                scheme.pk, question
            )

    def value_for(questions: dict[int, Any]) -> Callable[[Application], str]:
        def value(application: Application) -> str:
            question = questions.get(application.round.scheme_id)
            return _answer(application, question) if question else ""

        return value

    return [
        ExportColumn(f"answer:{n}", label, value_for(questions))
        for n, (label, questions) in enumerate(by_label.items())
    ]


def export_columns(applications: QuerySet[Application]) -> list[ExportColumn]:
    schemes = GrantSchemePage.objects.filter(
        pk__in=applications.values("round__scheme")
    ).order_by("title", "pk")
    return [*base_columns(), *answer_columns(schemes)]
