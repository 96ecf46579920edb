"""Reference data the product classifies by: seeded by migrations, editable in the admin."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ContentLanguage(models.TextChoices):
    """Languages that needs and services may be written in."""

    FINNISH = "fi", _("Finnish")
    ENGLISH = "en", _("English")
    SWEDISH = "sv", _("Swedish")


class LocalizedName(models.Model):
    """Names in the three content languages; `name` picks the viewer's, falling back to Finnish."""

    name_fi = models.CharField(_("name (Finnish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        return getattr(self, f"name_{language}", "") or self.name_fi


class Region(LocalizedName):
    """A Finnish region (maakunta); `code` is Statistics Finland's two-digit code."""

    code = models.CharField(_("code"), max_length=2, unique=True)

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Municipality(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    name_fi = models.CharField(_("name (Finnish)"), max_length=100)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name_fi"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name_fi"], name="uniq_municipality_name")
        ]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "")[:2] == "sv" and self.name_sv:
            return self.name_sv
        return self.name_fi


class PriorityArea(LocalizedName):
    """A smart-specialisation priority area of one region."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="priority_areas")
    slug = models.SlugField(_("identifier"), max_length=80)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["region__name_fi", "name_fi"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="uniq_priority_area_slug")
        ]
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")


# A cluster's coordinators hear of proposals scoring at least this unless they set their own;
# lists that are not about one cluster (the proposal review's first view) start from it too.
DEFAULT_PROPOSAL_THRESHOLD = 0.3


class ClusterQuerySet(models.QuerySet["Cluster"]):
    def reaching(self, *, region_id: int | None, area_ids: Iterable[int] | Any) -> ClusterQuerySet:
        """The clusters a need (or service) reaches: those of its region, and those sharing
        one of its priority areas. `area_ids` may be ids or a queryset of priority areas."""
        if isinstance(area_ids, models.QuerySet):
            areas: Any = area_ids
        else:
            areas = [area_id for area_id in area_ids if area_id is not None]
        return self.filter(Q(region_id=region_id) | Q(priority_areas__in=areas)).distinct()


class Cluster(models.Model):
    """A cluster or programme whose coordinators broker between companies and R&D.

    A cluster reaches the needs of its region and those in one of its priority areas
    (`Cluster.objects.reaching(...)` from the need's side, `reach_q()` from the cluster's).
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="clusters")
    priority_areas = models.ManyToManyField(
        PriorityArea, related_name="clusters", blank=True, verbose_name=_("priority areas")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clusters_run",
        verbose_name=_("organisation running the cluster"),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_clusters",
        blank=True,
        verbose_name=_("coordinators"),
    )
    description = models.TextField(_("description"), blank=True)
    proposal_threshold = models.FloatField(
        _("notify coordinators of proposals scoring at least"),
        default=DEFAULT_PROPOSAL_THRESHOLD,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )

    objects = ClusterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return self.name

    def reach_q(self) -> Q:
        """The needs (or services) this cluster reaches, as a filter on their own rows: filter
        a queryset of them and select its pks, since the area join repeats rows."""
        return Q(region_id=self.region_id) | Q(priority_areas__in=self.priority_areas.values("pk"))


class ServiceType(LocalizedName):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["ordering", "slug"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")


class NeedCategory(LocalizedName):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["ordering", "slug"]
        verbose_name = _("need category")
        verbose_name_plural = _("need categories")


class IndustryCode(LocalizedName):
    """TOL 2008 (the Finnish version of NACE Rev. 2): sections (A-U) and divisions (01-99)."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry (TOL 2008)")
        verbose_name_plural = _("industries (TOL 2008)")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TechnologyReadinessLevel(LocalizedName):
    """TRL 1-9; the level is the primary key so that foreign keys store the number itself."""

    level = models.PositiveSmallIntegerField(
        _("level"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )

    class Meta:
        ordering = ["level"]
        verbose_name = _("technology readiness level")
        verbose_name_plural = _("technology readiness levels")

    def __str__(self) -> str:
        return f"TRL {self.level}: {self.name}"
