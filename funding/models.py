"""Funding instruments and their calls, work plans drafted from matches, applications made.

Each instrument fact that the fit uses is nullable or an empty list on purpose: "not known"
must stay distinguishable from "no", so that missing data gives an "unknown" fit and never
a wrong yes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line


class RegionScope(models.TextChoices):
    ANY = "any", _("Every region")
    LISTED = "listed", _("Only the regions listed")
    UNKNOWN = "unknown", _("Not known")


class FundingInstrument(models.Model):
    """One way to fund a project: who funds it, who may apply, for what and how much."""

    funder = models.CharField(_("funder"), max_length=200, validators=[validate_single_line])
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    summary = models.TextField(_("what it funds"), max_length=4000)
    eligible_kinds = models.JSONField(
        _("who may apply (organisation kinds)"),
        default=list,
        blank=True,
        help_text=_("Empty: not known."),
    )
    eligible_sizes = models.JSONField(
        _("who may apply (size classes)"),
        default=list,
        blank=True,
        help_text=_("Empty: not known."),
    )
    trl_min = models.PositiveSmallIntegerField(
        _("lowest TRL"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    trl_max = models.PositiveSmallIntegerField(
        _("highest TRL"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    region_scope = models.CharField(
        _("regions"), max_length=8, choices=RegionScope.choices, default=RegionScope.UNKNOWN
    )
    regions = models.ManyToManyField(
        "taxonomy.Region", blank=True, related_name="+", verbose_name=_("regions listed")
    )
    priority_areas = models.ManyToManyField(
        "taxonomy.PriorityArea",
        blank=True,
        related_name="+",
        verbose_name=_("priority areas"),
        help_text=_("Empty: not limited to priority areas."),
    )
    project_min_eur = models.PositiveIntegerField(_("smallest project (€)"), null=True, blank=True)
    project_max_eur = models.PositiveIntegerField(_("largest project (€)"), null=True, blank=True)
    funding_rate_min = models.PositiveSmallIntegerField(
        _("lowest funding rate (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    funding_rate_max = models.PositiveSmallIntegerField(
        _("highest funding rate (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    research_partner_required = models.BooleanField(
        _("research partner required"), null=True, blank=True
    )
    international_partners_required = models.BooleanField(
        _("international partners required"), null=True, blank=True
    )
    continuous = models.BooleanField(_("open continuously"), default=False)
    languages = models.JSONField(_("application languages"), default=list, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    application_headings = models.JSONField(
        _("application headings"),
        default=list,
        blank=True,
        help_text=_("The headings of the funder's application form, in order."),
    )
    facts_source_url = models.URLField(_("source of the facts"), max_length=500, blank=True)
    last_checked = models.DateField(_("facts last checked"), null=True, blank=True)
    unknown_facts = models.TextField(
        _("facts not verified"),
        blank=True,
        max_length=2000,
        help_text=_("What could not be verified from the funder's pages."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["funder", "name"]
        verbose_name = _("funding instrument")
        verbose_name_plural = _("funding instruments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trl_min__isnull=True)
                | models.Q(trl_max__isnull=True)
                | models.Q(trl_max__gte=models.F("trl_min")),
                name="instrument_trl_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(project_min_eur__isnull=True)
                | models.Q(project_max_eur__isnull=True)
                | models.Q(project_max_eur__gte=models.F("project_min_eur")),
                name="instrument_project_size_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("funding_instrument_detail", kwargs={"slug": self.slug})


class FundingCall(models.Model):
    """One call of an instrument, with its deadline."""

    instrument = models.ForeignKey(
        FundingInstrument, on_delete=models.CASCADE, related_name="calls"
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), db_index=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_on__isnull=True)
                | models.Q(deadline__gte=models.F("opens_on")),
                name="call_deadline_not_before_opening",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.deadline})"


class CallReminder(models.Model):
    """A reminder of a closing call sent to one user: the row makes it happen once."""

    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="uniq_call_reminder_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.call_id} → {self.user_id}"


class WorkPlan(models.Model):
    """The draft work plan of a match, edited by its parties and coordinators."""

    match = models.OneToOneField(
        "matchmaking.Match", on_delete=models.PROTECT, related_name="work_plan"
    )
    instrument = models.ForeignKey(
        FundingInstrument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_plans",
        verbose_name=_("funding instrument"),
    )
    content = models.JSONField(_("content"), default=dict)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")

    def __str__(self) -> str:
        return f"{self.match_id} v{self.version}"


class WorkPlanVersion(models.Model):
    """Every saved state of a work plan, kept."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    instrument = models.ForeignKey(
        FundingInstrument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content = models.JSONField(_("content"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="uniq_work_plan_version")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"


class Decision(models.TextChoices):
    PLANNED = "planned", _("Being prepared")
    SUBMITTED = "submitted", _("Submitted, waiting for a decision")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FundingApplication(models.Model):
    """An application for funding made on a match: what was asked and what was granted."""

    match = models.ForeignKey(
        "matchmaking.Match", on_delete=models.PROTECT, related_name="funding_applications"
    )
    instrument = models.ForeignKey(
        FundingInstrument,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("funding instrument"),
    )
    amount_applied = models.PositiveIntegerField(_("amount applied (€)"))
    submitted_on = models.DateField(_("submitted"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=12, choices=Decision.choices, default=Decision.PLANNED
    )
    amount_granted = models.PositiveIntegerField(_("amount granted (€)"), null=True, blank=True)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_granted__isnull=True) | models.Q(decision="granted"),
                name="application_granted_amount_only_when_granted",
            )
        ]

    def __str__(self) -> str:
        return f"{self.match_id}: {self.instrument_id} {self.decision}"


class SmartSpecialisationPartnership(models.Model):
    """A European smart-specialisation partnership the region takes part in."""

    name = models.CharField(_("partnership"), max_length=200, validators=[validate_single_line])
    theme = models.CharField(_("theme"), max_length=200, validators=[validate_single_line])
    partner_regions = models.TextField(_("partner regions"), max_length=2000)
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, validators=[validate_single_line]
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    region = models.ForeignKey(
        "taxonomy.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("our region"),
    )
    priority_areas = models.ManyToManyField(
        "taxonomy.PriorityArea", blank=True, related_name="+", verbose_name=_("priority areas")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["region__name_fi", "name"]
        verbose_name = _("smart-specialisation partnership")
        verbose_name_plural = _("smart-specialisation partnerships")

    def __str__(self) -> str:
        return self.name
