"""Uploaded files hold personal data (contact lists): their contents are deleted a while
after the import has finished (IMPORT_FILE_RETENTION_DAYS); the job and its report stay."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from imports import actions
from imports.models import ImportJob, ImportStatus

from .conftest import upload

pytestmark = pytest.mark.django_db


def _aged(job: ImportJob, status: str, days: int) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, finished_at=timezone.now() - timedelta(days=days)
    )
    return job


def test_finished_imports_lose_their_file_after_the_retention_period(importer, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 90
    old_done = _aged(
        upload(importer, "organisations_excel_semicolon.csv", "organisations"),
        ImportStatus.DONE,
        91,
    )
    old_undone = _aged(
        upload(importer, "organisations_excel_semicolon.csv", "organisations"),
        ImportStatus.UNDONE,
        200,
    )
    old_failed = _aged(
        upload(importer, "organisations_excel_semicolon.csv", "organisations"),
        ImportStatus.FAILED,
        95,
    )
    recent = _aged(
        upload(importer, "organisations_excel_semicolon.csv", "organisations"),
        ImportStatus.DONE,
        10,
    )
    waiting = upload(importer, "organisations_excel_semicolon.csv", "organisations")
    ImportJob.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(days=300))

    assert actions.import_files_purge() == 3
    assert actions.import_files_purge() == 0  # a second run finds nothing more

    def content(job: ImportJob) -> bytes:
        return bytes(ImportJob.objects.get(pk=job.pk).content)

    assert [content(j) for j in (old_done, old_undone, old_failed)] == [b"", b"", b""]
    assert content(recent) and content(waiting)
    # The job, its file name and checksum stay for the record.
    kept = ImportJob.objects.get(pk=old_done.pk)
    assert kept.filename == "organisations_excel_semicolon.csv" and kept.sha256


def test_the_purge_is_a_daily_beat_task():
    from imports import tasks

    entry = next(
        e
        for e in django_settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "imports.tasks.purge_old_files"
    )
    # Once a day, every day.
    schedule: Any = entry["schedule"]
    assert len(schedule.hour) == 1 and len(schedule.day_of_week) == 7
    assert tasks.purge_old_files.name == "imports.tasks.purge_old_files"


def test_the_privacy_notice_states_how_long_import_files_are_kept(client, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 45
    page = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "kept for 45 days after the import has finished" in page
    finnish = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "säilytetään 45 päivää tuonnin" in finnish


def test_a_failed_import_whose_file_was_deleted_cannot_be_checked_again(importer):
    from django.core.exceptions import ValidationError

    job = _aged(
        upload(importer, "organisations_excel_semicolon.csv", "organisations"),
        ImportStatus.FAILED,
        100,
    )
    actions.import_files_purge()
    job.refresh_from_db()
    from django.utils import translation

    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="deleted after its retention period"),
    ):
        actions.import_check(job=job, by=importer, mapping=job.mapping)
