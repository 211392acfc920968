"""Which fee region a member's country falls in: the one place that decides."""

from django.db import models

from core.choices import Currency


class Region(models.TextChoices):
    UK = "uk", "United Kingdom"
    EUROPE = "europe", "Europe (EU/EEA and Switzerland)"
    INTERNATIONAL = "international", "Rest of the world"


HOME_COUNTRIES = frozenset({"GB", "GG", "JE", "IM"})
# EU member states, the rest of the EEA, and Switzerland.
EUROPE_COUNTRIES = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
        "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK",
        "SI", "ES", "SE", "IS", "LI", "NO", "CH",
    }
)  # fmt: skip

# The currency a member in each region pays in unless they choose another.
DEFAULT_CURRENCY = {
    Region.UK: Currency.GBP,
    Region.EUROPE: Currency.EUR,
    Region.INTERNATIONAL: Currency.USD,
}


def region_for_country(country_code: str) -> Region:
    code = country_code.upper()
    if code in HOME_COUNTRIES:
        return Region.UK
    if code in EUROPE_COUNTRIES:
        return Region.EUROPE
    return Region.INTERNATIONAL
