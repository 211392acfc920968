from django.core.exceptions import ValidationError
from django.db import models


def require_some_of(
    chosen: list[str], choices: type[models.TextChoices], *, field: str
) -> None:
    """At least one value, each one of `choices`; else a ValidationError on `field`."""
    allowed = choices.values
    if not chosen or set(chosen) - set(allowed):
        raise ValidationError({field: f"Choose one or more of {', '.join(allowed)}."})


class Currency(models.TextChoices):
    """Currencies the association charges fees and awards grants in (ISO 4217)."""

    GBP = "GBP", "Pound sterling (GBP)"
    EUR = "EUR", "Euro (EUR)"
    USD = "USD", "US dollar (USD)"
