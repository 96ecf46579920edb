from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line


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
        indexes = [
            # The inbox: undecided proposals, best first.
            models.Index(fields=["status", "-score"]),
            # The review list: every status, best first, ties by id (the page's order).
            models.Index(fields=["-score", "id"], name="proposal_score_order_idx"),
            # A cluster's proposals above a score, counted (the review's total) or joined to
            # the services, from the index alone: need and score to find them, the service
            # carried along, so the wide rows (features, reasons) are never read.
            models.Index(
                fields=["need", "score"], include=["service"], name="proposal_need_score_idx"
            ),
        ]

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


class EngineUpdate(models.Model):
    """A service added, changed or removed since its engine's fit, in order.

    A service edit appends one row instead of re-saving the whole fitted model; processes
    replay the rows they have not seen (EngineVersion.metadata["revision"] is the last
    `seq`), and the next refit starts a new, empty log.
    """

    engine = models.ForeignKey(EngineVersion, on_delete=models.CASCADE, related_name="updates")
    seq = models.PositiveIntegerField()
    service_id = models.BigIntegerField()
    # The engine's item as data (engine.persist.item_to_dict); null: the service left.
    item = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["engine", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["engine", "seq"], name="uniq_engine_update_seq")
        ]

    def __str__(self) -> str:
        return f"{self.engine_id}#{self.seq}: {self.service_id}"


class MatchStage(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTRODUCED = "introduced", _("Introduced")
    IN_DISCUSSION = "in_discussion", _("In discussion")
    AGREEMENT = "agreement", _("Agreement")
    NO_DEAL = "no_deal", _("No deal")
    DISMISSED = "dismissed", _("Dismissed")


FINAL_STAGES = frozenset({MatchStage.AGREEMENT, MatchStage.NO_DEAL, MatchStage.DISMISSED})


class MatchOrigin(models.TextChoices):
    ENGINE = "engine", _("Proposed by the matching engine")
    COORDINATOR = "coordinator", _("Added by a coordinator")
    PROVIDER_INTEREST = "provider_interest", _("Provider expressed interest")
    COMPANY_QUESTION = "company_question", _("Company asked about a service")


class PartyAnswer(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    INTERESTED = "interested", _("Interested")
    DECLINED = "declined", _("Declined")


class DeclineReason(models.TextChoices):
    TOO_EARLY = "too_early", _("Too early stage")
    BENEFIT_UNCLEAR = "benefit_unclear", _("Benefit unclear")
    COST = "cost", _("Cost")
    TIMING = "timing", _("Timing")
    CAPACITY = "capacity", _("Capacity")
    DESCRIPTION_UNCLEAR = "description_unclear", _("Description unclear")
    OTHER = "other", _("Other")


class OutcomeType(models.TextChoices):
    """Typed so that regional councils can report outcomes."""

    JOINT_RD_PROJECT = "joint_rd_project", _("Joint R&D project")
    RD_SERVICE_PURCHASE = "rd_service_purchase", _("R&D service purchase")
    FUNDING_APPLICATION = "funding_application", _("Funding application")
    OTHER = "other", _("Other")


class FundingKind(models.TextChoices):
    INNOVATION_VOUCHER = "innovation_voucher", _("Innovation voucher")
    ERDF = "erdf", _("ERDF")
    OTHER = "other", _("Other funding")


class Match(models.Model):
    """A need and a service a coordinator brokers, from shortlist to outcome."""

    # PROTECT: a match is history (timeline, follow-ups, the EU indicator); no deletion of
    # a need, service or organisation, by any path, may cascade it away.
    need = models.ForeignKey(
        "companies.DevelopmentNeed",
        on_delete=models.PROTECT,
        related_name="matches",
        verbose_name=_("need"),
    )
    service = models.ForeignKey(
        "services.RDService",
        on_delete=models.PROTECT,
        related_name="matches",
        verbose_name=_("service"),
    )
    proposal = models.OneToOneField(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="match"
    )
    origin = models.CharField(_("origin"), max_length=24, choices=MatchOrigin.choices)
    stage = models.CharField(
        _("stage"),
        max_length=16,
        choices=MatchStage.choices,
        default=MatchStage.PROPOSED,
        db_index=True,
    )
    company_answer = models.CharField(
        _("company's answer"),
        max_length=12,
        choices=PartyAnswer.choices,
        default=PartyAnswer.PENDING,
    )
    provider_answer = models.CharField(
        _("provider's answer"),
        max_length=12,
        choices=PartyAnswer.choices,
        default=PartyAnswer.PENDING,
    )
    company_consented_at = models.DateTimeField(
        _("company agreed to be introduced"), null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=24, choices=DeclineReason.choices, blank=True)
    reason_text = models.TextField(_("reason in words"), blank=True, max_length=2000)
    outcome_type = models.CharField(
        _("outcome"), max_length=24, choices=OutcomeType.choices, blank=True
    )
    funding_kind = models.CharField(
        _("funding"), max_length=24, choices=FundingKind.choices, blank=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_matches",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    stage_changed_at = models.DateTimeField(_("stage changed"), auto_now_add=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [models.UniqueConstraint(fields=["need", "service"], name="uniq_match_pair")]

    def __str__(self) -> str:
        return f"{self.need_id} ↔ {self.service_id}: {self.stage}"


class MatchEventKind(models.TextChoices):
    STAGE = "stage", _("Stage changed")
    ANSWER = "answer", _("Party answered")
    CONSENT = "consent", _("Company agreed to an introduction")
    NOTE = "note", _("Note")
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("E-mail")


class MatchEvent(models.Model):
    """The match's timeline: every stage change and every logged contact, who and when."""

    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=12, choices=MatchEventKind.choices)
    from_stage = models.CharField(max_length=16, blank=True, choices=MatchStage.choices)
    to_stage = models.CharField(max_length=16, blank=True, choices=MatchStage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(blank=True, max_length=4000)
    # Codes (party, answer, origin, assignee's name), so the sentence is written at display
    # time in the viewer's language rather than stored in the actor's.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.match_id} {self.kind} {self.to_stage}"


class FollowUpTask(models.Model):
    """Something to do about a match by a date: created 3, 6 and 12 months after a deal."""

    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(_("task"), max_length=200, validators=[validate_single_line])
    # The follow-ups an agreement schedules are named by their month, in the viewer's
    # language; `title` holds a person's own wording only.
    months_after_agreement = models.PositiveSmallIntegerField(null=True, blank=True)
    due_date = models.DateField(_("due"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_tasks",
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def __str__(self) -> str:
        return f"{self.display_title} ({self.due_date})"

    @property
    def display_title(self) -> str:
        if self.months_after_agreement:
            return str(
                _("Follow-up %(months)s months after the agreement")
                % {"months": self.months_after_agreement}
            )
        return self.title
