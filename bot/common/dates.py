"""The bot's calendar: Paris time (the residents' and the staff's) and month arithmetic."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris_time(moment: Optional[datetime] = None) -> datetime:
    """`moment` in Paris time (now when None; a naive time is read as Paris time)."""
    if moment is None:
        return datetime.now(PARIS)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier, or the month's last day (31 March - 1 → 28/29 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
