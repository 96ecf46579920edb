"""Parsing raw request values that no form validates: a malformed one is a 400, not a 500."""

from __future__ import annotations

from django.core.exceptions import BadRequest

from .text import MAX_ID, is_whole_number


def parse_int(value: str | None, *, name: str, maximum: int = MAX_ID) -> int | None:
    """An optional non-negative integer in ASCII digits ("" and None give None)."""
    if value is None or value == "":
        return None
    if not is_whole_number(value, maximum=maximum):
        raise BadRequest(f"{name} must be a whole number between 0 and {maximum}.")
    return int(value)


def parse_id(value: str | None, *, name: str) -> int:
    """A required object id from a form field or query parameter."""
    parsed = parse_int(value, name=name)
    if parsed is None:
        raise BadRequest(f"{name} is required.")
    return parsed
