from __future__ import annotations

from datetime import date

from core.dates import iso_week


def test_iso_week_names_the_iso_year_and_a_two_digit_week():
    assert iso_week(date(2025, 1, 6)) == "2025-W02"
    # Sunday 3 January 2021 still belongs to the last ISO week of 2020.
    assert iso_week(date(2021, 1, 3)) == "2020-W53"
    assert iso_week(date(2024, 12, 30)) == "2025-W01"
