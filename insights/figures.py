"""The picture's datasets, cached, as tables: one source for the pages, CSV, XLSX and PDF.

Caching: each dataset is cached under a key made of its name, its parameters, the viewer's
language and a *fingerprint* of the data it reads: the latest `updated_at` and the row count
of needs, services, proposals and matches, and the latest rating and impact answer. Any
write that changes a figure (publishing or closing a need, a service, a match moving stage,
a new proposal, an answer) changes the fingerprint, so the next read misses and recomputes:
nothing is bumped by hand in other apps' actions, and a deletion changes a count. The
fingerprint is six small aggregates per request; a TTL of an hour bounds what it cannot see
(a cluster's threshold edited in the admin).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from companies.models import DevelopmentNeed
from core import jobs
from matchmaking.models import Match, Proposal
from services.models import RDService

from . import indicators, selectors
from .models import ImpactFollowUp, IntroductionRating
from .selectors import DIMENSION_LABELS, Filters

TTL = 3600
WARM_TASK = jobs.PICTURE_WARM_TASK


def fingerprint() -> str:
    """A few index-friendly aggregates over the tables the figures read."""
    parts: list[str] = []
    for model, field in (
        (DevelopmentNeed, "updated_at"),
        (RDService, "updated_at"),
        (Proposal, "updated_at"),
        (Match, "updated_at"),
        (IntroductionRating, "rated_at"),
        (ImpactFollowUp, "updated_at"),
    ):
        row = model.objects.order_by().aggregate(c=Count("pk"), m=Max(field))
        parts += [str(row["c"]), str(row["m"])]
    return hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()[:16]


def _key(name: str, params: str, stamp: str) -> str:
    source = f"{name}|{params}|{get_language()}|{stamp}"
    return "insights:" + hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()


def cached(name: str, params: str, compute: Callable[[], Any], stamp: str | None = None) -> Any:
    key = _key(name, params, stamp or fingerprint())
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL)
    return value


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f} %"


def demand_table(filters: Filters, by: str) -> Table:
    rows = selectors.demand_by(by, filters)
    return Table(
        str(_("Demand: needs by %(dimension)s") % {"dimension": DIMENSION_LABELS[by]}),
        [str(DIMENSION_LABELS[by]), str(_("Needs")), str(_("Organisations"))],
        [[r["label"], r["count"], r["orgs"]] for r in rows],
    )


def supply_table(filters: Filters, by: str) -> Table:
    rows = selectors.supply_by(by, filters)
    return Table(
        str(_("Supply: services by %(dimension)s") % {"dimension": DIMENSION_LABELS[by]}),
        [str(DIMENSION_LABELS[by]), str(_("Services")), str(_("Providers"))],
        [[r["label"], r["count"], r["orgs"]] for r in rows],
    )


def trend_table(filters: Filters, granularity: str) -> Table:
    needs = {r["period"]: r["count"] for r in selectors.trend("needs", granularity, filters)}
    services = {r["period"]: r["count"] for r in selectors.trend("services", granularity, filters)}
    periods = sorted(set(needs) | set(services))
    return Table(
        str(_("Needs and services published over time")),
        [str(_("Period")), str(_("Needs")), str(_("Services"))],
        [[p, needs.get(p, 0), services.get(p, 0)] for p in periods],
    )


def heat_table(filters: Filters) -> Table:
    heat = selectors.heat_map(filters)
    return Table(
        str(_("Needs by priority area and region")),
        [str(_("Priority area")), *heat["columns"]],
        [[row["label"], *[c["count"] for c in row["cells"]]] for row in heat["rows"]],
    )


def stacked_table(filters: Filters) -> Table:
    data = selectors.stacked("priority_area", "size", filters)
    return Table(
        str(_("Needs by priority area and size class")),
        [str(_("Priority area")), *[s["label"] for s in data["series"]]],
        [
            [label, *[s["data"][i] for s in data["series"]]]
            for i, label in enumerate(data["labels"])
        ],
    )


def gaps_table(filters: Filters) -> Table:
    counts = selectors.gap_counts(filters)
    days = selectors.introduction_days()
    return Table(
        str(_("Unmet demand")),
        [str(_("Gap")), str(_("Needs"))],
        [
            [
                str(_("Open needs with no proposal above their cluster's threshold")),
                counts["without_strong_proposal"],
            ],
            [
                str(_("Needs with no introduction within %(days)s days") % {"days": days}),
                counts["without_introduction"],
            ],
            [str(_("Needs closed without an outcome")), counts["closed_without_outcome"]],
            [str(_("Open needs no service answers yet")), counts["unmet"]],
        ],
    )


def cells_table(filters: Filters) -> Table:
    cells = selectors.supply_gap_cells(filters)
    yes, no = str(_("yes")), str(_("no"))
    return Table(
        str(_("Supply gaps by priority area and region")),
        [
            str(_("Priority area")),
            str(_("Region")),
            str(_("Needs")),
            str(_("Services in the region")),
            str(_("Remote services")),
            str(_("Needs outnumber services")),
            str(_("Only remote services")),
        ],
        [
            [
                c["priority_area_label"],
                c["region_label"],
                c["needs"],
                c["services_in_region"],
                c["remote_services"],
                yes if c["outnumbered"] else no,
                yes if c["remote_only"] else no,
            ]
            for c in cells
        ],
    )


def words_table(filters: Filters) -> Table:
    return Table(
        str(_("Recurring words in unmet needs")),
        [str(_("Word")), str(_("Needs"))],
        [[w["word"], w["count"]] for w in selectors.recurring_words(filters)],
    )


def scorecard_table(start: date, end: date) -> Table:
    cards = selectors.scorecards(start, end)
    return Table(
        str(_("Cluster scorecard %(start)s – %(end)s") % {"start": start, "end": end}),
        [
            str(_("Cluster")),
            str(_("Companies engaged")),
            str(_("Needs received")),
            str(_("Answered within 10 working days")),
            str(_("Median days to introduction")),
            str(_("Matches")),
            str(_("Conversion to agreement")),
            str(_("Business-driven")),
            str(_("Provider-driven")),
            str(_("Rating of introductions (1–5)")),
            str(_("Ratings")),
            *[str(label) for label in selectors.OutcomeType.labels],
        ],
        [
            [
                c["cluster"],
                c["companies_engaged"],
                c["needs_received"],
                _pct(c["answered_share"]),
                c["median_days_to_introduction"],
                c["matches"],
                _pct(c["conversion"]),
                _pct(c["business_driven_share"]),
                c["provider_driven"],
                c["rating_average"],
                c["rating_count"],
                *c["outcomes"].values(),
            ]
            for c in cards
        ],
    )


def indicators_table(start: date | None, end: date | None) -> Table:
    figures = indicators.indicator_figures(start, end)
    sizes = indicators.by_size(start, end)
    rows = [[f["code"], f["name"], f["value"], f["unit"]] for f in figures]
    labels = dict(indicators.SmeSize.choices)
    for size in indicators.SmeSize.values:
        rows.insert(
            1 + indicators.SmeSize.values.index(size),
            [f"RCO01 {size}", str(labels[size]), sizes[size], str(_("enterprises"))],
        )
    return Table(
        str(_("ERDF common indicators")),
        [str(_("Code")), str(_("Indicator")), str(_("Value")), str(_("Unit"))],
        rows,
    )


DATASETS = (
    "demand",
    "supply",
    "trend",
    "stacked",
    "heat",
    "gaps",
    "cells",
    "words",
    "scorecard",
    "indicators",
)


@dataclass(frozen=True)
class Params:
    filters: Filters
    by: str = "priority_area"
    granularity: str = "month"
    start: date | None = None
    end: date | None = None

    def key(self) -> str:
        return f"{self.filters.key()}|{self.by}|{self.granularity}|{self.start}|{self.end}"


def table(name: str, params: Params, stamp: str | None = None) -> Table:
    def compute() -> Table:
        f = params.filters
        if name == "demand":
            return demand_table(f, params.by)
        if name == "supply":
            return supply_table(f, params.by)
        if name == "trend":
            return trend_table(f, params.granularity)
        if name == "stacked":
            return stacked_table(f)
        if name == "heat":
            return heat_table(f)
        if name == "gaps":
            return gaps_table(f)
        if name == "cells":
            return cells_table(f)
        if name == "words":
            return words_table(f)
        assert params.start and params.end
        if name == "scorecard":
            return scorecard_table(params.start, params.end)
        return indicators_table(params.start, params.end)

    if name not in DATASETS:
        raise KeyError(name)
    return cached(name, params.key(), compute, stamp)


def chart_data(params: Params, stamp: str | None = None) -> dict[str, Any]:
    """What the charts draw, computed once per fingerprint."""

    def compute() -> dict[str, Any]:
        f = params.filters
        needs = selectors.trend("needs", params.granularity, f)
        services = selectors.trend("services", params.granularity, f)
        periods = sorted({r["period"] for r in needs} | {r["period"] for r in services})
        by_needs = {r["period"]: r["count"] for r in needs}
        by_services = {r["period"]: r["count"] for r in services}
        return {
            "trend": {
                "labels": periods,
                "needs": [by_needs.get(p, 0) for p in periods],
                "services": [by_services.get(p, 0) for p in periods],
                "needs_label": str(_("Needs")),
                "services_label": str(_("Services")),
            },
            "stacked": selectors.stacked("priority_area", "size", f),
            "regions": {r["key"]: r["count"] for r in selectors.demand_by("region", f) if r["key"]},
        }

    return cached("charts", params.key(), compute, stamp)


def figures_changed() -> None:
    """A write changed what the picture shows: warm it in the background, debounced."""
    jobs.picture_changed()


def default_params(today: date | None = None) -> Params:
    """What `/insights/` shows without filters: the last 12 months by priority area."""
    from .forms_filters import FilterForm

    filters, by, granularity = FilterForm(None).values()
    start, end = selectors.months_back(today or timezone.localdate(), 12)
    return Params(filters, by, granularity, start, end)


def warm(today: date | None = None) -> int:
    """Compute the default page's tables and charts in every language; returns how many
    datasets were computed (cache misses)."""
    params = default_params(today)
    stamp = fingerprint()
    computed = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name in DATASETS:
                computed += _warm_one(
                    name, params.key(), partial(table, name, params, stamp), stamp
                )
            computed += _warm_one("charts", params.key(), partial(chart_data, params, stamp), stamp)
    return computed


def _warm_one(name: str, params: str, compute: Callable[[], Any], stamp: str) -> int:
    if cache.get(_key(name, params, stamp)) is not None:
        return 0
    compute()
    return 1
