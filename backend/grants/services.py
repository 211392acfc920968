"""Every write to applications: drafts, attachments, transitions and decisions.

Each service runs in one transaction, locks the application row, re-checks
the rules against the locked state and records the transition in the audit
trail; emails go out through django-tasks only once the transaction commits.
"""

import os
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core.tasks import queue_email

from . import emails
from .answers import validate_answers
from .exceptions import (
    AMOUNT_OUT_OF_RANGE,
    ROUND_CLOSED,
    ApplicationInvalid,
    AttachmentTooLarge,
    AttachmentUnsupported,
    FieldErrors,
    InvalidTransition,
    NotEditable,
)
from .files import EXTENSIONS, detect_document_type, unsafe_archive_reason
from .models import Application, ApplicationAttachment, ApplicationEvent, GrantRound
from .signals import application_awarded
from .status import RoundStatus
from .workflow import EDITABLE_STATUSES, TRANSITIONS, can_transition

# What an applicant may set on a draft.
EDITABLE_FIELDS = (
    "round",
    *Application.ORGANISATION_FIELDS,
    "project_title",
    "summary",
    "partners",
    "amount_requested",
    "answers",
)
# What must be filled in before a draft can be submitted.
REQUIRED_ON_SUBMIT = (
    "organisation_name",
    "organisation_type",
    "organisation_country",
    "project_title",
    "summary",
    "amount_requested",
)


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("round__scheme", "applicant")
        .get(pk=application.pk)
    )


def _require_owner(application: Application, user: User) -> None:
    if application.applicant_id != user.pk:
        raise PermissionDenied("Not your application.")


def _own_draft(application: Application, user: User, *, refused: str) -> Application:
    """The applicant's application, locked, if it is still a draft; else `refused`."""
    application = _lock(application)
    _require_owner(application, user)
    if application.status not in EDITABLE_STATUSES:
        raise NotEditable(refused)
    return application


def _transition(
    application: Application,
    name: str,
    *,
    actor: User | None,
    now: datetime,
    note: str = "",
) -> None:
    transition = TRANSITIONS[name]
    if not can_transition(application.status, name):
        raise InvalidTransition(
            f"Cannot {transition.label.lower()} an application that is "
            f"{application.get_status_display().lower()}."
        )
    ApplicationEvent.objects.create(
        application=application,
        transition=name,
        from_status=application.status,
        to_status=transition.target,
        actor=actor,
        note=note,
        at=now,
    )
    application.status = transition.target


def _notify(application: Application, subject: str, body: str) -> None:
    email = application.applicant_email
    if email:
        queue_email(to=[email], subject=subject, body=body)


def _check_draft_data(
    application: Application, data: dict[str, Any], *, now: datetime
) -> None:
    errors: FieldErrors = {}
    round_: GrantRound = data.get("round") or application.round
    if (
        "round" in data
        and data["round"].pk != application.round_id
        and (round_.status_at(now) == RoundStatus.CLOSED)
    ):
        errors["round"] = [(ROUND_CLOSED, "This round is closed.")]
    if "answers" in data or "round" in data:
        errors.update(
            validate_answers(
                questions=round_.scheme.questions,
                answers=data.get("answers", application.answers),
                attachment_ids=set(application.attachments.values_list("pk", flat=True))
                if application.pk
                else set(),
                require_complete=False,
            )
        )
    if errors:
        raise ApplicationInvalid(errors)


@transaction.atomic
def application_create(
    *, applicant: User, data: dict[str, Any], now: datetime
) -> Application:
    """Start a draft for a round that is not closed."""
    application = Application(applicant=applicant, created_at=now)
    _apply(application, data, now=now)
    application.save()
    return application


def _apply(application: Application, data: dict[str, Any], *, now: datetime) -> None:
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "round" not in data and application.round_id is None:
        raise ApplicationInvalid({"round": [("required", "Choose a round.")]})
    _check_draft_data(application, data, now=now)
    for field, value in data.items():
        setattr(application, field, value)


@transaction.atomic
def application_update(
    *,
    application: Application,
    user: User,
    data: dict[str, Any],
    now: datetime,
) -> Application:
    """Change a draft; anything else is no longer the applicant's to edit."""
    application = _own_draft(application, user, refused="Only a draft can be changed.")
    _apply(application, data, now=now)
    application.save()
    return application


@transaction.atomic
def attachment_add(
    *,
    application: Application,
    user: User,
    file: UploadedFile,
    now: datetime,
) -> ApplicationAttachment:
    """Store a PDF, DOCX or ODT (checked by content and size) on a draft."""
    application = _own_draft(
        application, user, refused="Attachments can only be added to a draft."
    )
    limit = settings.GRANTS_ATTACHMENT_MAX_BYTES
    if file.size is None or file.size > limit:
        raise AttachmentTooLarge(f"Files may be at most {limit} bytes.", field="file")
    unsafe = unsafe_archive_reason(file)
    if unsafe:
        raise AttachmentUnsupported(unsafe, code="unsafe_archive", field="file")
    content_type = detect_document_type(file)
    if content_type is None:
        raise AttachmentUnsupported(
            "Upload a PDF, Word (DOCX) or OpenDocument (ODT) file.",
            code="unsupported_file_type",
            field="file",
        )
    original = os.path.basename(file.name or "document")[:255] or "document"
    attachment = ApplicationAttachment(
        application=application,
        original_name=original,
        content_type=content_type,
        size=file.size,
        uploaded_at=now,
    )
    attachment.file.save(
        f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}", file, save=False
    )
    # If the row cannot be written, don't leave the file behind.
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    application.save(update_fields=["updated_at"])
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: ApplicationAttachment, user: User) -> None:
    """Remove an attachment from a draft, and any answer that pointed at it."""
    application = _own_draft(
        attachment.application,
        user,
        refused="Attachments can only be removed from a draft.",
    )
    application.answers = {
        key: value
        for key, value in application.answers.items()
        if not (isinstance(value, int) and value == attachment.pk)
    }
    application.save(update_fields=["answers", "updated_at"])
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def application_submit(
    *, application: Application, user: User, now: datetime
) -> Application:
    """Validate completeness, the amount and the round's deadline, then submit."""
    application = _lock(application)
    _require_owner(application, user)
    if not can_transition(application.status, "submit"):
        _transition(application, "submit", actor=user, now=now)  # raises
    scheme = application.round.scheme
    errors: FieldErrors = {}
    round_status = application.round.status_at(now)
    if round_status != RoundStatus.OPEN:
        errors["round"] = [
            (ROUND_CLOSED, f"The round is {round_status.label.lower()}, not open.")
        ]
    for field in REQUIRED_ON_SUBMIT:
        if getattr(application, field) in (None, ""):
            errors[field] = [("required", "Required before submitting.")]
    amount = application.amount_requested
    if amount is not None and not (
        scheme.minimum_amount <= amount <= scheme.maximum_amount
    ):
        errors["amount_requested"] = [
            (
                AMOUNT_OUT_OF_RANGE,
                f"Must be between {scheme.minimum_amount} and "
                f"{scheme.maximum_amount} {scheme.currency}.",
            )
        ]
    errors.update(
        validate_answers(
            questions=scheme.questions,
            answers=application.answers,
            attachment_ids=set(application.attachments.values_list("pk", flat=True)),
            require_complete=True,
        )
    )
    if errors:
        raise ApplicationInvalid(errors)
    _transition(application, "submit", actor=user, now=now)
    application.submitted_at = now
    application.save()
    _notify(application, *emails.submitted(application))
    return application


@transaction.atomic
def application_withdraw(
    *, application: Application, user: User, now: datetime
) -> Application:
    application = _lock(application)
    _require_owner(application, user)
    _transition(application, "withdraw", actor=user, now=now)
    application.save()
    return application


@transaction.atomic
def application_start_review(
    *, application: Application, staff: User, now: datetime
) -> Application:
    application = _lock(application)
    _transition(application, "start_review", actor=staff, now=now)
    application.save()
    return application


@transaction.atomic
def application_award(
    *,
    application: Application,
    staff: User,
    amount: Decimal,
    now: datetime,
    reason: str = "",
) -> Application:
    """Award up to the scheme's maximum; the decision date is `now`."""
    application = _lock(application)
    scheme = application.round.scheme
    if not can_transition(application.status, "award"):
        _transition(application, "award", actor=staff, now=now)  # raises
    if not (Decimal("0") < amount <= scheme.maximum_amount):
        raise ApplicationInvalid(
            {
                "amount_awarded": [
                    (
                        AMOUNT_OUT_OF_RANGE,
                        f"Must be more than 0 and at most {scheme.maximum_amount} "
                        f"{scheme.currency}.",
                    )
                ]
            }
        )
    _transition(application, "award", actor=staff, now=now, note=reason)
    application.amount_awarded = amount
    application.decided_at = now
    application.decision_reason = reason
    application.save()
    application_awarded.send(Application, application=application)
    _notify(application, *emails.decided(application))
    return application


@transaction.atomic
def application_decline(
    *,
    application: Application,
    staff: User,
    reason: str,
    now: datetime,
) -> Application:
    """Decline with a reason the applicant will read."""
    application = _lock(application)
    if not can_transition(application.status, "decline"):
        _transition(application, "decline", actor=staff, now=now)  # raises
    if not reason.strip():
        raise ApplicationInvalid(
            {"decision_reason": [("required", "Give the applicant a reason.")]}
        )
    _transition(application, "decline", actor=staff, now=now, note=reason)
    application.decided_at = now
    application.decision_reason = reason.strip()
    application.save()
    _notify(application, *emails.decided(application))
    return application
