"""Import jobs: a file, its column mapping, the report of its rows and what it changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    ORGANISATIONS = "organisations", _("Organisations")
    CONTACTS = "contacts", _("Contact persons")
    NEEDS = "needs", _("Development needs")
    SERVICES = "services", _("R&D services")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Waiting for the column mapping")
    CHECKING = "checking", _("Checking (dry run)")
    CHECKED = "checked", _("Checked, ready to import")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    UNDOING = "undoing", _("Undoing")
    UNDONE = "undone", _("Undone")
    FAILED = "failed", _("Failed")


# While in these states a background task owns the job; the page polls for progress.
BUSY_STATUSES = frozenset({ImportStatus.CHECKING, ImportStatus.RUNNING, ImportStatus.UNDOING})


class ImportSource(models.Model):
    """Where files come from (a cluster's member list, a university's service catalogue).

    A source remembers the column mapping of its last file, so the next file from the same
    place needs none, and scopes the ids ("source ids") that its rows carry.
    """

    name = models.CharField(_("source"), max_length=120)
    kind = models.CharField(_("contents"), max_length=16, choices=ImportKind.choices)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("import source")
        verbose_name_plural = _("import sources")
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="uniq_import_source_name")
        ]

    def __str__(self) -> str:
        return self.name


class ImportJob(models.Model):
    source = models.ForeignKey(ImportSource, on_delete=models.PROTECT, related_name="jobs")
    kind = models.CharField(_("contents"), max_length=16, choices=ImportKind.choices)
    filename = models.CharField(_("file"), max_length=200)
    # The file itself: a worker on another machine reads it from the database, not a disk.
    content = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # {"create": n, "update": n, "unchanged": n, "error": n} of the last dry or real run.
    counts = models.JSONField(default=dict, blank=True)
    failure = models.TextField(_("failure"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_kind_display()})"

    @property
    def is_busy(self) -> bool:
        return self.status in BUSY_STATUSES

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if not self.is_busy else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class ImportProblem(models.Model):
    """One thing wrong with one cell (or row) of the file, and what to do about it."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=120, blank=True)
    value = models.CharField(_("value"), max_length=200, blank=True)
    message = models.CharField(_("problem"), max_length=300)
    suggestion = models.CharField(_("suggestion"), max_length=300, blank=True)
    # A blocking problem skips the row; the others (a similar name exists) are for reading.
    blocking = models.BooleanField(default=True)

    class Meta:
        ordering = ["row", "pk"]
        verbose_name = _("import problem")
        verbose_name_plural = _("import problems")

    def __str__(self) -> str:
        return f"{self.row}:{self.column} {self.message}"


class RecordAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")


class ImportRecord(models.Model):
    """A row the import created or changed, with what it held before: what undo reverses."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="records")
    row = models.PositiveIntegerField()
    object_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=8, choices=RecordAction.choices)
    before = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"


class ImportKey(models.Model):
    """A source's own id for a row it brought in: how a re-import finds that row again."""

    source = models.ForeignKey(ImportSource, on_delete=models.CASCADE, related_name="keys")
    object_type = models.CharField(max_length=40)
    external_id = models.CharField(max_length=120)
    object_id = models.BigIntegerField()
    # The row this id found was merged into `object_id`: a re-import fills gaps only.
    merged = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "object_type", "external_id"], name="uniq_import_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.object_type}:{self.external_id}"
