"""One family of errors for a request the rules refuse.

Services, selectors and the API's own parsing raise these; none of them
names an HTTP status. `api.errors` maps each kind to its status in one table,
and the Wagtail admin shows `message` on the form it came from.

    raise Conflict("Only a draft can be changed.", code="not_editable", field="status")
"""

# Field name -> [(code, message)]; "field.sub" and "items[2].name" for nesting.
FieldErrors = dict[str, list[tuple[str, str]]]


class DomainError(Exception):
    """A refusal with a stable machine-readable `code` and optional field errors."""

    code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        errors: FieldErrors | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if errors is None and field is not None:
            errors = {field: [(self.code, message)]}
        self.errors: FieldErrors = {
            name: list(entries) for name, entries in (errors or {}).items()
        }

    @property
    def field(self) -> str | None:
        """The first field the refusal names, if any."""
        return next(iter(self.errors), None)


class Invalid(DomainError):
    """The input breaks a rule (a missing answer, an unknown country)."""

    code = "validation_error"

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        field: str | None = None,
        errors: FieldErrors | None = None,
    ) -> None:
        if code is None and errors:
            # One code across every field error is the problem's code too.
            codes = {c for entries in errors.values() for c, _ in entries}
            code = codes.pop() if len(codes) == 1 else None
        if not message:
            message = (
                "Invalid input: " + ", ".join(errors) if errors else "Invalid input."
            )
        super().__init__(message, code=code, field=field, errors=errors)


class TooLarge(Invalid):
    """The uploaded file or body is larger than allowed."""

    code = "too_large"


class UnsupportedType(Invalid):
    """The uploaded file is not of an accepted type (or is unsafe to open)."""

    code = "unsupported_type"


class NotPermitted(DomainError):
    """The person may not do this."""

    code = "permission_denied"


class NotFound(DomainError):
    """Nothing the person may see has this identity."""

    code = "not_found"


class Conflict(DomainError):
    """The thing's current state does not allow this (a decided application)."""

    code = "conflict"


class Gone(DomainError):
    """What was asked for existed but is no longer kept (an expired cursor)."""

    code = "gone"


class Unprocessable(DomainError):
    """Well-formed but contradicts an earlier request (a reused idempotency key)."""

    code = "unprocessable"
