"""Award status cannot contradict itself: every combination of status and fields."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError

from content.models import AwardPage, AwardStatus

FILLED = {
    "status_reason": "Pending review and fundraising.",
    "expected_reopening": datetime.date(2020, 12, 31),
    "expected_reopening_label": "by the end of 2020",
    "last_year": 2017,
    "apply_url": "https://example.org/apply",
}

# The fields each status must not carry, and the ones it needs.
FORBIDDEN = {
    AwardStatus.OPEN: {
        "status_reason",
        "expected_reopening",
        "expected_reopening_label",
        "last_year",
    },
    AwardStatus.CLOSED: set(),
    AwardStatus.SUSPENDED: set(),
}
REQUIRED = {
    AwardStatus.OPEN: {"apply_url": "how_to_apply"},
    AwardStatus.CLOSED: {},
    AwardStatus.SUSPENDED: {"status_reason": "status_reason"},
}

pytestmark = pytest.mark.django_db

CASES = [
    (status, frozenset(name for name, on in zip(FILLED, flags, strict=True) if on))
    for status in AwardStatus
    for flags in itertools.product([False, True], repeat=len(FILLED))
]


def _expected_errors(status: AwardStatus, filled: frozenset[str]) -> set[str]:
    errors = FORBIDDEN[status] & filled
    errors |= {key for need, key in REQUIRED[status].items() if need not in filled}
    return errors


@pytest.mark.parametrize(
    ("status", "filled"),
    CASES,
    ids=[f"{s.value}-{'+'.join(sorted(f)) or 'nothing'}" for s, f in CASES],
)
def test_award_clean_rejects_each_contradiction_as_a_field_error(status, filled):
    page = AwardPage(
        title="Travelling Librarian Award",
        slug="travelling-librarian",
        status=status,
        first_year=2008,
        **{name: FILLED[name] for name in filled},
    )
    expected = _expected_errors(status, filled)
    if not expected:
        page.clean()
        return
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert set(excinfo.value.message_dict) == expected
