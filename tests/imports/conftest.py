"""Helpers for the import tests: upload a fixture file and run its jobs as the worker would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from imports import actions
from imports.models import ImportJob

FILES = Path(__file__).resolve().parent / "files"


def upload(by: Any, name: str, kind: str, source: str = "Lapin klusteri") -> ImportJob:
    return actions.import_upload(
        by=by, kind=kind, source_name=source, filename=name, content=(FILES / name).read_bytes()
    )


def check(job: ImportJob, by: Any, mapping: dict[str, str] | None = None) -> ImportJob:
    """The mapping as guessed (or given), then the dry run as the task runs it."""
    actions.import_check(job=job, by=by, mapping=mapping or job.mapping)
    actions.run_check(job.pk)
    job.refresh_from_db()
    return job


def run(job: ImportJob, by: Any) -> ImportJob:
    actions.import_start(job=job, by=by)
    actions.run_import(job.pk)
    job.refresh_from_db()
    return job


def undo(job: ImportJob, by: Any) -> ImportJob:
    actions.import_undo(job=job, by=by)
    actions.run_undo(job.pk)
    job.refresh_from_db()
    return job


def report(job: ImportJob) -> list[tuple[Any, ...]]:
    return list(
        job.problems.order_by("row", "pk").values_list(
            "row", "column", "value", "message", "suggestion"
        )
    )


@pytest.fixture
def importer(coordinator: Any) -> Any:
    return coordinator
