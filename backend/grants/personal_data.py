"""What the grants app holds about a person, for export and erasure."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .models import Application, ApplicationEvent
from .workflow import ApplicationStatus


def export(user: AbstractBaseUser) -> list[dict[str, Any]]:
    applications = (
        Application.objects.filter(applicant_id=user.pk)
        .select_related("round__scheme")
        .prefetch_related("attachments", "events")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": a.pk,
            "scheme": a.round.scheme.title,
            "round": a.round.name,
            "status": a.status,
            "organisation": {
                "name": a.organisation_name,
                "type": a.organisation_type,
                "country": str(a.organisation_country),
                "identifier": a.organisation_identifier,
            },
            "project_title": a.project_title,
            "summary": a.summary,
            "partners": a.partners,
            "amount_requested": str(a.amount_requested)
            if a.amount_requested is not None
            else None,
            "answers": a.answers,
            "attachments": [att.original_name for att in a.attachments.all()],
            "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
            "decision": {
                "amount_awarded": str(a.amount_awarded)
                if a.amount_awarded is not None
                else None,
                "decided_at": a.decided_at.isoformat() if a.decided_at else None,
                "reason": a.decision_reason,
            },
            "history": [
                {"status": e.to_status, "at": e.at.isoformat()} for e in a.events.all()
            ],
        }
        for a in applications
    ]


def erase(user: AbstractBaseUser) -> None:
    """Delete the user's applications, except awarded grants (public record).

    An awarded grant keeps what is published as open data (organisation,
    project, amounts, decision) and loses the link to the person, the answers
    and the attachments.
    """
    with transaction.atomic():
        ApplicationEvent.objects.filter(actor_id=user.pk).update(actor=None)
        applications = Application.objects.filter(applicant_id=user.pk)
        for application in applications.prefetch_related("attachments"):
            for attachment in application.attachments.all():
                storage, name = attachment.file.storage, attachment.file.name
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        awarded = applications.filter(status=ApplicationStatus.AWARDED)
        for application in awarded:
            application.attachments.all().delete()
        awarded.update(applicant=None, answers={})
        Application.objects.filter(applicant_id=user.pk).delete()
