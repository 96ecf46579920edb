"""iCalendar (RFC 5545) text for one proposed event, written by hand: one VEVENT needs
no library, only the rules that clients enforce — CRLF line ends, lines folded at 75
octets, TEXT values escaped, a UID and a DTSTAMP in UTC."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    url: str = ""
    organizer: Attendee | None = None
    attendees: Iterable[Attendee] = field(default_factory=tuple)


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11): backslash first, then ; , and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _param(value: str) -> str:
    """A parameter value (CN): quoted, as it may hold , ; or :; DQUOTE cannot be escaped."""
    return '"' + value.replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets (RFC 5545 3.1), never inside
    a UTF-8 sequence; each continuation starts with one space."""
    parts: list[str] = []
    current, size = "", 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = MAX_OCTETS - 1  # the leading space of a continuation counts
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _address(person: Attendee) -> str:
    return f"CN={_param(person.name)}:mailto:{person.email}"


def calendar(event: CalendarEvent, *, product: str, stamp: datetime) -> str:
    """A VCALENDAR with one VEVENT, METHOD:PUBLISH (a proposal to import, not an invitation
    a server tracks)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape_text(product)}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(event.start)}",
        f"DTEND:{_utc(event.end)}",
        f"SUMMARY:{escape_text(event.summary)}",
        "STATUS:TENTATIVE",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.organizer:
        lines.append(f"ORGANIZER;{_address(event.organizer)}")
    for attendee in event.attendees:
        lines.append(f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;{_address(attendee)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines)
