"""Writes for imports: upload, map columns, check, run and undo.

The web request only stores the file and moves the job's status; the checking, the import
and the undo run in Celery tasks that take the job's id (`imports.tasks`), enqueued after
commit. Each status change is guarded (`filter(status=...).update(...)`), so a task that is
delivered twice, or a button pressed twice, does the work once.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from core import jobs
from core.history import has_history
from core.models import AuditEntry

from . import pipeline
from .fields import IGNORE, guess_mapping, targets
from .models import (
    ImportJob,
    ImportKey,
    ImportKind,
    ImportProblem,
    ImportRecord,
    ImportSource,
    ImportStatus,
    RecordAction,
)
from .reading import read_table

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024


def may_import(user: Any) -> bool:
    """Coordinators and staff bring in their members' and partners' lists."""
    return bool(user.is_authenticated and user.has_perm("matchmaking.review_proposals"))


def _require(user: Any) -> None:
    if not may_import(user):
        raise PermissionDenied("Only coordinators and staff import files.")


@transaction.atomic
def import_upload(
    *, by: User, kind: str, source_name: str, filename: str, content: bytes
) -> ImportJob:
    """Store the file and read its header; the mapping starts from the source's last one."""
    _require(by)
    if kind not in ImportKind.values:
        raise ValidationError({"kind": [_("Choose what the file contains.")]})
    source_name = " ".join((source_name or "").split())[:120]
    if not source_name:
        raise ValidationError({"source": [_("Name the source of the file.")]})
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError({"file": [_("The file is larger than 20 MB.")]})
    if not filename.lower().endswith((".csv", ".txt", ".xlsx", ".xlsm")):
        raise ValidationError({"file": [_("Upload a CSV or XLSX file.")]})
    table = read_table(content, filename)  # a ValidationError names what is wrong
    if not table.rows:
        raise ValidationError({"file": [_("The file has a header but no rows.")]})
    source, _created = ImportSource.objects.get_or_create(
        name=source_name, kind=kind, defaults={"created_by": by}
    )
    mapping = guess_mapping(kind, table.headers)
    for header, name in (source.mapping or {}).items():
        if header in mapping:
            mapping[header] = name
    return ImportJob.objects.create(
        source=source,
        kind=kind,
        filename=filename[:200],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        encoding=table.encoding,
        headers=table.headers,
        mapping=mapping,
        total_rows=len(table.rows),
        created_by=by,
    )


@transaction.atomic
def import_check(*, job: ImportJob, by: User, mapping: dict[str, str]) -> ImportJob:
    """Save the column mapping (for this job and its source) and start the dry run."""
    _require(by)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED):
        raise ValidationError(_("This import can no longer be checked again."))
    if not job.content:
        # Emptied by `import_files_purge` after IMPORT_FILE_RETENTION_DAYS.
        raise ValidationError(_("The file has been deleted after its retention period."))
    allowed = {target.name for target in targets(job.kind)}
    cleaned = {header: mapping.get(header, IGNORE) for header in job.headers}
    errors: list[str] = []
    chosen = [name for name in cleaned.values() if name]
    if any(name not in allowed for name in chosen):
        errors.append(_("Choose a field from the list for each column."))
    repeated = {name for name in chosen if chosen.count(name) > 1}
    if repeated:
        errors.append(
            _("Each field can come from one column only: %(fields)s.")
            % {"fields": ", ".join(sorted(repeated))}
        )
    missing = [t for t in targets(job.kind) if t.required and t.name not in chosen]
    if missing:
        errors.append(
            _("Choose a column for: %(fields)s.")
            % {"fields": ", ".join(str(t.label) for t in missing)}
        )
    if errors:
        raise ValidationError(errors)
    job.mapping = cleaned
    job.status = ImportStatus.CHECKING
    job.processed_rows = 0
    job.failure = ""
    job.save(update_fields=["mapping", "status", "processed_rows", "failure"])
    ImportSource.objects.filter(pk=job.source_id).update(mapping=cleaned, updated_at=timezone.now())
    jobs.dispatch_after_commit("imports.tasks.check_import", job.pk)
    return job


@transaction.atomic
def import_start(*, job: ImportJob, by: User) -> ImportJob:
    """The real run, after a dry run; a second press finds the job no longer checked."""
    _require(by)
    changed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.RUNNING, processed_rows=0, started_at=timezone.now()
    )
    if not changed:
        raise ValidationError(_("Run the check first; an import runs once."))
    jobs.dispatch_after_commit("imports.tasks.run_import", job.pk)
    job.refresh_from_db()
    return job


@transaction.atomic
def import_undo(*, job: ImportJob, by: User) -> ImportJob:
    _require(by)
    changed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.DONE).update(
        status=ImportStatus.UNDOING, processed_rows=0
    )
    if not changed:
        raise ValidationError(_("Only a finished import can be undone."))
    jobs.dispatch_after_commit("imports.tasks.undo_import", job.pk)
    job.refresh_from_db()
    return job


def _finish(job_id: int, from_status: str, to_status: str, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id, status=from_status).update(
        status=to_status, finished_at=timezone.now(), **fields
    )


def _fail(job_id: int, from_status: str, exc: Exception) -> None:
    # The message names the kind of failure only: rows may hold personal data.
    logger.exception("Import %s failed", job_id)
    message = " ".join(exc.messages) if isinstance(exc, ValidationError) else type(exc).__name__
    ImportJob.objects.filter(pk=job_id, status=from_status).update(
        status=ImportStatus.FAILED, failure=message[:2000], finished_at=timezone.now()
    )


def _language(job: ImportJob) -> str:
    """The report is written in the language of the person who uploaded the file."""
    from django.conf import settings

    return getattr(job.created_by, "language", "") or settings.LANGUAGE_CODE


def run_check(job_id: int) -> None:
    """The dry run: every row's problems and what would be created, updated or skipped."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.CHECKING).first()
    if job is None:
        return  # already checked, or the job is gone
    try:
        table = read_table(bytes(job.content), job.filename)
        with translation.override(_language(job)):
            counts = pipeline.process(job, table, dry_run=True)
    except Exception as exc:
        _fail(job_id, ImportStatus.CHECKING, exc)
        return
    ImportJob.objects.filter(pk=job_id, status=ImportStatus.CHECKING).update(
        status=ImportStatus.CHECKED, counts=counts
    )


def run_import(job_id: int) -> None:
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.RUNNING).first()
    if job is None:
        return
    try:
        table = read_table(bytes(job.content), job.filename)
        with translation.override(_language(job)):
            counts = pipeline.process(job, table, dry_run=False)
    except Exception as exc:
        # Chunks already written stay, with their records: undo can still remove them.
        _fail(job_id, ImportStatus.RUNNING, exc)
        return
    _finish(job_id, ImportStatus.RUNNING, ImportStatus.DONE, counts=counts)


UNDO_CHUNK = 500


def run_undo(job_id: int) -> None:
    """Reverse the import's records, newest first: delete what it created (unless history
    or later work depends on it) and put back the values it changed."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.UNDOING).first()
    if job is None:
        return
    records = list(job.records.order_by("-pk"))
    ImportJob.objects.filter(pk=job_id).update(total_rows=len(records))
    kept = 0
    for start in range(0, len(records), UNDO_CHUNK):
        with translation.override(_language(job)):
            kept += _undo_chunk(job, records[start : start + UNDO_CHUNK])
        ImportJob.objects.filter(pk=job_id).update(processed_rows=start + UNDO_CHUNK)
    _finish(
        job_id,
        ImportStatus.UNDOING,
        ImportStatus.UNDONE,
        processed_rows=len(records),
        counts={**job.counts, "kept": kept},
    )


def _model_for(object_type: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(object_type)


def _history_kind(object_type: str) -> str | None:
    return {
        "companies.developmentneed": "need",
        "services.rdservice": "service",
        "accounts.organisation": "organisation",
    }.get(object_type)


def _added_since(job: ImportJob, organisation: Organisation) -> bool:
    """Rows others added to an imported organisation; deleting it would take them along."""
    mine = {(t, i) for t, i in job.records.values_list("object_type", "object_id").iterator()}
    related = [
        *(
            ("companies.developmentneed", pk)
            for pk in organisation.needs.values_list("pk", flat=True)
        ),
        *(("services.rdservice", pk) for pk in organisation.services.values_list("pk", flat=True)),
        *(
            ("accounts.membership", pk)
            for pk in Membership.objects.filter(organisation=organisation).values_list(
                "pk", flat=True
            )
        ),
    ]
    return any(item not in mine for item in related)


@transaction.atomic
def _undo_chunk(job: ImportJob, records: list[ImportRecord]) -> int:
    kept = 0
    entries: list[AuditEntry] = []
    for record in records:
        model = _model_for(record.object_type)
        obj = model._default_manager.filter(pk=record.object_id).first()
        if obj is None:
            continue
        if record.action == RecordAction.CREATE:
            reason = _keep_reason(job, record, obj)
            if reason:
                kept += 1
                ImportProblem.objects.create(
                    job=job, row=record.row, message=reason[:300], blocking=False
                )
                continue
            entries.append(_undo_entry(job, obj, {}))
            ImportKey.objects.filter(
                object_type=record.object_type, object_id=record.object_id
            ).delete()
            obj.delete()
        else:
            values: dict[str, Any] = {}
            for name, old in record.before.items():
                field = model._meta.get_field(name)
                assert isinstance(field, models.Field)
                values[field.attname] = (
                    field.to_python(old) if old is not None and not field.is_relation else old
                )
            # A queryset update: `auto_now` must not stamp the restored row as changed now.
            model._default_manager.filter(pk=obj.pk).update(**values)
            entries.append(
                _undo_entry(job, obj, {k: v for k, v in record.before.items() if k != "updated_at"})
            )
    AuditEntry.objects.bulk_create(entries)
    return kept


def _keep_reason(job: ImportJob, record: ImportRecord, obj: models.Model) -> str:
    kind = _history_kind(record.object_type)
    if kind and has_history(kind, obj.pk):  # type: ignore[arg-type]
        return _("%(object)s has brokering history and was kept.") % {"object": obj}
    if isinstance(obj, Organisation) and _added_since(job, obj):
        return _("%(object)s has needs, services or members added since and was kept.") % {
            "object": obj
        }
    if isinstance(obj, User) and (obj.last_login or obj.memberships.exists()):
        return _("A person who has signed in or belongs to an organisation was kept.")
    return ""


def _undo_entry(job: ImportJob, obj: models.Model, restored: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        actor_id=job.created_by_id,
        action="import_undo",
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        changes={**restored, "import_job": job.pk},
    )


# Jobs in these states are over: their file is not read again (a failed job's mapping page
# works from the stored headers; checking it again needs a new upload once purged).
FINISHED_STATUSES = (ImportStatus.DONE, ImportStatus.UNDONE, ImportStatus.FAILED)


def import_files_purge(*, now: Any = None) -> int:
    """Delete the stored contents of files whose import finished more than
    IMPORT_FILE_RETENTION_DAYS ago; the job, its report and records stay. Returns how many
    files were emptied (0 on a second run: idempotent)."""
    from datetime import timedelta

    from django.conf import settings

    cutoff = (now or timezone.now()) - timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    return (
        ImportJob.objects.filter(status__in=FINISHED_STATUSES, finished_at__lt=cutoff)
        .exclude(content=b"")
        .update(content=b"")
    )
