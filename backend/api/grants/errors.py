"""Grants domain errors as problem+json."""

from collections.abc import Iterator
from contextlib import contextmanager

from api.errors import ProblemError
from grants.exceptions import (
    ApplicationInvalid,
    AttachmentRejected,
    InvalidTransition,
    NotEditable,
)


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn the grants app's exceptions into ProblemErrors with stable codes."""
    try:
        yield
    except AttachmentRejected as exc:
        status = 413 if exc.code == "file_too_large" else 415
        raise ProblemError(
            status_code=status, code=exc.code, detail=exc.message, errors=_errors(exc)
        ) from exc
    except ApplicationInvalid as exc:
        raise ProblemError(
            status_code=400, code=exc.code, detail=exc.message, errors=_errors(exc)
        ) from exc
    except (InvalidTransition, NotEditable) as exc:
        raise ProblemError(
            status_code=409,
            code=exc.code,
            detail=exc.message,
            errors={"status": [{"code": exc.code, "message": exc.message}]},
        ) from exc


def _errors(exc: ApplicationInvalid) -> dict[str, list[dict[str, str]]]:
    return {
        field: [{"code": code, "message": message} for code, message in errs]
        for field, errs in exc.errors.items()
    }
