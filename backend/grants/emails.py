"""The words of the emails applicants receive: (subject, body) pairs."""

from django.conf import settings
from django.utils import timezone

from .models import Application
from .workflow import ApplicationStatus


def application_url(application: Application) -> str:
    """The application's page on the frontend."""
    return settings.FRONTEND_APPLICATION_URL.replace("{id}", str(application.pk))


def submitted(application: Application) -> tuple[str, str]:
    scheme = application.round.scheme
    when = timezone.localtime(application.submitted_at, application.round.zone)
    return (
        f"Application received: {application.project_title}",
        f"Thank you for applying to {scheme.title} ({application.round.name}).\n\n"
        f"We received “{application.project_title}” on "
        f"{when:%d %B %Y at %H:%M} ({application.round.timezone}), asking for "
        f"{application.amount_requested} {scheme.currency}.\n\n"
        "We will write again when a decision has been made.\n\n"
        f"Follow your application: {application_url(application)}",
    )


def decided(application: Application) -> tuple[str, str]:
    scheme = application.round.scheme
    if application.status == ApplicationStatus.AWARDED:
        outcome = (
            f"We are pleased to award {application.amount_awarded} "
            f"{scheme.currency} to “{application.project_title}”."
        )
    else:
        outcome = (
            f"We are sorry that we cannot fund “{application.project_title}” this time."
        )
    reason = f"\n\n{application.decision_reason}" if application.decision_reason else ""
    return (
        f"Decision on your application to {scheme.title}",
        f"{outcome}{reason}\n\nThank you for applying to {scheme.title}.\n\n"
        f"Your application: {application_url(application)}",
    )
