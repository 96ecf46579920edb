"""A work plan's content: its parts, the line formats of the editing form, the budget sum.

The content is one JSON document so that each saved version is a complete copy:

    objectives        text
    work_packages     [{title, description, months}]
    partners          [{name, role}]
    trl_start         int | None
    trl_target        int | None
    budget            [{item, partner, amount}]     amount: whole euros
    schedule          [{when, milestone}]
    results           text
    indicators        [text]
    sections          {heading: text}   the instrument's application headings, in order
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.text import is_single_line

SEPARATOR = "|"
MAX_ROWS = 50
MAX_CELL = 2000
MAX_AMOUNT = 1_000_000_000

# The row fields of each table, in the order they are written on a line.
TABLES: dict[str, tuple[str, ...]] = {
    "work_packages": ("title", "description", "months"),
    "partners": ("name", "role"),
    "budget": ("item", "partner", "amount"),
    "schedule": ("when", "milestone"),
}


def empty_content() -> dict[str, Any]:
    return {
        "objectives": "",
        "work_packages": [],
        "partners": [],
        "trl_start": None,
        "trl_target": None,
        "budget": [],
        "schedule": [],
        "results": "",
        "indicators": [],
        "sections": {},
    }


def budget_total(content: dict[str, Any]) -> int:
    return sum(int(row.get("amount") or 0) for row in content.get("budget") or [])


def budget_by_partner(content: dict[str, Any]) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    for row in content.get("budget") or []:
        partner = row.get("partner") or ""
        totals[partner] = totals.get(partner, 0) + int(row.get("amount") or 0)
    return sorted(totals.items())


def table_to_lines(content: dict[str, Any], table: str) -> str:
    """A table as the editing form shows it: one row a line, cells separated by |."""
    names = TABLES[table]
    return "\n".join(
        f" {SEPARATOR} ".join(str(row.get(name, "") or "") for name in names).strip()
        for row in content.get(table) or []
    )


def _amount(text: str) -> int | None:
    digits = text.replace(" ", "").replace("\u00a0", "").replace("€", "").replace(",", "")
    digits = digits.removesuffix(".00")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 10:
        return None
    value = int(digits)
    return value if value <= MAX_AMOUNT else None


def parse_table(table: str, text: str) -> list[dict[str, Any]]:
    """Lines into rows; a ValidationError on `table` names each line that is wrong."""
    names = TABLES[table]
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_ROWS:
        raise ValidationError({table: [_("Give at most %(count)s rows.") % {"count": MAX_ROWS}]})
    for number, line in enumerate(lines, start=1):
        cells = [cell.strip() for cell in line.split(SEPARATOR)]
        if len(cells) > len(names):
            errors.append(
                _("Line %(line)s: at most %(count)s parts separated by |.")
                % {"line": number, "count": len(names)}
            )
            continue
        cells += [""] * (len(names) - len(cells))
        row: dict[str, Any] = dict(zip(names, cells, strict=True))
        if any(len(cell) > MAX_CELL for cell in cells):
            errors.append(_("Line %(line)s is too long.") % {"line": number})
            continue
        if not row[names[0]]:
            errors.append(_("Line %(line)s: the first part is empty.") % {"line": number})
            continue
        if table == "budget":
            amount = _amount(row["amount"])
            if amount is None:
                errors.append(
                    _("Line %(line)s: the amount must be whole euros, e.g. 12 500.")
                    % {"line": number}
                )
                continue
            row["amount"] = amount
        rows.append(row)
    if errors:
        raise ValidationError({table: errors})
    return rows


def parse_indicators(text: str) -> list[str]:
    return [line.strip()[:MAX_CELL] for line in (text or "").splitlines() if line.strip()][
        :MAX_ROWS
    ]


def clean_content(raw: dict[str, Any], headings: list[str]) -> dict[str, Any]:
    """Check a whole content document (from the form or the API) and return a clean copy."""
    content = empty_content()
    errors: dict[str, list[str]] = {}
    for key in ("objectives", "results"):
        value = str(raw.get(key) or "")
        if len(value) > 8000:
            errors[key] = [_("Write at most 8000 characters.")]
        content[key] = value
    for key in ("trl_start", "trl_target"):
        given: Any = raw.get(key)
        if given in (None, ""):
            continue
        try:
            level = int(given)
        except (TypeError, ValueError):
            level = 0
        if not 1 <= level <= 9:
            errors[key] = [_("A TRL is a whole number from 1 to 9.")]
        content[key] = level
    if (
        isinstance(content["trl_start"], int)
        and isinstance(content["trl_target"], int)
        and content["trl_target"] < content["trl_start"]
    ):
        errors.setdefault("trl_target", []).append(_("The target TRL cannot be below the start."))
    for table in TABLES:
        rows: Any = raw.get(table) or []
        try:
            if isinstance(rows, str):
                content[table] = parse_table(table, rows)
            else:
                lines = "\n".join(
                    f" {SEPARATOR} ".join(
                        str(row.get(n, "") or "").replace(SEPARATOR, "/") for n in TABLES[table]
                    )
                    for row in rows
                    if isinstance(row, dict)
                )
                content[table] = parse_table(table, lines)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    indicators = raw.get("indicators") or []
    content["indicators"] = (
        parse_indicators(indicators)
        if isinstance(indicators, str)
        else parse_indicators("\n".join(str(i) for i in indicators))
    )
    sections = raw.get("sections") or {}
    content["sections"] = {heading: str(sections.get(heading) or "")[:8000] for heading in headings}
    if errors:
        raise ValidationError(errors)
    return content


def clean_headings(raw: Any) -> list[str]:
    if not isinstance(raw, list):
        raise ValidationError({"application_headings": [_("Give a list of headings.")]})
    headings = [str(h).strip() for h in raw if str(h).strip()]
    bad = [h for h in headings if len(h) > 200 or not is_single_line(h)]
    if bad or len(headings) > 30:
        raise ValidationError(
            {"application_headings": [_("Each heading is one line of at most 200 characters.")]}
        )
    return list(dict.fromkeys(headings))


def ordered_sections(content: dict[str, Any], headings: list[str]) -> list[tuple[str, str]]:
    """The sections in the instrument's heading order, then any others alphabetically:
    PostgreSQL's jsonb keeps no key order, so the stored order cannot be trusted."""
    sections = dict(content.get("sections") or {})
    ordered = [(h, str(sections.get(h) or "")) for h in headings if h in sections]
    rest = sorted((h, str(t or "")) for h, t in sections.items() if h not in headings)
    return ordered + rest
