from decimal import Decimal

import pytest

from core.money import format_minor, format_money


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (Decimal("1400.00"), "GBP", "£1,400.00"),
        (Decimal("45"), "EUR", "€45.00"),
        (Decimal("0.5"), "USD", "US$0.50"),
        (Decimal("12"), "CHF", "12.00 CHF"),
        (None, "GBP", ""),
    ],
)
def test_amounts_are_shown_with_their_currency(amount, currency, shown):
    assert format_money(amount, currency) == shown


def test_minor_units_are_shown_as_major_units():
    assert format_minor(6000, "GBP") == "£60.00"
    assert format_minor(None, "GBP") == ""
