"""Finnish working days: not Saturday or Sunday, not a public holiday (from `holidays`).

Christmas Eve and Midsummer Eve are holidays here, as `holidays.Finland` lists them: they
are days off under the general collective agreements, and nobody answers a need on them.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

ANSWER_WORKING_DAYS = 10


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("FI", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days_after(day: date, count: int = ANSWER_WORKING_DAYS) -> date:
    """The `count`th working day after `day` (the day itself does not count: a need
    published on a Friday afternoon has the next two working weeks)."""
    current, left = day, count
    while left:
        current += timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current
