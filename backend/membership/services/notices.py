"""The emails a member receives about their membership."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from core.tasks import queue_email


def notify(*, user: AbstractBaseUser, subject: str, body: str) -> None:
    """Email the member (on commit, by the task worker), linking their page."""
    email = getattr(user, "email", "")
    if not email:
        return
    body = f"{body.rstrip()}\n\nYour membership: {settings.FRONTEND_MEMBERSHIP_URL}\n"
    queue_email(to=[email], subject=subject, body=body)
