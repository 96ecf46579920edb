"""Open data: no cell of fewer than 3 organisations can be read or worked out from totals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from accounts.models import SmeSize
from companies.models import NeedVisibility
from insights import disclosure, open_data
from taxonomy.models import NeedCategory
from tests import factories


def recover(table: disclosure.CrossTable) -> dict[tuple[int, int], int]:
    """An attacker with the published table: every line (row or column, total included)
    with one unknown gives it away by subtraction; repeat while anything is learned."""
    n_rows, n_columns = table.size
    known = {
        (i, j): table.cells[i][j].value
        for i in range(n_rows)
        for j in range(n_columns)
        if not table.cells[i][j].suppressed
    }
    learned: dict[tuple[int, int], int] = {}
    lines = [[(i, j) for j in range(n_columns)] for i in range(n_rows)]
    lines += [[(i, j) for i in range(n_rows)] for j in range(n_columns)]
    progress = True
    while progress:
        progress = False
        for line in lines:
            unknown = [pos for pos in line if pos not in known]
            if len(unknown) != 1:
                continue
            (pos,) = unknown
            total, parts = line[-1], line[:-1]
            if pos == total:
                value = sum(known[p] for p in parts)
            else:
                value = known[total] - sum(known[p] for p in parts if p != pos)
            known[pos] = learned[pos] = value
            progress = True
    return learned


def _table(inner, n_rows, n_columns):
    """A table from inner cells of (count, orgs) where each need is its own organisation."""
    rows = [
        tuple(sum(inner.get((i, j), (0, 0))[k] for j in range(n_columns)) for k in (0, 1))
        for i in range(n_rows)
    ]
    columns = [
        tuple(sum(inner.get((i, j), (0, 0))[k] for i in range(n_rows)) for k in (0, 1))
        for j in range(n_columns)
    ]
    grand = tuple(sum(r[k] for r in rows) for k in (0, 1))
    return disclosure.build(
        [f"r{i}" for i in range(n_rows)],
        [f"c{j}" for j in range(n_columns)],
        inner,
        rows,
        columns,
        grand,
    )


def test_a_small_cell_is_suppressed_and_cannot_be_recovered_from_the_totals():
    # Row 0: 2 | 5 | 7; row 1: 4 | 6 | 3 (each count one organisation per need).
    inner = {
        (0, 0): (2, 2),
        (0, 1): (5, 5),
        (0, 2): (7, 7),
        (1, 0): (4, 4),
        (1, 1): (6, 6),
        (1, 2): (3, 3),
    }
    table = _table(inner, 2, 3)
    assert table.cells[0][0].suppressed and not table.cells[0][0].secondary
    # Without secondary suppression the row total would give it away: 14 - 5 - 7 = 2.
    assert recover(table) == {}
    hidden = {(i, j) for i in range(3) for j in range(4) if table.cells[i][j].suppressed}
    # The smallest neighbours in its row and column hide with it, and so does the fourth
    # corner of the rectangle, so that no row or column has a single hidden cell.
    assert hidden == {(0, 0), (1, 0), (0, 1), (1, 1)}


@pytest.mark.parametrize("seed", range(30))
def test_no_suppressed_cell_of_a_random_table_can_be_recovered(seed):
    import random

    rng = random.Random(seed)
    n_rows, n_columns = rng.randint(2, 5), rng.randint(2, 5)
    inner = {}
    for i in range(n_rows):
        for j in range(n_columns):
            count = rng.choice([0, 0, 1, 2, 3, 4, 8, 15])
            if count:
                inner[(i, j)] = (count, count)
    table = _table(inner, n_rows, n_columns)
    for row in table.cells:
        for cell in row:
            if 0 < cell.orgs < 3:
                assert cell.suppressed
    assert recover(table) == {}


def test_public_form_hides_suppressed_cells_and_states_the_licence():
    inner = {(0, 0): (2, 2), (0, 1): (5, 5), (1, 0): (4, 4), (1, 1): (6, 6)}
    public = _table(inner, 2, 2).as_public()
    assert public["rows"][0]["values"] == [None, None]
    assert public["licence"]["name"] == "CC BY 4.0"
    assert public["total"] == 17


@pytest.mark.django_db
def test_needs_table_counts_organisations_not_needs_and_includes_hidden_needs():
    lapland, uusimaa = factories.region("19"), factories.region("01")
    testing = NeedCategory.objects.get(slug="testing")
    when = datetime(2026, 3, 1, tzinfo=UTC)
    # Lapland: 4 needs from one company (1 organisation: suppressed although 4 needs).
    one = factories.OrganisationFactory.create(region=lapland, sme_size=SmeSize.MICRO)
    for _ in range(4):
        factories.NeedFactory.create(organisation=one, category=testing, published_at=when)
    # Uusimaa: 3 companies, one of them coordinators-only, one anonymous: counted, not named.
    for visibility in NeedVisibility.values:
        org = factories.OrganisationFactory.create(region=uusimaa)
        factories.NeedFactory.create(
            organisation=org, category=testing, published_at=when, visibility=visibility
        )
    table = open_data.cross_table("needs")
    public = table.as_public()
    assert public["columns"] == [testing.name]
    by_region = {row["label"]: row for row in public["rows"]}
    lapland_row = by_region[lapland.name]
    uusimaa_row = by_region[uusimaa.name]
    assert lapland_row["values"] == [None] and lapland_row["total"] is None
    # Uusimaa's row would give Lapland away through the column total: it hides too.
    assert uusimaa_row["values"] == [None]
    assert public["total"] == 7
    assert recover(table) == {}
    names = str(public)
    assert one.name not in names
