from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from grants.models import GrantRound
from grants.status import RoundStatus, round_status, round_status_q
from tests.factories.grants import make_round, make_scheme

TOKYO = ZoneInfo("Asia/Tokyo")
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")

# Closes at 17:00 Tokyo time on 31 March = 09:00 in London (BST) = 04:00 in New York.
OPENS = datetime(2026, 3, 1, 9, 0, tzinfo=TOKYO)
CLOSES = datetime(2026, 3, 31, 17, 0, tzinfo=TOKYO)


def status(now, override=""):
    return round_status(opens_at=OPENS, closes_at=CLOSES, override=override, now=now)


def test_round_is_open_one_second_before_the_deadline_in_any_zone():
    just_before = CLOSES - timedelta(seconds=1)
    for zone in (TOKYO, LONDON, NEW_YORK):
        assert status(just_before.astimezone(zone)) == RoundStatus.OPEN


def test_round_is_closed_at_the_deadline_instant_however_it_is_written():
    assert status(datetime(2026, 3, 31, 9, 0, tzinfo=LONDON)) == RoundStatus.CLOSED
    assert status(datetime(2026, 3, 31, 4, 0, tzinfo=NEW_YORK)) == RoundStatus.CLOSED
    # Still 30 March in New York, yet the Tokyo deadline has passed.
    assert status(datetime(2026, 3, 30, 23, 0, tzinfo=NEW_YORK)) == RoundStatus.OPEN
    assert status(datetime(2026, 3, 31, 3, 59, tzinfo=NEW_YORK)) == RoundStatus.OPEN


def test_round_is_upcoming_before_it_opens_and_open_at_the_opening_instant():
    assert status(OPENS - timedelta(microseconds=1)) == RoundStatus.UPCOMING
    assert status(OPENS.astimezone(LONDON)) == RoundStatus.OPEN


def test_manual_override_wins_over_the_dates():
    middle = OPENS + timedelta(days=3)
    assert status(middle, override="paused") == RoundStatus.PAUSED
    assert status(middle, override="closed") == RoundStatus.CLOSED


@pytest.mark.django_db
def test_queryset_filter_agrees_with_the_function(home):
    scheme = make_scheme(home)
    for override in ("", "paused", "closed"):
        GrantRound.objects.create(
            scheme=scheme,
            name=f"r{override}",
            opens_at=OPENS,
            closes_at=CLOSES,
            status_override=override,
        )
    moments = [
        OPENS - timedelta(seconds=1),
        OPENS,
        CLOSES - timedelta(seconds=1),
        CLOSES,
        CLOSES + timedelta(days=1),
    ]
    for now in moments:
        for wanted in RoundStatus:
            by_query = set(
                GrantRound.objects.filter(round_status_q(wanted, now=now)).values_list(
                    "pk", flat=True
                )
            )
            by_function = {
                r.pk for r in GrantRound.objects.all() if r.status_at(now) == wanted
            }
            assert by_query == by_function, (now, wanted)


@pytest.mark.django_db
def test_round_property_uses_the_current_time(home):
    scheme = make_scheme(home)
    assert make_round(scheme, status="open").status == RoundStatus.OPEN
    assert make_round(scheme, status="upcoming").status == RoundStatus.UPCOMING
    assert make_round(scheme, status="closed").status == RoundStatus.CLOSED
