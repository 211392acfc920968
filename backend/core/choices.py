from django.db import models


class Currency(models.TextChoices):
    """Currencies the association charges fees and awards grants in (ISO 4217)."""

    GBP = "GBP", "Pound sterling (GBP)"
    EUR = "EUR", "Euro (EUR)"
    USD = "USD", "US dollar (USD)"
