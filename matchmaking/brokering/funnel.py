"""Funnel figures for a set of matches: counts per stage, time in stage, conversion.

Counted in the database (GROUP BY): the page showing the funnel stays the same size and
makes the same queries however many matches a region has. Only the median days in stage
read one narrow row per match and per stage change.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet

from ..models import FINAL_STAGES, Match, MatchEvent, MatchStage, OutcomeType

ORDER: list[str] = [
    MatchStage.PROPOSED,
    MatchStage.SHORTLISTED,
    MatchStage.INTRODUCED,
    MatchStage.IN_DISCUSSION,
    MatchStage.AGREEMENT,
    MatchStage.NO_DEAL,
    MatchStage.DISMISSED,
]


def _plain(matches: QuerySet[Match]) -> QuerySet[Match]:
    """The same rows without the joins, prefetches and ordering a list page adds."""
    return matches.order_by().select_related(None).prefetch_related(None)


def stage_counts(matches: QuerySet[Match]) -> dict[str, int]:
    """Matches per stage, every stage present: one GROUP BY."""
    counts: dict[str, int] = dict.fromkeys(ORDER, 0)
    for stage, count in _plain(matches).values_list("stage").annotate(n=Count("pk")):
        counts[stage] = count
    return counts


def stage_durations(
    matches: Iterable[tuple[int, datetime]], events: Iterable[Mapping[str, Any]], now: datetime
) -> dict[str, list[float]]:
    """Days each match spent in each stage it passed through (and is in now).

    `matches` are (id, created) pairs; `events` the stage changes ordered by match and time.
    """
    durations: dict[str, list[float]] = {str(stage): [] for stage in ORDER}
    by_match: dict[int, list[Mapping[str, Any]]] = {}
    for event in events:
        by_match.setdefault(event["match_id"], []).append(event)
    for pk, created in matches:
        entered, stage = created, MatchStage.PROPOSED.value
        for step in by_match.get(pk, []):
            durations[stage].append((step["created_at"] - entered).total_seconds() / 86400)
            entered, stage = step["created_at"], step["to_stage"]
        if stage not in FINAL_STAGES:
            durations[stage].append((now - entered).total_seconds() / 86400)
    return durations


def funnel(matches: QuerySet[Match], now: datetime) -> dict[str, Any]:
    plain = _plain(matches)
    # One GROUP BY for the three counts: per stage, per outcome of an agreement, and the
    # companies of joint R&D agreements (a group of its own, so its distinct count is the
    # indicator's).
    counts: dict[str, int] = dict.fromkeys(ORDER, 0)
    outcomes: dict[str, int] = {}
    cooperating = 0
    grouped = plain.values_list("stage", "outcome_type").annotate(
        n=Count("pk"), companies=Count("need__organisation_id", distinct=True)
    )
    for stage, outcome, n, companies in grouped:
        counts[stage] = counts.get(stage, 0) + n
        if stage == MatchStage.AGREEMENT and outcome:
            outcomes[outcome] = n
            if outcome == OutcomeType.JOINT_RD_PROJECT:
                # EU indicator "enterprises cooperating with research institutions": only
                # joint R&D projects count, and each enterprise once.
                cooperating = companies
    events = (
        MatchEvent.objects.filter(match__in=plain.values("pk"), kind="stage")
        .order_by("match_id", "created_at", "pk")
        .values("match_id", "to_stage", "created_at")
    )
    durations = stage_durations(plain.values_list("pk", "created_at"), events, now)
    total = sum(counts.values())
    rows: list[dict[str, Any]] = [
        {
            "stage": stage,
            "label": str(MatchStage(stage).label),
            "count": counts[stage],
            "percent": round(100 * counts[stage] / total) if total else 0,
            "median_days": round(statistics.median(durations[stage]), 1)
            if durations[stage]
            else None,
        }
        for stage in ORDER
    ]
    for row in rows:
        # The bar's width class (w-pct-0 … w-pct-100 in app.css): the CSP forbids style="".
        row["bar"] = 5 * round(int(row["percent"]) / 5)
    conversion = round(counts[MatchStage.AGREEMENT] / total, 3) if total else 0.0
    return {
        "rows": rows,
        "counts": counts,
        "total": total,
        "conversion": conversion,
        "conversion_percent": round(100 * conversion),
        "outcomes": outcomes,
        "enterprises_cooperating": cooperating,
    }
