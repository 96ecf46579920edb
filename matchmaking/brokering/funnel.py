"""Funnel figures for a set of matches: counts per stage, time in stage, conversion."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import datetime
from typing import Any

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


def stage_durations(matches: Iterable[Match], now: datetime) -> dict[str, list[float]]:
    """Days each match spent in each stage it passed through (and is in now)."""
    durations: dict[str, list[float]] = {str(stage): [] for stage in ORDER}
    ids = [m.pk for m in matches]
    events = (
        MatchEvent.objects.filter(match_id__in=ids, kind="stage")
        .order_by("match_id", "created_at", "pk")
        .values("match_id", "to_stage", "created_at")
    )
    by_match: dict[int, list[dict[str, Any]]] = {}
    for event in events:
        by_match.setdefault(event["match_id"], []).append(dict(event))
    for match in matches:
        entered, stage = match.created_at, MatchStage.PROPOSED.value
        for step in by_match.get(match.pk, []):
            durations[stage].append((step["created_at"] - entered).total_seconds() / 86400)
            entered, stage = step["created_at"], step["to_stage"]
        if stage not in (MatchStage.AGREEMENT, MatchStage.NO_DEAL, MatchStage.DISMISSED):
            durations[stage].append((now - entered).total_seconds() / 86400)
    return durations


def funnel(matches: list[Match], now: datetime) -> dict[str, Any]:
    counts: dict[str, int] = dict.fromkeys(ORDER, 0)
    for match in matches:
        counts[match.stage] += 1
    durations = stage_durations(matches, now)
    total = len(matches)
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
    outcomes: dict[str, int] = {}
    cooperating: set[int] = set()
    for match in matches:
        if match.stage == MatchStage.AGREEMENT and match.outcome_type:
            outcomes[match.outcome_type] = outcomes.get(match.outcome_type, 0) + 1
            if match.outcome_type == OutcomeType.JOINT_RD_PROJECT:
                cooperating.add(match.need.organisation_id)
    return {
        "rows": rows,
        "total": total,
        "conversion": round(agreements / total, 3) if total else 0.0,
        "outcomes": outcomes,
        # EU indicator "enterprises cooperating with research institutions": only joint
        # R&D projects count, and each enterprise once.
        "enterprises_cooperating": len(cooperating),
    }
