"""The grants app's refusals, in the family of `core.errors`."""

from core.errors import Conflict, FieldErrors, Invalid, TooLarge, UnsupportedType

ROUND_CLOSED = "round_closed"
AMOUNT_OUT_OF_RANGE = "amount_out_of_range"
MISSING_ANSWER = "missing_answer"
INVALID_TRANSITION = "invalid_transition"
NOT_EDITABLE = "not_editable"

__all__ = [
    "ApplicationInvalid",
    "AttachmentTooLarge",
    "AttachmentUnsupported",
    "FieldErrors",
    "InvalidTransition",
    "NotEditable",
]


class InvalidTransition(Conflict):
    """The application's status does not allow this action."""

    code = INVALID_TRANSITION

    def __init__(self, message: str) -> None:
        super().__init__(message, field="status")


class NotEditable(Conflict):
    """Only drafts can be changed by their applicant."""

    code = NOT_EDITABLE

    def __init__(self, message: str) -> None:
        super().__init__(message, field="status")


class ApplicationInvalid(Invalid):
    """One or more fields fail the scheme's rules; `errors` is keyed by field."""

    def __init__(self, errors: FieldErrors, message: str = "") -> None:
        message = message or "The application is not valid: " + ", ".join(errors)
        super().__init__(message, errors=errors)


class AttachmentTooLarge(TooLarge):
    """The uploaded file is larger than GRANTS_ATTACHMENT_MAX_BYTES."""

    code = "file_too_large"


class AttachmentUnsupported(UnsupportedType):
    """The uploaded file is not a PDF, DOCX or ODT, or is unsafe to open."""
