"""Import the catalogue from a CSV or Excel (XLSX) file, all rows or none.

The first row names the columns (the field names below). A row whose `slug` exists updates
that instrument; any other row creates one. Every row is checked; if any is wrong nothing is
saved and the report lists each wrong row with its field and the reason.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.domain import require_perm
from taxonomy.models import PriorityArea, Region

from . import actions
from .models import FundingInstrument

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000

# A file's columns are the catalogue's own fields, under the same names.
COLUMNS = actions.INSTRUMENT_FIELDS
REQUIRED = ("funder", "name", "slug", "summary")
LISTS = ("eligible_kinds", "eligible_sizes", "languages")
NUMBERS = (
    "trl_min",
    "trl_max",
    "project_min_eur",
    "project_max_eur",
    "funding_rate_min",
    "funding_rate_max",
)
YES = {"yes", "kyllä", "true", "1", "x"}
NO = {"no", "ei", "false", "0"}


@dataclass
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why, in the user's language."""


def read_rows(upload: IO[bytes], filename: str) -> list[dict[str, str]]:
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 2 MB."))
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(data)
    if filename.lower().endswith(".csv"):
        return _csv_rows(data)
    raise ImportFileError(_("Give a .csv or an .xlsx file."))


def _xlsx_rows(data: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ImportFileError(_("The file is not a readable Excel workbook.")) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(rows, ())]
    result: list[dict[str, str]] = []
    for values in rows:
        if len(result) > MAX_ROWS:
            break
        cells = {name: _cell(value) for name, value in zip(header, values, strict=False) if name}
        if any(cells.values()):
            result.append(cells)
    workbook.close()
    return _checked(header, result)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("Save the CSV file as UTF-8.")) from exc
    if "\x00" in text:
        raise ImportFileError(_("The file is not a text file."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    result: list[dict[str, str]] = []
    for row in reader:
        if len(result) > MAX_ROWS:
            break
        cells = {k: (v or "").strip() for k, v in row.items() if k}
        if any(cells.values()):
            result.append(cells)
    return _checked(header, result)


def _checked(header: list[str], rows: list[dict[str, str]]) -> list[dict[str, str]]:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise ImportFileError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("Give at most %(count)s rows.") % {"count": MAX_ROWS})
    return rows


def _split(text: str, separator: str = ",") -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


def _tristate(name: str, text: str) -> bool | None:
    value = text.strip().lower()
    if value in ("", "unknown", "ei tiedossa", "?"):
        return None
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValidationError({name: [_("Write yes, no or unknown.")]})


def _date(text: str) -> date | None:
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError({"last_checked": [_("Write the date as 2026-11-28 or 28.11.2026.")]})


def _parse(row: dict[str, str]) -> dict[str, Any]:
    """One row's cells as the write function's arguments; errors name their column."""
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {}
    for name in ("funder", "name", "slug", "summary", "url", "facts_source_url", "unknown_facts"):
        if name in row:
            data[name] = row[name]
    for name in REQUIRED:
        if not row.get(name):
            errors[name] = [_("This column is required.")]
    for name in LISTS:
        if name in row:
            data[name] = _split(row[name])
    for name in NUMBERS:
        if name not in row:
            continue
        text = row[name].replace(" ", "").replace("\u00a0", "")
        if not text:
            data[name] = None
        elif text.isascii() and text.isdigit() and len(text) <= 10:
            data[name] = int(text)
        else:
            errors[name] = [_("Write a whole number.")]
    parsers = {
        "research_partner_required": lambda t: _tristate("research_partner_required", t),
        "international_partners_required": lambda t: _tristate(
            "international_partners_required", t
        ),
        "continuous": lambda t: bool(_tristate("continuous", t)),
        "last_checked": _date,
    }
    for name, parse in parsers.items():
        if name in row:
            try:
                data[name] = parse(row[name])
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if "region_scope" in row:
        data["region_scope"] = row["region_scope"] or "unknown"
    if "application_headings" in row:
        data["application_headings"] = _split(row["application_headings"], ";")
    if "regions" in row:
        codes = _split(row["regions"])
        regions = list(Region.objects.filter(code__in=codes))
        if len(regions) != len(set(codes)):
            found = {r.code for r in regions}
            errors["regions"] = [
                _("Unknown region codes: %(codes)s.")
                % {"codes": ", ".join(c for c in codes if c not in found)}
            ]
        data["regions"] = regions
    if "priority_areas" in row:
        areas = []
        for ref in _split(row["priority_areas"]):
            code, _sep, slug = ref.partition("/")
            area = PriorityArea.objects.filter(region__code=code, slug=slug).first()
            if area is None:
                errors.setdefault("priority_areas", []).append(
                    _("Unknown priority area %(ref)s (write region code/identifier).")
                    % {"ref": ref}
                )
            else:
                areas.append(area)
        data["priority_areas"] = areas
    if errors:
        raise ValidationError(errors)
    return data


def import_instruments(*, rows: list[dict[str, str]], by: Any) -> ImportReport:
    """Create or update an instrument per row; if any row is wrong, save none."""
    require_perm(by, actions.CATALOGUE_PERM)
    report = ImportReport()
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):  # row 1 is the header
            try:
                with transaction.atomic():
                    data = _parse(row)
                    existing = FundingInstrument.objects.filter(slug=data["slug"]).first()
                    if existing is None:
                        actions.instrument_create(by=by, **data)
                        report.created += 1
                    else:
                        actions.instrument_update(instrument=existing, by=by, **data)
                        report.updated += 1
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for name, messages in exc.message_dict.items():
                        report.errors.extend(RowError(number, name, m) for m in messages)
                else:
                    report.errors.extend(RowError(number, "", m) for m in exc.messages)
            except PermissionDenied:
                raise
        if report.errors:
            transaction.set_rollback(True)
            report.created = report.updated = 0
    return report
