"""The Paris calendar and the age bounds (bot.common.dates, bot.common.ages)."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.common.ages import RESIDENT_AGE_MAX, RESIDENT_AGE_MIN, SERVICE_AGE_MAX
from bot.common.dates import PARIS, months_before, paris_time


@pytest.mark.parametrize("day, months, before", [
    (date(2025, 5, 2), 12, date(2024, 5, 2)),
    (date(2025, 5, 2), 6, date(2024, 11, 2)),
    (date(2025, 3, 31), 1, date(2025, 2, 28)),  # no 31 February: the month's last day
    (date(2024, 3, 31), 1, date(2024, 2, 29)),  # leap year
    (date(2025, 5, 31), 1, date(2025, 4, 30)),
    (date(2025, 1, 15), 1, date(2024, 12, 15)),
    (date(2025, 1, 15), 0, date(2025, 1, 15)),
])
def test_months_before(day: date, months: int, before: date):
    assert months_before(day, months) == before


def test_paris_time():
    summer_noon_utc = datetime(2025, 6, 2, 12, 0, tzinfo=timezone.utc)
    assert paris_time(summer_noon_utc).hour == 14  # CEST, UTC+2
    assert paris_time(datetime(2025, 1, 6, 12, 0, tzinfo=timezone.utc)).hour == 13  # CET, UTC+1
    naive = datetime(2025, 6, 2, 10, 0)
    assert paris_time(naive) == datetime(2025, 6, 2, 10, 0, tzinfo=PARIS)  # read as Paris time
    assert paris_time().tzinfo is PARIS


def test_age_bounds():
    assert (RESIDENT_AGE_MIN, RESIDENT_AGE_MAX) == (14, 99)
    # A service may describe people the bot does not talk with: its bound is wider on purpose.
    assert SERVICE_AGE_MAX >= RESIDENT_AGE_MAX
