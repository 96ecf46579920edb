"""Calendar helpers shared by every app."""

from __future__ import annotations

from datetime import date


def iso_week(day: date) -> str:
    """The ISO week of `day` as "2025-W03": the period of anything sent at most weekly."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"
