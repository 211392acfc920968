"""Domain errors of the grants app; the API turns them into problem+json."""

ROUND_CLOSED = "round_closed"
AMOUNT_OUT_OF_RANGE = "amount_out_of_range"
MISSING_ANSWER = "missing_answer"
INVALID_TRANSITION = "invalid_transition"
NOT_EDITABLE = "not_editable"

FieldErrors = dict[str, list[tuple[str, str]]]


class GrantsError(Exception):
    code = "grants_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidTransition(GrantsError):
    """The application's status does not allow this action."""

    code = INVALID_TRANSITION


class NotEditable(GrantsError):
    """Only drafts can be changed by their applicant."""

    code = NOT_EDITABLE


class ApplicationInvalid(GrantsError):
    """One or more fields fail the scheme's rules; `errors` is keyed by field."""

    code = "validation_error"

    def __init__(self, errors: FieldErrors, message: str = "") -> None:
        codes = {code for errs in errors.values() for code, _ in errs}
        self.code = codes.pop() if len(codes) == 1 else "validation_error"
        super().__init__(
            message or "The application is not valid: " + ", ".join(errors)
        )
        self.errors = errors


class AttachmentRejected(ApplicationInvalid):
    """The uploaded file is not an accepted document or is too large."""
