"""Amounts as staff read them: "£1,400.00", "€45.00", "US$60.00"."""

from decimal import Decimal

from .choices import Currency

# "US$" rather than "$": members pay from many dollar countries.
SYMBOLS: dict[str, str] = {Currency.GBP: "£", Currency.EUR: "€", Currency.USD: "US$"}
MINOR_UNITS = 100  # every currency in `Currency` has two decimal places


def format_money(amount: Decimal | int | None, currency: str) -> str:
    """An amount with its currency's symbol (or its code), or "" for none."""
    if amount is None:
        return ""
    number = f"{Decimal(amount):,.2f}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def format_minor(amount_minor: int | None, currency: str) -> str:
    """An amount stored in minor units (pence, cents): 6000 GBP is "£60.00"."""
    if amount_minor is None:
        return ""
    return format_money(Decimal(amount_minor) / MINOR_UNITS, currency)
