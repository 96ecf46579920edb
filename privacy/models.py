from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")


def _token() -> str:
    return secrets.token_urlsafe(24)


class DataExport(models.Model):
    """One person's personal data as a zip (JSON and CSV), prepared in the background."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    # Staff who prepared it on the person's request; None when the person asked themselves.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    archive = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")

    def __str__(self) -> str:
        return f"export {self.pk} of user {self.user_id}"


class InactivityWarning(models.Model):
    """An inactive account was warned; it is erased unless its owner signs in in time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inactivity_warning"
    )
    warned_at = models.DateTimeField()

    class Meta:
        verbose_name = _("inactivity warning")
        verbose_name_plural = _("inactivity warnings")

    def __str__(self) -> str:
        return f"user {self.user_id} warned {self.warned_at:%Y-%m-%d}"
