"""Check answers against a scheme's questions (the StreamField `questions`)."""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from .exceptions import MISSING_ANSWER, FieldErrors


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _check_one(
    kind: str, spec: Any, value: Any, attachment_ids: set[int]
) -> str | None:
    """The problem with one non-empty answer, or None."""
    if kind == "short_text":
        if not isinstance(value, str):
            return "Must be text."
        if len(value) > spec["max_length"]:
            return f"Must be at most {spec['max_length']} characters."
    elif kind == "long_text":
        if not isinstance(value, str):
            return "Must be text."
        words = len(value.split())
        if words > spec["word_limit"]:
            return f"Must be at most {spec['word_limit']} words (has {words})."
    elif kind == "choice":
        options = list(spec["choices"])
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not spec["allow_multiple"]:
            return "Choose one option."
        if not all(isinstance(v, str) and v in options for v in values):
            return "Choose from: " + ", ".join(options) + "."
    elif kind == "date":
        try:
            datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return "Must be a date as YYYY-MM-DD."
    elif kind == "number":
        if isinstance(value, bool):
            return "Must be a number."
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return "Must be a number."
        if not number.is_finite():
            return "Must be a number."
        if spec["min_value"] is not None and number < spec["min_value"]:
            return f"Must be at least {spec['min_value']}."
        if spec["max_value"] is not None and number > spec["max_value"]:
            return f"Must be at most {spec['max_value']}."
    elif kind == "file":
        if isinstance(value, bool) or not isinstance(value, int):
            return "Must be the id of an attachment of this application."
        if value not in attachment_ids:
            return "No such attachment on this application."
    return None


MAX_REPORTED_UNKNOWN = 20


def validate_answers(
    *,
    questions: Iterable[Any],
    answers: dict[str, Any],
    attachment_ids: set[int],
    require_complete: bool,
) -> FieldErrors:
    """Errors keyed `answers.<question id>`; missing required ones only if asked."""
    errors: FieldErrors = {}
    by_id = {block.id: block for block in questions}
    unknown = [key for key in answers if key not in by_id]
    # A client that sends 180,000 unknown keys gets the first few named, not a
    # 16 MB error (and the seconds it took to build).
    for key in unknown[:MAX_REPORTED_UNKNOWN]:
        errors[f"answers.{key}"] = [("unknown_question", "No such question.")]
    if len(unknown) > MAX_REPORTED_UNKNOWN:
        errors["answers"] = [
            (
                "unknown_question",
                f"{len(unknown)} answers are to no question of this scheme; "
                f"the first {MAX_REPORTED_UNKNOWN} are named.",
            )
        ]
    for question_id, block in by_id.items():
        value = answers.get(question_id)
        if _empty(value):
            if require_complete and block.value["required"]:
                errors[f"answers.{question_id}"] = [
                    (MISSING_ANSWER, f"Answer “{block.value['label']}”.")
                ]
            continue
        problem = _check_one(block.block_type, block.value, value, attachment_ids)
        if problem:
            errors[f"answers.{question_id}"] = [("invalid", problem)]
    return errors
