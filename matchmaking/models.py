from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted by a coordinator")
    INTRODUCED = "introduced", _("Introduced")
    AGREEMENT = "agreement", _("Agreement reached")
    DISMISSED = "dismissed", _("Dismissed")


# Decisions the engine learns from: 1 = a good match, 0 = not.
DECISION_LABELS = {
    ProposalStatus.ACCEPTED: 1,
    ProposalStatus.INTRODUCED: 1,
    ProposalStatus.AGREEMENT: 1,
    ProposalStatus.DISMISSED: 0,
}


class ProposalSource(models.TextChoices):
    ENGINE = "engine", _("Matching engine")
    COORDINATOR = "coordinator", _("Added by a coordinator")


class Proposal(models.Model):
    """A need-service pair the engine (or a person) proposes; humans decide its fate."""

    need = models.ForeignKey(
        "companies.DevelopmentNeed",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("need"),
    )
    service = models.ForeignKey(
        "services.RDService",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("service"),
    )
    score = models.FloatField(_("score"))
    features = models.JSONField(_("features"), default=dict)
    reasons = models.JSONField(_("reasons"), default=list)
    model_version = models.CharField(_("model version"), max_length=64)
    source = models.CharField(
        _("source"), max_length=16, choices=ProposalSource.choices, default=ProposalSource.ENGINE
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["need", "service"], name="uniq_proposal_pair")
        ]
        indexes = [models.Index(fields=["status", "-score"])]

    def __str__(self) -> str:
        return f"{self.need_id} ↔ {self.service_id} ({self.score:.2f})"


class EngineVersion(models.Model):
    """One fit of the engine: what it was fitted on and how its re-ranker compared."""

    version = models.CharField(_("version"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    metadata = models.JSONField(_("metadata"), default=dict)
    reranker_report = models.JSONField(_("re-ranker report"), default=dict)
    active = models.BooleanField(_("active"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("engine version")
        verbose_name_plural = _("engine versions")

    def __str__(self) -> str:
        return self.version
