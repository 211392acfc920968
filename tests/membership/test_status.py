from datetime import date

import pytest

from membership.regions import Region, region_for_country
from membership.status import MembershipStatus, StatusInputs, compute_status

START, END = date(2025, 1, 1), date(2025, 12, 31)


def _status(today: date, **overrides) -> MembershipStatus:
    inputs = {"start_date": START, "end_date": END, "grace_days": 30, **overrides}
    return compute_status(StatusInputs(**inputs), today=today)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 12, 31), MembershipStatus.PENDING),
        (START, MembershipStatus.ACTIVE),
        (date(2025, 6, 1), MembershipStatus.ACTIVE),
        (END, MembershipStatus.ACTIVE),
        (date(2026, 1, 1), MembershipStatus.GRACE),
        (date(2026, 1, 30), MembershipStatus.GRACE),
        (date(2026, 1, 31), MembershipStatus.EXPIRED),
    ],
)
def test_status_moves_from_pending_through_active_and_grace_to_expired(today, expected):
    assert _status(today) == expected


def test_unapproved_membership_is_pending_whatever_the_day():
    assert _status(date(2030, 1, 1), start_date=None, end_date=None) == "pending"


def test_rejection_and_cancellation_win_over_dates():
    assert _status(date(2025, 6, 1), rejected=True) == "rejected"
    assert _status(date(2025, 6, 1), cancelled=True) == "cancelled"


def test_staff_override_wins_over_everything():
    assert _status(date(2030, 1, 1), override="active") == "active"
    assert _status(date(2025, 6, 1), override="expired", rejected=True) == "expired"


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("GB", Region.UK),
        ("gb", Region.UK),
        ("FR", Region.EUROPE),
        ("NO", Region.EUROPE),
        ("GH", Region.INTERNATIONAL),
        ("US", Region.INTERNATIONAL),
    ],
)
def test_region_comes_from_country(country, region):
    assert region_for_country(country) == region
