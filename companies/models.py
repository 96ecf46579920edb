from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line
from taxonomy.models import ContentLanguage


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")


class NeedVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    ANONYMOUS = "anonymous", _("Public, company hidden")
    COORDINATORS = "coordinators", _("Cluster coordinators only")


class BudgetRange(models.TextChoices):
    UNKNOWN = "unknown", _("Not yet known")
    UNDER_5K = "under_5k", _("Under 5,000 €")
    FROM_5K = "5k_20k", _("5,000–20,000 €")
    FROM_20K = "20k_50k", _("20,000–50,000 €")
    FROM_50K = "50k_100k", _("50,000–100,000 €")
    OVER_100K = "over_100k", _("Over 100,000 €")


class FundingInterest(models.TextChoices):
    INNOVATION_VOUCHER = "innovation_voucher", _("Innovation voucher")
    BUSINESS_FINLAND = "business_finland", _("Business Finland R&D funding")
    ERDF = "erdf", _("EU regional development fund (ERDF)")
    HORIZON = "horizon", _("Horizon Europe")
    ELY = "ely", _("ELY Centre development grant")
    OWN_FUNDS = "own_funds", _("Own funds")
    OTHER = "other", _("Other")


class CloseReason(models.TextChoices):
    SOLVED_HERE = "solved_here", _("Solved through this service")
    SOLVED_ELSEWHERE = "solved_elsewhere", _("Solved elsewhere")
    NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed")
    NO_SUITABLE_PARTNER = "no_partner", _("No suitable partner found")
    NO_FUNDING = "no_funding", _("No funding")
    OTHER = "other", _("Other")


class DevelopmentNeed(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="needs",
        verbose_name=_("company"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("description"), max_length=8000)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=ContentLanguage.choices,
        default=ContentLanguage.FINNISH,
    )
    category = models.ForeignKey(
        "taxonomy.NeedCategory", on_delete=models.PROTECT, verbose_name=_("category")
    )
    priority_areas = models.ManyToManyField(
        "taxonomy.PriorityArea",
        blank=True,
        related_name="needs",
        verbose_name=_("priority areas"),
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    region = models.ForeignKey(
        "taxonomy.Region", on_delete=models.PROTECT, verbose_name=_("region"), related_name="+"
    )
    trl_now = models.ForeignKey(
        "taxonomy.TechnologyReadinessLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("TRL now"),
    )
    trl_target = models.ForeignKey(
        "taxonomy.TechnologyReadinessLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target TRL"),
    )
    budget = models.CharField(
        _("budget"), max_length=16, choices=BudgetRange.choices, default=BudgetRange.UNKNOWN
    )
    wished_start = models.DateField(_("wished start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    funding_interest = models.JSONField(_("funding interest"), default=list, blank=True)
    open_to_international = models.BooleanField(
        _("open to international partners"),
        default=False,
        help_text=_("Partners abroad may be sought for this need, e.g. through the EEN."),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=NeedVisibility.choices,
        default=NeedVisibility.PUBLIC,
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NeedStatus.choices,
        default=NeedStatus.DRAFT,
        db_index=True,
    )
    close_reason = models.CharField(
        _("reason for closing"), max_length=24, choices=CloseReason.choices, blank=True
    )
    close_note = models.TextField(_("note on closing"), blank=True, max_length=2000)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("development need")
        verbose_name_plural = _("development needs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trl_target__isnull=True)
                | models.Q(trl_now__isnull=True)
                | models.Q(trl_target__gte=models.F("trl_now")),
                name="need_trl_target_not_below_now",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(wished_start__isnull=True)
                | models.Q(deadline__gte=models.F("wished_start")),
                name="need_deadline_not_before_start",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "visibility"]),
            # The directory, the landing page and the home pages show the newest published
            # needs: walking this index stops after a page instead of sorting every
            # published need (13 ms of a 34 ms page at 5,000 needs).
            models.Index(
                models.F("published_at").desc(),
                models.F("created_at").desc(),
                condition=models.Q(status="published"),
                name="need_directory_newest",
            ),
            # The API's default order.
            models.Index(models.F("created_at").desc(), name="need_newest_created"),
            # The needs of a coordinator's regions in some statuses: the subquery of every
            # inbox, board, review and funnel query, read from the index alone.
            models.Index(
                fields=["region", "status"], include=["id"], name="need_region_status_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("need_detail", kwargs={"pk": self.pk})

    @property
    def funding_interest_labels(self) -> list[str]:
        """The funding the company ticked, named in the reader's language (codes kept)."""
        return [
            str(FundingInterest(code).label) if code in FundingInterest.values else code
            for code in self.funding_interest or []
        ]
