"""The region's situational picture, computed in the database.

Every figure is one aggregate query (GROUP BY, COUNT DISTINCT, conditional counts, a
median on PostgreSQL); Python only relabels the grouped rows it gets back. The same
querysets feed the pages, the exports, the API and the PDF, so they never disagree.

Definitions the figures rest on:
- demand: needs that were published (any status but draft), dated by `published_at`;
- supply: services published now (status published), dated by `published_at`;
- "answered": a need got its first match (any origin) by the end of the 10th Finnish working
  day after the local day it was published (weekends and public holidays do not count;
  `working_days.py`, looked up in the `AnswerDeadline` calendar table);
- business-driven: a match that started from the company's side (the engine or a
  coordinator working from the need, or the company asking); provider-driven: a provider
  expressed interest in the need.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, NullIf, TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, OrganisationKind, SmeSize
from companies.models import DevelopmentNeed, NeedStatus
from engine.language import analyse
from matchmaking.models import Match, MatchEvent, MatchOrigin, MatchStage, OutcomeType, Proposal
from services.models import RDService, ServiceStatus
from taxonomy.models import (
    DEFAULT_PROPOSAL_THRESHOLD,
    Cluster,
    ContentLanguage,
    IndustryCode,
    Municipality,
    NeedCategory,
    PriorityArea,
    Region,
    ServiceType,
    TechnologyReadinessLevel,
)

from .actions import answer_calendar_extend
from .models import AnswerDeadline, IntroductionRating

GRANULARITIES = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
NOT_GIVEN = gettext_lazy("Not given")


def introduction_days() -> int:
    """A need with no introduction this many days after publication is a gap (a setting)."""
    return int(getattr(settings, "INSIGHTS_INTRODUCTION_DAYS", 30))


# --- Filters --------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Filters that combine (AND). Dates: start inclusive, end exclusive, local days."""

    start: date | None = None
    end: date | None = None
    region: int | None = None
    municipality: int | None = None
    priority_area: int | None = None
    industry: str | None = None  # a TOL section letter or division code
    trl: int | None = None
    category: int | None = None
    service_type: int | None = None
    size: str | None = None
    kind: str | None = None
    language: str | None = None

    def key(self) -> str:
        return "|".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self))

    def without_dates(self) -> Filters:
        return replace(self, start=None, end=None)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def published_needs(filters: Filters | None = None) -> QuerySet[DevelopmentNeed]:
    """Demand: every need that was published, filtered."""
    f = filters or Filters()
    needs = DevelopmentNeed.objects.exclude(status=NeedStatus.DRAFT).filter(
        published_at__isnull=False
    )
    if f.start:
        needs = needs.filter(published_at__gte=_moment(f.start))
    if f.end:
        needs = needs.filter(published_at__lt=_moment(f.end))
    if f.region:
        needs = needs.filter(region_id=f.region)
    if f.municipality:
        needs = needs.filter(organisation__municipality_id=f.municipality)
    if f.priority_area:
        # Through a subquery: a join here would repeat rows and collide with grouping.
        needs = needs.filter(
            pk__in=DevelopmentNeed.objects.filter(priority_areas=f.priority_area).values("pk")
        )
    if f.industry:
        needs = needs.filter(
            Q(organisation__industry__code=f.industry)
            | Q(organisation__industry__parent__code=f.industry)
        )
    if f.trl:
        needs = needs.filter(trl_now_id=f.trl)
    if f.category:
        needs = needs.filter(category_id=f.category)
    if f.service_type:
        # Demand has no service type; a need "of" a type is one matched to such a service.
        needs = needs.filter(
            pk__in=Match.objects.filter(service__service_type_id=f.service_type).values("need")
        )
    if f.size:
        needs = needs.filter(organisation__sme_size=f.size)
    if f.kind:
        needs = needs.filter(organisation__kind=f.kind)
    if f.language:
        needs = needs.filter(language=f.language)
    return needs


def _language_q(code: str) -> Q:
    # A service lists at most the three content languages; index lookups work on SQLite
    # and PostgreSQL alike, where JSON containment does not.
    return Q(languages__0=code) | Q(languages__1=code) | Q(languages__2=code)


def published_services(filters: Filters | None = None) -> QuerySet[RDService]:
    """Supply: services published now, filtered."""
    f = filters or Filters()
    services = RDService.objects.filter(status=ServiceStatus.PUBLISHED)
    if f.start:
        services = services.filter(published_at__gte=_moment(f.start))
    if f.end:
        services = services.filter(published_at__lt=_moment(f.end))
    if f.region:
        services = services.filter(region_id=f.region)
    if f.municipality:
        services = services.filter(provider__municipality_id=f.municipality)
    if f.priority_area:
        services = services.filter(
            pk__in=RDService.objects.filter(priority_areas=f.priority_area).values("pk")
        )
    if f.industry:
        services = services.filter(
            Q(provider__industry__code=f.industry) | Q(provider__industry__parent__code=f.industry)
        )
    if f.trl:
        services = services.filter(
            Q(trl_min__isnull=True) | Q(trl_min__lte=f.trl),
            Q(trl_max__isnull=True) | Q(trl_max__gte=f.trl),
        )
    if f.category:
        services = services.filter(
            pk__in=Match.objects.filter(need__category_id=f.category).values("service")
        )
    if f.service_type:
        services = services.filter(service_type_id=f.service_type)
    if f.size:
        services = services.filter(provider__sme_size=f.size)
    if f.kind:
        services = services.filter(provider__kind=f.kind)
    if f.language:
        services = services.filter(_language_q(f.language))
    return services


# --- Slices ---------------------------------------------------------------------------

# dimension -> (need field, service field); None where the dimension does not apply.
DIMENSIONS: dict[str, tuple[str | None, str | None]] = {
    "priority_area": ("priority_areas", "priority_areas"),
    "industry": ("organisation__industry", "provider__industry"),
    "region": ("region", "region"),
    "municipality": ("organisation__municipality", "provider__municipality"),
    "trl": ("trl_now", "trl_min"),
    "category": ("category", None),
    "service_type": (None, "service_type"),
    "size": ("organisation__sme_size", "provider__sme_size"),
    "kind": ("organisation__kind", "provider__kind"),
    "language": ("language", "languages"),
}
DIMENSION_LABELS = {
    "priority_area": gettext_lazy("Priority area"),
    "industry": gettext_lazy("Industry (TOL 2008)"),
    "region": gettext_lazy("Region"),
    "municipality": gettext_lazy("Municipality"),
    "trl": gettext_lazy("TRL"),
    "category": gettext_lazy("Need category"),
    "service_type": gettext_lazy("Service type"),
    "size": gettext_lazy("Size class"),
    "kind": gettext_lazy("Kind of organisation"),
    "language": gettext_lazy("Language"),
}
_MODELS: dict[str, Any] = {
    "priority_area": PriorityArea,
    "industry": IndustryCode,
    "region": Region,
    "municipality": Municipality,
    "trl": TechnologyReadinessLevel,
    "category": NeedCategory,
    "service_type": ServiceType,
}
_CHOICES: dict[str, Any] = {
    "size": SmeSize,
    "kind": OrganisationKind,
    "language": ContentLanguage,
}


def labels_for(dimension: str, keys: list[Any]) -> dict[Any, str]:
    """Names of the grouped keys, in one query (or none, for choices)."""
    labels: dict[Any, str] = {None: str(NOT_GIVEN), "": str(NOT_GIVEN)}
    if dimension in _MODELS:
        model = _MODELS[dimension]
        for row in model.objects.filter(pk__in=[k for k in keys if k is not None]):
            labels[row.pk] = f"{row.code} {row.name}" if dimension == "industry" else str(row.name)
            if dimension == "trl":
                labels[row.pk] = f"TRL {row.pk}"
    elif dimension in _CHOICES:
        choices = _CHOICES[dimension]
        for key in keys:
            if key in choices.values:
                labels[key] = str(choices(key).label)
    return labels


def _labelled(dimension: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    labels = labels_for(dimension, [row["key"] for row in rows])
    for row in rows:
        row["label"] = labels.get(row["key"], str(row["key"]))
    return sorted(rows, key=lambda row: (-row["count"], row["label"]))


def demand_by(dimension: str, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Needs per value of `dimension`: count of needs and of distinct organisations."""
    field = DIMENSIONS[dimension][0]
    if field is None:
        return []
    rows = (
        published_needs(filters)
        .order_by()
        .values(key=F(field))
        .annotate(count=Count("pk", distinct=True), orgs=Count("organisation", distinct=True))
    )
    return _labelled(dimension, list(rows))


def supply_by(dimension: str, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Services per value of `dimension`: count of services and of distinct providers."""
    field = DIMENSIONS[dimension][1]
    if field is None:
        return []
    services = published_services(filters).order_by()
    if dimension == "language":
        # A service speaks several languages: one conditional count per language.
        totals = services.aggregate(
            **{
                f"n_{code}": Count("pk", filter=_language_q(code), distinct=True)
                for code in ContentLanguage.values
            },
            **{
                f"o_{code}": Count("provider", filter=_language_q(code), distinct=True)
                for code in ContentLanguage.values
            },
        )
        rows = [
            {"key": code, "count": totals[f"n_{code}"], "orgs": totals[f"o_{code}"]}
            for code in ContentLanguage.values
            if totals[f"n_{code}"]
        ]
        return _labelled(dimension, rows)
    grouped = services.values(key=F(field)).annotate(
        count=Count("pk", distinct=True), orgs=Count("provider", distinct=True)
    )
    return _labelled(dimension, list(grouped))


def trend(
    what: str, granularity: str = "month", filters: Filters | None = None
) -> list[dict[str, Any]]:
    """Needs or services published per month, quarter or year (in Helsinki time)."""
    trunc = GRANULARITIES[granularity]
    base: QuerySet[Any] = (
        published_needs(filters) if what == "needs" else published_services(filters)
    )
    rows = (
        base.order_by()
        .annotate(period=trunc("published_at"))
        .values("period")
        .annotate(count=Count("pk", distinct=True))
        .order_by("period")
    )
    return [
        {
            "start": row["period"],
            "period": period_label(row["period"], granularity),
            "count": row["count"],
        }
        for row in rows
    ]


def period_label(moment: date | datetime | None, granularity: str) -> str:
    if moment is None:
        return ""
    if granularity == "year":
        return f"{moment.year}"
    if granularity == "quarter":
        return f"{moment.year} Q{(moment.month - 1) // 3 + 1}"
    return f"{moment.year}-{moment.month:02d}"


def stacked(
    rows_dimension: str, series_dimension: str, filters: Filters | None = None
) -> dict[str, Any]:
    """Needs by one dimension, split by another: the data of a stacked bar chart."""
    row_field, series_field = DIMENSIONS[rows_dimension][0], DIMENSIONS[series_dimension][0]
    assert row_field and series_field
    grouped = list(
        published_needs(filters)
        .order_by()
        .values(row=F(row_field), series=F(series_field))
        .annotate(count=Count("pk", distinct=True))
    )
    row_labels = labels_for(rows_dimension, [g["row"] for g in grouped])
    series_labels = labels_for(series_dimension, [g["series"] for g in grouped])
    row_keys = sorted({g["row"] for g in grouped}, key=lambda k: row_labels.get(k, str(k)))
    series_keys = sorted({g["series"] for g in grouped}, key=lambda k: series_labels.get(k, ""))
    cells = {(g["row"], g["series"]): g["count"] for g in grouped}
    return {
        "labels": [row_labels.get(k, str(k)) for k in row_keys],
        "series": [
            {
                "label": series_labels.get(s, str(s)),
                "data": [cells.get((r, s), 0) for r in row_keys],
            }
            for s in series_keys
        ],
    }


# --- Gaps -----------------------------------------------------------------------------


def _threshold() -> Any:
    """The lowest proposal threshold among the clusters reaching the outer need.

    Clusters are few: their thresholds by region and by priority area are read once (one
    small query) and written into the SQL as CASE expressions. The region part is then a
    column lookup, the area part one indexed probe of the need's own area rows. A single
    subquery with an OR across the cluster join, tried first, made PostgreSQL scan: at
    10,000 needs it took half a second, at 100,000 several. NULLs are replaced before
    Least(): SQLite's MIN() of a NULL is NULL, unlike PostgreSQL's LEAST().
    """
    by_region: dict[int, float] = {}
    by_area: dict[int, float] = {}
    rows = Cluster.objects.order_by().values_list(
        "region_id", "priority_areas", "proposal_threshold"
    )
    for region_id, area_id, threshold in rows:
        by_region[region_id] = min(threshold, by_region.get(region_id, threshold))
        if area_id is not None:
            by_area[area_id] = min(threshold, by_area.get(area_id, threshold))
    output: FloatField[Any, Any] = FloatField()
    default = Value(DEFAULT_PROPOSAL_THRESHOLD, output_field=output)
    if not by_region:
        return default
    region_part: Any = Case(
        *[When(region_id=region, then=Value(t)) for region, t in by_region.items()],
        default=Value(None),
        output_field=output,
    )
    area_part: Any = Value(None, output_field=output)
    if by_area:
        links: QuerySet[Any] = DevelopmentNeed.priority_areas.through.objects.filter(
            developmentneed_id=OuterRef("pk"), priorityarea_id__in=list(by_area)
        )
        area_part = Subquery(
            links.annotate(
                t=Case(
                    *[When(priorityarea_id=area, then=Value(t)) for area, t in by_area.items()],
                    output_field=output,
                )
            )
            .order_by("t")
            .values("t")[:1],
            output_field=output,
        )
    # Each part once, NULL read as "above any threshold" (2.0), and the default if neither.
    above = Value(2.0, output_field=output)
    lowest = Least(
        Coalesce(region_part, above, output_field=output),
        Coalesce(area_part, above, output_field=output),
        output_field=output,
    )
    return Coalesce(NullIf(lowest, above), default, output_field=output)


def with_threshold(needs: QuerySet[DevelopmentNeed]) -> QuerySet[DevelopmentNeed]:
    return needs.annotate(threshold=_threshold())


def _strong_proposal() -> Exists:
    return Exists(Proposal.objects.filter(need=OuterRef("pk"), score__gte=OuterRef("threshold")))


def _live_match() -> Exists:
    """A match still open or agreed: one dismissed or ended without a deal answers nothing."""
    return Exists(
        Match.objects.filter(need=OuterRef("pk")).exclude(
            stage__in=(MatchStage.DISMISSED, MatchStage.NO_DEAL)
        )
    )


def needs_without_strong_proposal(filters: Filters | None = None) -> QuerySet[DevelopmentNeed]:
    """Open needs with no proposal at or above their cluster's threshold."""
    needs = with_threshold(published_needs(filters).filter(status=NeedStatus.PUBLISHED))
    return needs.filter(~_strong_proposal())


def needs_without_introduction(
    filters: Filters | None = None, days: int | None = None, now: datetime | None = None
) -> QuerySet[DevelopmentNeed]:
    """Needs published at least `days` ago that got no introduction within `days`."""
    days = introduction_days() if days is None else days
    now = now or timezone.now()
    window = timedelta(days=days)
    needs = published_needs(filters).filter(published_at__lte=now - window)
    needs = needs.annotate(
        intro_deadline=ExpressionWrapper(F("published_at") + window, output_field=DateTimeField())
    )
    introduced = MatchEvent.objects.filter(
        match__need=OuterRef("pk"),
        to_stage=MatchStage.INTRODUCED,
        created_at__lte=OuterRef("intro_deadline"),
    )
    return needs.filter(~Exists(introduced))


def needs_closed_without_outcome(filters: Filters | None = None) -> QuerySet[DevelopmentNeed]:
    """Needs closed or expired with no agreement."""
    agreed = Match.objects.filter(need=OuterRef("pk"), stage=MatchStage.AGREEMENT)
    return (
        published_needs(filters)
        .filter(status__in=(NeedStatus.CLOSED, NeedStatus.EXPIRED))
        .filter(~Exists(agreed))
    )


def unmet_needs(filters: Filters | None = None) -> QuerySet[DevelopmentNeed]:
    """Open needs that no service answers: no live match and no strong proposal."""
    needs = with_threshold(published_needs(filters).filter(status=NeedStatus.PUBLISHED))
    return needs.filter(~_live_match(), ~_strong_proposal())


def gap_counts(filters: Filters | None = None, now: datetime | None = None) -> dict[str, int]:
    return {
        "without_strong_proposal": needs_without_strong_proposal(filters).count(),
        "without_introduction": needs_without_introduction(filters, now=now).count(),
        "closed_without_outcome": needs_closed_without_outcome(filters).count(),
        "unmet": unmet_needs(filters).count(),
    }


def supply_gap_cells(filters: Filters | None = None) -> list[dict[str, Any]]:
    """Priority area by region cells with demand: needs, services in the region, remote
    services of the area anywhere, and whether needs outnumber services or only remote
    services exist. Three grouped queries; Python merges the grouped rows."""
    f = filters or Filters()
    needs = (
        published_needs(f)
        .filter(priority_areas__isnull=False)
        .order_by()
        .values("priority_areas", "region")
        .annotate(needs=Count("pk", distinct=True))
    )
    services = published_services(f.without_dates()).order_by()
    local = {
        (row["priority_areas"], row["region"]): row["n"]
        for row in services.filter(remote=False, priority_areas__isnull=False)
        .values("priority_areas", "region")
        .annotate(n=Count("pk", distinct=True))
    }
    remote = {
        row["priority_areas"]: row["n"]
        for row in services.filter(remote=True, priority_areas__isnull=False)
        .values("priority_areas")
        .annotate(n=Count("pk", distinct=True))
    }
    rows = list(needs)
    area_labels = labels_for("priority_area", [r["priority_areas"] for r in rows])
    region_labels = labels_for("region", [r["region"] for r in rows])
    cells = []
    for row in rows:
        area, region = row["priority_areas"], row["region"]
        in_region, anywhere = local.get((area, region), 0), remote.get(area, 0)
        cells.append(
            {
                "priority_area": area,
                "priority_area_label": area_labels.get(area, ""),
                "region": region,
                "region_label": region_labels.get(region, ""),
                "needs": row["needs"],
                "services_in_region": in_region,
                "remote_services": anywhere,
                "outnumbered": row["needs"] > in_region + anywhere,
                "remote_only": in_region == 0 and anywhere > 0,
            }
        )
    return sorted(cells, key=lambda c: (-c["needs"], c["priority_area_label"], c["region_label"]))


def heat_map(filters: Filters | None = None) -> dict[str, Any]:
    """Needs per priority area (rows) and region (columns), with the largest cell."""
    grouped = list(
        published_needs(filters)
        .filter(priority_areas__isnull=False)
        .order_by()
        .values("priority_areas", "region")
        .annotate(count=Count("pk", distinct=True))
    )
    area_labels = labels_for("priority_area", [g["priority_areas"] for g in grouped])
    region_labels = labels_for("region", [g["region"] for g in grouped])
    areas = sorted({g["priority_areas"] for g in grouped}, key=lambda k: area_labels[k])
    regions = sorted({g["region"] for g in grouped}, key=lambda k: region_labels[k])
    cells = {(g["priority_areas"], g["region"]): g["count"] for g in grouped}
    peak = max(cells.values(), default=0)
    return {
        "columns": [region_labels[r] for r in regions],
        "rows": [
            {
                "label": area_labels[a],
                "cells": [
                    {"count": cells.get((a, r), 0), "level": heat_level(cells.get((a, r), 0), peak)}
                    for r in regions
                ],
            }
            for a in areas
        ],
        "peak": peak,
    }


def heat_level(count: int, peak: int) -> int:
    """0-5: the class of a heat-map cell (0 = none), proportional to the largest cell."""
    if count <= 0 or peak <= 0:
        return 0
    return max(1, min(5, -(-count * 5 // peak)))


RECURRING_SAMPLE = 500


def recurring_words(filters: Filters | None = None, top: int = 20) -> list[dict[str, Any]]:
    """The engine's concepts that recur in unmet needs, by how many needs use them.

    Text analysis cannot run in SQL: it reads the newest RECURRING_SAMPLE unmet needs (two
    columns) and counts each concept once per need.
    """
    texts = (
        unmet_needs(filters)
        .order_by("-published_at")
        .values_list("title", "description", "language")[:RECURRING_SAMPLE]
    )
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for title, description, language in texts:
        analysis = analyse(f"{title}\n{description}", language)
        concepts = {c for c in analysis.concepts if not c.startswith("#") and len(c) > 2}
        counts.update(concepts)
        for concept in concepts:
            shown.setdefault(concept, analysis.concept_source.get(concept, concept))
    return [{"word": shown[c], "count": n} for c, n in counts.most_common(top) if n > 1]


def unanswered_needs_for_provider(
    provider: Organisation, visible: QuerySet[DevelopmentNeed]
) -> QuerySet[DevelopmentNeed]:
    """Open needs in the provider's priority areas that no service answers yet.

    `visible` is what the viewer may read (companies.selectors.needs_in_directory).
    """
    areas = PriorityArea.objects.filter(
        services__provider=provider, services__status=ServiceStatus.PUBLISHED
    ).values("pk")
    in_areas = DevelopmentNeed.objects.filter(priority_areas__in=areas).values("pk")
    return with_threshold(visible.filter(pk__in=in_areas, status=NeedStatus.PUBLISHED)).filter(
        ~_live_match(), ~_strong_proposal()
    )


# --- Cluster scorecard ----------------------------------------------------------------


def reach_q(cluster: Cluster, prefix: str = "") -> Q:
    """Needs (or rows of a need, with `prefix`) the cluster reaches: its region, or one of
    its priority areas through the link table as a plain id subquery. Unlike
    `Cluster.reach_q`, no join repeats rows and no OR spans a join, so PostgreSQL hashes
    the subquery once instead of scanning per row."""
    area_ids = list(cluster.priority_areas.values_list("pk", flat=True))
    reached = Q(**{f"{prefix}region_id": cluster.region_id})
    if area_ids:
        links: QuerySet[Any] = DevelopmentNeed.priority_areas.through.objects.filter(
            priorityarea_id__in=area_ids
        ).values("developmentneed_id")
        reached |= Q(**{f"{prefix}pk__in" if not prefix else f"{prefix}id__in": links})
    return reached


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def cluster_scorecard(cluster: Cluster, start: date, end: date) -> dict[str, Any]:
    """One cluster's figures for needs published and matches started in [start, end).

    Grouped queries from the match side (first match and first introduction per need)
    instead of a correlated subquery per need; the median is taken over the per-need
    durations the database returns (one number per introduced need).
    """
    received = published_needs(Filters(start=start, end=end)).filter(reach_q(cluster))
    in_period = Q(created_at__gte=_moment(start), created_at__lt=_moment(end))
    matches = Match.objects.filter(reach_q(cluster, "need__")).filter(in_period)
    received_count = received.count()
    per_need = (
        Match.objects.filter(need__in=received.values("pk"))
        .order_by()
        .values("need", "need__published_at")
        .annotate(first=Min("created_at"))
    )
    answer_calendar_extend(start=start, end=end)
    deadline = AnswerDeadline.objects.filter(
        starts_at__lte=OuterRef("need__published_at"), ends_at__gt=OuterRef("need__published_at")
    ).values("answer_by")[:1]
    answered = (
        per_need.annotate(answer_by=Subquery(deadline)).filter(first__lt=F("answer_by")).count()
    )
    waited = (
        MatchEvent.objects.filter(
            to_stage=MatchStage.INTRODUCED, match__need__in=received.values("pk")
        )
        .order_by()
        .values("match__need", "match__need__published_at")
        .annotate(first=Min("created_at"))
        .annotate(
            waited=ExpressionWrapper(
                F("first") - F("match__need__published_at"), output_field=DurationField()
            )
        )
        .values_list("waited", flat=True)
    )
    match_figures = matches.aggregate(
        total=Count("pk"),
        agreements=Count("pk", filter=Q(stage=MatchStage.AGREEMENT)),
        provider_driven=Count("pk", filter=Q(origin=MatchOrigin.PROVIDER_INTEREST)),
    )
    outcomes = dict(
        matches.filter(stage=MatchStage.AGREEMENT)
        .exclude(outcome_type="")
        .order_by()
        .values_list("outcome_type")
        .annotate(n=Count("pk"))
    )
    engaged = Organisation.objects.filter(
        Q(pk__in=received.values("organisation")) | Q(pk__in=matches.values("need__organisation"))
    ).count()
    ratings = IntroductionRating.objects.filter(
        reach_q(cluster, "match__need__"),
        score__isnull=False,
        rated_at__gte=_moment(start),
        rated_at__lt=_moment(end),
    ).aggregate(average=Avg("score"), count=Count("pk"))
    total = match_figures["total"]
    return {
        "cluster": cluster.name,
        "cluster_id": cluster.pk,
        "companies_engaged": engaged,
        "needs_received": received_count,
        "answered_within_10_working_days": answered,
        "answered_share": _share(answered, received_count),
        "median_days_to_introduction": _median(
            [d.total_seconds() / 86400 for d in waited if d is not None]
        ),
        "matches": total,
        "agreements": match_figures["agreements"],
        "conversion": _share(match_figures["agreements"], total),
        "outcomes": {str(OutcomeType(k).label): outcomes.get(k, 0) for k in OutcomeType.values},
        "business_driven": total - match_figures["provider_driven"],
        "provider_driven": match_figures["provider_driven"],
        "business_driven_share": _share(total - match_figures["provider_driven"], total),
        "rating_average": round(ratings["average"], 2) if ratings["average"] is not None else None,
        "rating_count": ratings["count"],
    }


def scorecards(start: date, end: date) -> list[dict[str, Any]]:
    """Every cluster's scorecard, by name: one statement for all clusters together
    (`scorecard_sql`), agreeing with `cluster_scorecard` for each (tested)."""
    from .scorecard_sql import all_scorecards

    return list(all_scorecards(start, end).values())


def totals(filters: Filters | None = None) -> dict[str, int]:
    needs = published_needs(filters).aggregate(
        needs=Count("pk", distinct=True), companies=Count("organisation", distinct=True)
    )
    services = published_services(filters).aggregate(
        services=Count("pk", distinct=True), providers=Count("provider", distinct=True)
    )
    return {**needs, **services}


def money(values: QuerySet[Any], field: str) -> int:
    return int(values.aggregate(total=Coalesce(Sum(field), 0))["total"])


def months_back(today: date, count: int) -> tuple[date, date]:
    """The `count` whole months up to and including today's month: [start, end)."""
    end_year, end_month = (
        (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    )
    index = end_year * 12 + end_month - 1 - count
    return date(index // 12, index % 12 + 1, 1), date(end_year, end_month, 1)
