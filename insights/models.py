"""What the parties tell us after the fact: the usefulness of an introduction, and impact."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Party(models.TextChoices):
    COMPANY = "company", _("Company")
    PROVIDER = "provider", _("R&D provider")


class IntroductionRating(models.Model):
    """One party's answer to "was this introduction useful?" (1-5).

    The row is written when the question is asked (score empty) so that asking twice is a
    no-op, and filled in when the party answers.
    """

    match = models.ForeignKey("matchmaking.Match", on_delete=models.PROTECT, related_name="ratings")
    party = models.CharField(_("party"), max_length=8, choices=Party.choices)
    score = models.PositiveSmallIntegerField(
        _("usefulness"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "pk"]
        verbose_name = _("introduction rating")
        verbose_name_plural = _("introduction ratings")
        constraints = [
            models.UniqueConstraint(fields=["match", "party"], name="uniq_rating_per_party"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="rating_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.match_id} {self.party}: {self.score}"


IMPACT_MONTHS = (3, 6, 12)


class ImpactFollowUp(models.Model):
    """A short impact form 3, 6 or 12 months after an agreement, answered by the company.

    Money and jobs are cumulative "so far" figures: the latest answer per match counts.
    """

    match = models.ForeignKey(
        "matchmaking.Match", on_delete=models.PROTECT, related_name="impact_follow_ups"
    )
    months = models.PositiveSmallIntegerField(_("months after the agreement"))
    due_date = models.DateField(_("due"), db_index=True)
    notified_at = models.DateTimeField(_("asked"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    project_started = models.BooleanField(_("the project has started"), default=False)
    funding_applied = models.BooleanField(_("funding applied for"), default=False)
    funding_granted = models.BooleanField(_("funding granted"), default=False)
    funding_instrument = models.CharField(_("funding instrument"), max_length=120, blank=True)
    funding_amount_eur = models.PositiveIntegerField(
        _("funding granted (€)"), null=True, blank=True
    )
    product_process_innovation = models.BooleanField(
        _("a new or improved product or process was introduced"), default=False
    )
    marketing_org_innovation = models.BooleanField(
        _("a marketing or organisational innovation was introduced"), default=False
    )
    private_investment_eur = models.PositiveIntegerField(
        _("private investment so far (€)"), null=True, blank=True
    )
    jobs_created = models.PositiveSmallIntegerField(
        _("jobs created so far (full-time equivalents)"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("impact follow-up")
        verbose_name_plural = _("impact follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["match", "months"], name="uniq_impact_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.match_id} +{self.months} mo"


class AnswerDeadline(models.Model):
    """For each local day a need can be published on: when "answered within 10 working
    days" runs out (the end of the 10th Finnish working day after it: weekends and public
    holidays do not count).

    A small calendar table, filled by `actions.answer_calendar_extend` from the `holidays`
    library, so the scorecard compares in SQL (a join on the publication day) instead of
    counting working days per need in Python. `starts_at`/`ends_at` bound the local day in
    UTC, for databases without time zone functions.
    """

    day = models.DateField(primary_key=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(db_index=True)
    answer_by = models.DateTimeField()

    class Meta:
        ordering = ["day"]
        verbose_name = _("answer deadline")
        verbose_name_plural = _("answer deadlines")

    def __str__(self) -> str:
        return f"{self.day}: {self.answer_by}"
