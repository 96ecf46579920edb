"""10,000 rows import in chunks, with a bounded number of queries (no query per row)."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation
from accounts.validators import business_id_check_digit
from core.models import AuditEntry
from imports import actions, pipeline

from .conftest import check, run

pytestmark = pytest.mark.django_db

ROWS = 10_000


def _business_ids(count: int) -> list[str]:
    ids: list[str] = []
    number = 3000000
    while len(ids) < count:
        digit = business_id_check_digit(f"{number:07d}")
        if digit is not None:
            ids.append(f"{number:07d}-{digit}")
        number += 1
    return ids


def test_ten_thousand_rows_import_in_chunks_with_few_queries(importer):
    municipalities = ["Rovaniemi", "Kemi", "Tornio", "Inari", "Sodankylä"]
    lines = ["Nimi;Y-tunnus;Kunta;Koko"] + [
        f"Yritys {n} Oy;{business_id};{municipalities[n % 5]};pieni"
        for n, business_id in enumerate(_business_ids(ROWS))
    ]
    job = actions.import_upload(
        by=importer,
        kind="organisations",
        source_name="Iso lista",
        filename="big.csv",
        content="\r\n".join(lines).encode("utf-8-sig"),
    )
    assert job.total_rows == ROWS

    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        job = run(check(job, importer), importer)
    elapsed = time.monotonic() - started

    assert job.counts == {"create": ROWS, "update": 0, "unchanged": 0, "error": 0}
    assert Organisation.objects.count() == ROWS
    assert AuditEntry.objects.filter(action="import_create").count() == ROWS
    chunks = ROWS // pipeline.CHUNK_SIZE
    # The dry run and the real run each take a few queries per chunk of 500 rows.
    assert len(queries) < 40 * chunks, len(queries)
    print(f"10,000 rows: dry run + import in {elapsed:.1f} s, {len(queries)} queries")
