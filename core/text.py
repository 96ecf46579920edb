"""Small rules about raw text that several apps apply to what users type."""

from __future__ import annotations

import unicodedata

# Control characters (newline, tab, bell...) and the Unicode line and paragraph separators.
LINE_BREAKING_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
# PostgreSQL's bigint; larger ids cannot exist and overflow the query.
MAX_ID = 2**63 - 1


def is_single_line(text: str) -> bool:
    return not any(unicodedata.category(char) in LINE_BREAKING_CATEGORIES for char in text)


def one_line(text: str) -> str:
    """Every run of whitespace and line-breaking characters becomes one space."""
    cleaned = "".join(
        " " if unicodedata.category(char) in LINE_BREAKING_CATEGORIES else char for char in text
    )
    return " ".join(cleaned.split())


def is_whole_number(text: str, *, maximum: int = MAX_ID) -> bool:
    """ASCII digits only, at most `maximum`: str.isdigit() also accepts "²" and Arabic-Indic
    digits, which int() rejects or reads as something else."""
    return text.isascii() and text.isdigit() and int(text) <= maximum
