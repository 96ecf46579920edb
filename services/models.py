from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line


class ServiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class PriceModel(models.TextChoices):
    FIXED = "fixed", _("Fixed price")
    HOURLY = "hourly", _("Hourly rate")
    DAILY = "daily", _("Daily rate")
    QUOTE = "quote", _("By quotation")
    SUBSIDISED = "subsidised", _("Subsidised / project funded")
    FREE = "free", _("Free of charge")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    LIMITED = "limited", _("Limited capacity")
    WAITLIST = "waitlist", _("Waiting list")
    UNAVAILABLE = "unavailable", _("Not available now")


class RDService(models.Model):
    provider = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("provider"),
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
    languages = models.JSONField(_("languages"), default=list)
    service_type = models.ForeignKey(
        "taxonomy.ServiceType", on_delete=models.PROTECT, verbose_name=_("service type")
    )
    priority_areas = models.ManyToManyField(
        "taxonomy.PriorityArea",
        blank=True,
        related_name="services",
        verbose_name=_("priority areas"),
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    trl_min = models.ForeignKey(
        "taxonomy.TechnologyReadinessLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lowest TRL"),
    )
    trl_max = models.ForeignKey(
        "taxonomy.TechnologyReadinessLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("highest TRL"),
    )
    price_model = models.CharField(
        _("price model"), max_length=16, choices=PriceModel.choices, default=PriceModel.QUOTE
    )
    indicative_price = models.CharField(_("indicative price"), max_length=120, blank=True)
    lead_time_weeks = models.PositiveSmallIntegerField(
        _("lead time (weeks)"), null=True, blank=True
    )
    availability = models.CharField(
        _("availability"),
        max_length=16,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    region = models.ForeignKey(
        "taxonomy.Region", on_delete=models.PROTECT, verbose_name=_("region"), related_name="+"
    )
    remote = models.BooleanField(_("offered remotely"), default=False)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    equipment = models.TextField(_("equipment"), blank=True, max_length=4000)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ServiceStatus.choices,
        default=ServiceStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("R&D service")
        verbose_name_plural = _("R&D services")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trl_max__isnull=True)
                | models.Q(trl_min__isnull=True)
                | models.Q(trl_max__gte=models.F("trl_min")),
                name="service_trl_range_ordered",
            )
        ]
        indexes = [
            # The directory, the landing page and the home pages show the newest published
            # services: the index stops after a page instead of sorting all of them.
            models.Index(
                models.F("published_at").desc(),
                models.F("created_at").desc(),
                condition=models.Q(status="published"),
                name="service_directory_newest",
            ),
            # The API's default order.
            models.Index(models.F("created_at").desc(), name="service_newest_created"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("service_detail", kwargs={"pk": self.pk})
