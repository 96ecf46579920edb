"""Reading an uploaded CSV or XLSX file into a header and rows of text cells.

Files come from Excel as often as from anywhere: CSV with a byte-order mark, semicolons and
Windows-1252 text, workbooks with title rows and merged two-level headers. Each is read as
the person who saved it saw it.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ROWS = 50_000
XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class Table:
    headers: list[str]
    # (the row's number as a spreadsheet shows it, its cells as text)
    rows: list[tuple[int, list[str]]]
    encoding: str = ""
    notes: list[str] = field(default_factory=list)


def read_table(content: bytes, filename: str) -> Table:
    if content.startswith(XLSX_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content)
    return _read_csv(content)


def decode(content: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (with or without BOM), else Windows-1252.

    A file that is not valid UTF-8 was almost certainly saved by Excel or an older program
    in Windows-1252 (a superset of Latin-1 for printable text); bytes it leaves undefined
    are read as Latin-1 so that nothing is lost.
    """
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return content.decode("latin-1"), "latin-1"


def _read_csv(content: bytes) -> Table:
    text, encoding = decode(content)
    if "\x00" in text:
        raise ValidationError(_("The file is not a CSV or XLSX file."))
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[tuple[int, list[str]]] = []
    headers: list[str] | None = None
    for number, cells in enumerate(reader, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if headers is None:
            headers = cells
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise ValidationError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    if not headers:
        raise ValidationError(_("The file is empty."))
    notes = []
    if encoding in ("cp1252", "latin-1"):
        notes.append(
            _("The file was not saved as UTF-8; it was read as Windows-1252 (Western European).")
        )
    return Table(_unique(headers), rows, encoding, notes)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        # Not read-only: merged cell ranges are known only to a fully loaded sheet.
        workbook = load_workbook(io.BytesIO(content), data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise ValidationError(_("The file could not be read as an XLSX workbook.")) from exc
    sheet = workbook.worksheets[0]
    grid = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    if sheet.max_row > MAX_ROWS + 10:
        raise ValidationError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    horizontally_merged_rows: set[int] = set()
    # A merged range shows its value in every cell it covers, as the reader sees it.
    for merged in sheet.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1] if grid else ""
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                grid[r - 1][c - 1] = value
        if merged.max_col > merged.min_col:
            horizontally_merged_rows.update(range(merged.min_row, merged.max_row + 1))
    # The header is the first row naming at least two different things; above it are titles.
    header_index = next(
        (i for i, cells in enumerate(grid) if len({c for c in cells if c}) >= 2), None
    )
    if header_index is None:
        raise ValidationError(_("The file is empty."))
    headers = grid[header_index]
    first_data = header_index + 1
    # A merged cell over several columns heads a second header row ("Contact" over "name",
    # "e-mail"): the columns are named by both rows.
    if header_index + 1 in horizontally_merged_rows and first_data < len(grid):
        below = grid[first_data]
        headers = [
            f"{top} {sub}".strip() if sub and sub != top else top
            for top, sub in zip(headers, below + [""] * len(headers), strict=False)
        ]
        first_data += 1
    rows = [
        (index + 1, cells)
        for index, cells in enumerate(grid[first_data:], start=first_data)
        if any(cells)
    ]
    return Table(_unique(headers), rows, "xlsx", [])


def _unique(headers: list[str]) -> list[str]:
    """Column names as given, made unique (a repeated or empty name gets a number)."""
    seen: dict[str, int] = {}
    result = []
    for index, header in enumerate(headers, start=1):
        name = " ".join(header.split()) or _("Column %(number)d") % {"number": index}
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        result.append(name)
    return result
