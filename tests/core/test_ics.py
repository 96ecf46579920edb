"""The iCalendar text we write ourselves follows RFC 5545's rules that clients enforce."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.ics import Attendee, CalendarEvent, calendar, escape_text, fold


def _event(**overrides):
    start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    values = {
        "uid": "match-7-first-call@example.org",
        "start": start,
        "end": start + timedelta(minutes=30),
        "summary": "First call: welding, testing; cold",
        "description": "Line one\nLine two \\ end",
        "organizer": Attendee("Coordinator, Lapland", "c@example.org"),
        "attendees": [Attendee('Ann "A" Äijälä', "ann@example.org")],
    }
    return CalendarEvent(**{**values, **overrides})


def test_every_line_ends_in_crlf_and_the_event_has_uid_and_utc_stamps():
    text = calendar(_event(), product="TKI-silta", stamp=datetime(2026, 11, 28, 9, 5, tzinfo=UTC))
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VCALENDAR" in lines
    assert "UID:match-7-first-call@example.org" in lines
    assert "DTSTAMP:20261128T090500Z" in lines
    assert "DTSTART:20261201T080000Z" in lines and "DTEND:20261201T083000Z" in lines


def test_text_values_are_escaped():
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    text = calendar(_event(), product="TKI-silta", stamp=datetime(2026, 11, 28, tzinfo=UTC))
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:First call: welding\\, testing\\; cold" in unfolded
    assert "DESCRIPTION:Line one\\nLine two \\\\ end" in unfolded
    assert 'ORGANIZER;CN="Coordinator, Lapland":mailto:c@example.org' in unfolded
    assert "CN=\"Ann 'A' Äijälä\":mailto:ann@example.org" in unfolded


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "ä" * 100
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line
