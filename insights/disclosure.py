"""Open data without leaks: cross tables whose small cells cannot be seen or worked out.

Primary suppression: a cell (margins included) counting 1 or 2 organisations is hidden.
Secondary suppression: the table is published with its row and column totals, so a line
(a row or a column, its total included) with exactly one hidden cell would give that cell
away by subtraction. Each such line gets a second hidden cell, the smallest other one
(a zero inner cell before a total), until every line has none or at least two; hiding
a cell may break another line, so this repeats until nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MIN_ORGANISATIONS = 3
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass
class Cell:
    value: int
    orgs: int
    suppressed: bool = False
    secondary: bool = False

    def public(self) -> int | None:
        return None if self.suppressed else self.value


@dataclass
class CrossTable:
    """`cells[i][j]` for i < rows, j < columns; the last row and column are the totals."""

    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[Cell]] = field(default_factory=list)

    @property
    def size(self) -> tuple[int, int]:
        return len(self.cells), len(self.cells[0]) if self.cells else 0

    def as_public(self) -> dict[str, Any]:
        """What may be published: suppressed cells are null."""
        rows = [
            {
                "label": label,
                "values": [cell.public() for cell in row[:-1]],
                "total": row[-1].public(),
            }
            for label, row in zip(self.row_labels, self.cells[:-1], strict=True)
        ]
        total_row = self.cells[-1]
        return {
            "columns": self.column_labels,
            "rows": rows,
            "column_totals": [cell.public() for cell in total_row[:-1]],
            "total": total_row[-1].public(),
            "suppressed_cells": sum(c.suppressed for row in self.cells for c in row),
            "rule": f"cells counting fewer than {MIN_ORGANISATIONS} organisations are suppressed, "
            "and so is any cell from which one could be derived",
            "licence": LICENCE,
        }


def build(
    row_labels: list[str],
    column_labels: list[str],
    inner: dict[tuple[int, int], tuple[int, int]],
    row_totals: list[tuple[int, int]],
    column_totals: list[tuple[int, int]],
    grand_total: tuple[int, int],
) -> CrossTable:
    """`inner[(i, j)] = (count, organisations)`; totals carry their own distinct
    organisation counts (an organisation in two cells is one organisation in the total)."""
    cells = [
        [Cell(*inner.get((i, j), (0, 0))) for j in range(len(column_labels))]
        + [Cell(*row_totals[i])]
        for i in range(len(row_labels))
    ]
    cells.append([Cell(*total) for total in column_totals] + [Cell(*grand_total)])
    table = CrossTable(row_labels, column_labels, cells)
    suppress(table)
    return table


def suppress(table: CrossTable, minimum: int = MIN_ORGANISATIONS) -> None:
    for row in table.cells:
        for cell in row:
            if 0 < cell.orgs < minimum:
                cell.suppressed = True
    n_rows, n_columns = table.size
    lines = [[(i, j) for j in range(n_columns)] for i in range(n_rows)]
    lines += [[(i, j) for i in range(n_rows)] for j in range(n_columns)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [pos for pos in line if table.cells[pos[0]][pos[1]].suppressed]
            if len(hidden) != 1:
                continue
            candidates = [pos for pos in line if not table.cells[pos[0]][pos[1]].suppressed]
            if not candidates:
                continue

            def cost(pos: tuple[int, int]) -> tuple[int, int]:
                # Inner cells before totals; the smallest value loses the least information.
                is_total = pos[0] == n_rows - 1 or pos[1] == n_columns - 1
                return (int(is_total), table.cells[pos[0]][pos[1]].value)

            i, j = min(candidates, key=cost)
            table.cells[i][j].suppressed = table.cells[i][j].secondary = True
            changed = True
