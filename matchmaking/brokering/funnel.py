"""Funnel figures for a set of matches: counts per stage, time in stage, conversion.

Given a queryset, the database does the counting (GROUP BY stage and outcome, a distinct
count of cooperating enterprises) and only two narrow columns per match and stage change
come back for the medians: no match is loaded as an object, whatever the region's size.
A list of matches (already loaded for a page) is counted in memory the same way.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet

from ..models import Match, MatchEvent, MatchStage, OutcomeType

ORDER: list[str] = [
    MatchStage.PROPOSED,
    MatchStage.SHORTLISTED,
    MatchStage.INTRODUCED,
    MatchStage.IN_DISCUSSION,
    MatchStage.AGREEMENT,
    MatchStage.NO_DEAL,
    MatchStage.DISMISSED,
]
FINAL = (MatchStage.AGREEMENT, MatchStage.NO_DEAL, MatchStage.DISMISSED)


def _durations(
    matches: Iterable[tuple[int, datetime, str]], now: datetime
) -> dict[str, list[float]]:
    """Days each match spent in each stage it passed through (and is in now), from
    (id, created, stage) triples and the matches' stage-change events."""
    matches = list(matches)
    durations: dict[str, list[float]] = {str(stage): [] for stage in ORDER}
    by_match: dict[int, list[tuple[str, datetime]]] = {}
    for match_id, to_stage, created_at in (
        MatchEvent.objects.filter(match_id__in=[pk for pk, _c, _s in matches], kind="stage")
        .order_by("match_id", "created_at", "pk")
        .values_list("match_id", "to_stage", "created_at")
    ):
        by_match.setdefault(match_id, []).append((to_stage, created_at))
    for pk, created_at, _stage in matches:
        entered, stage = created_at, MatchStage.PROPOSED.value
        for to_stage, changed_at in by_match.get(pk, []):
            durations[stage].append((changed_at - entered).total_seconds() / 86400)
            entered, stage = changed_at, to_stage
        if stage not in FINAL:
            durations[stage].append((now - entered).total_seconds() / 86400)
    return durations


def stage_durations(matches: Iterable[Match], now: datetime) -> dict[str, list[float]]:
    return _durations(((m.pk, m.created_at, m.stage) for m in matches), now)


def funnel(matches: QuerySet[Match] | list[Match], now: datetime) -> dict[str, Any]:
    counts: dict[str, int] = dict.fromkeys(ORDER, 0)
    outcomes: dict[str, int] = {}
    if isinstance(matches, QuerySet):
        plain = matches.order_by().prefetch_related(None)
        for stage, count in plain.values_list("stage").annotate(n=Count("pk", distinct=True)):
            counts[stage] = count
        agreed = plain.filter(stage=MatchStage.AGREEMENT).exclude(outcome_type="")
        for outcome, count in agreed.values_list("outcome_type").annotate(
            n=Count("pk", distinct=True)
        ):
            outcomes[outcome] = count
        # EU indicator "enterprises cooperating with research institutions": only joint
        # R&D projects count, and each enterprise once.
        cooperating = (
            agreed.filter(outcome_type=OutcomeType.JOINT_RD_PROJECT)
            .values("need__organisation_id")
            .distinct()
            .count()
        )
        durations = _durations(plain.values_list("pk", "created_at", "stage").distinct(), now)
    else:
        enterprises: set[int] = set()
        for match in matches:
            counts[match.stage] += 1
            if match.stage == MatchStage.AGREEMENT and match.outcome_type:
                outcomes[match.outcome_type] = outcomes.get(match.outcome_type, 0) + 1
                if match.outcome_type == OutcomeType.JOINT_RD_PROJECT:
                    enterprises.add(match.need.organisation_id)
        cooperating = len(enterprises)
        durations = stage_durations(matches, now)
    total = sum(counts.values())
    rows = [
        {
            "stage": stage,
            "label": str(MatchStage(stage).label),
            "count": counts[stage],
            "median_days": round(statistics.median(durations[stage]), 1)
            if durations[stage]
            else None,
        }
        for stage in ORDER
    ]
    agreements = counts[MatchStage.AGREEMENT]
    return {
        "rows": rows,
        "total": total,
        "conversion": round(agreements / total, 3) if total else 0.0,
        "outcomes": outcomes,
        "enterprises_cooperating": cooperating,
    }
