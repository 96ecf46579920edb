"""Every cluster's scorecard in six grouped queries.

A need reaches a cluster by the cluster's region or by a shared priority area: a relation
the ORM cannot group by (a need has no reverse path from its region to the clusters), so
per-cluster ORM queries scanned the needs once per figure per cluster (15 s for 10
clusters at 100,000 needs). Here the reach is one CTE (a UNION of the two ways, so a need
reaching a cluster both ways counts once) and each figure is one GROUP BY cluster over it.
Plain SQL with parameters only; the few date expressions differ between PostgreSQL and
SQLite. `selectors.cluster_scorecard` (ORM, one cluster) defines the same figures and the
tests check that both agree.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from accounts.models import Organisation
from companies.models import DevelopmentNeed
from matchmaking.models import Match, MatchEvent, MatchOrigin, MatchStage, OutcomeType
from taxonomy.models import Cluster

from .actions import answer_calendar_extend
from .models import AnswerDeadline, IntroductionRating


def _tables() -> dict[str, str]:
    return {
        "cluster": Cluster._meta.db_table,
        "cluster_areas": Cluster.priority_areas.through._meta.db_table,
        "need": DevelopmentNeed._meta.db_table,
        "need_areas": DevelopmentNeed.priority_areas.through._meta.db_table,
        "match": Match._meta.db_table,
        "event": MatchEvent._meta.db_table,
        "rating": IntroductionRating._meta.db_table,
        "org": Organisation._meta.db_table,
        "deadline": AnswerDeadline._meta.db_table,
    }


# The reach is built once per call, as a temporary table, and only for the needs any figure
# can count (received, matched or rated in the period): pairing every need with every
# cluster made each query sort half a million pairs, and a CTE per query built it six times.
REACH_TABLE = "insights_scorecard_reach"
BUILD_REACH = """CREATE TEMP TABLE insights_scorecard_reach AS
WITH cand AS ({candidates})
SELECT c.id AS cluster_id, n.id AS need_id
FROM {cluster} c JOIN {need} n ON n.region_id = c.region_id
WHERE n.id IN (SELECT id FROM cand)
UNION
SELECT ca.cluster_id, na.developmentneed_id
FROM {cluster_areas} ca JOIN {need_areas} na ON na.priorityarea_id = ca.priorityarea_id
WHERE na.developmentneed_id IN (SELECT id FROM cand)
"""
RECEIVED = (
    "n.status <> 'draft' AND n.published_at IS NOT NULL"
    " AND n.published_at >= %s AND n.published_at < %s"
)
RECEIVED_NEEDS = "SELECT n.id FROM {need} n WHERE " + RECEIVED
MATCHED_NEEDS = (
    "SELECT DISTINCT need_id AS id FROM {match} WHERE created_at >= %s AND created_at < %s"
)
RATED_NEEDS = (
    "SELECT DISTINCT m.need_id AS id FROM {rating} g JOIN {match} m ON m.id = g.match_id"
    " WHERE g.score IS NOT NULL AND g.rated_at >= %s AND g.rated_at < %s"
)


def _deadline_join(need: str) -> tuple[str, list[Any]]:
    """Join the answer calendar on the local day `need` was published."""
    if connection.vendor == "postgresql":
        return (
            f"LEFT JOIN {{deadline}} cal ON cal.day = ({need}.published_at AT TIME ZONE %s)::date",
            [settings.TIME_ZONE],
        )
    # SQLite has no time zones: the calendar row's UTC bounds of the local day.
    return (
        f"LEFT JOIN {{deadline}} cal ON {need}.published_at >= cal.starts_at"
        f" AND {need}.published_at < cal.ends_at",
        [],
    )


def _seconds_between(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
    return f"(julianday({later}) - julianday({earlier})) * 86400.0"


def _rows(cursor: Any, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Only table names (from the models) and fixed snippets are formatted into `sql`;
    every value is a parameter."""
    cursor.execute(sql.replace("reach r", f"{REACH_TABLE} r").format(**_tables()), params)
    return list(cursor.fetchall())


def all_scorecards(start: date, end: date) -> dict[int, dict[str, Any]]:
    """cluster id -> the scorecard figures of `selectors.cluster_scorecard`."""
    from .selectors import _moment

    lo, hi = _moment(start), _moment(end)
    answer_calendar_extend(start=start, end=end)
    deadline_join, deadline_params = _deadline_join("n")
    candidates = " UNION ".join((RECEIVED_NEEDS, MATCHED_NEEDS, RATED_NEEDS))
    # One connection and transaction: the temporary table is this connection's own.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {REACH_TABLE}")
        cursor.execute(
            BUILD_REACH.replace("{candidates}", candidates).format(**_tables()), [lo, hi] * 3
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {REACH_TABLE}")
        received = _rows(
            cursor,
            "WITH first_match AS (\n"
            "  SELECT need_id, MIN(created_at) AS first FROM {match} GROUP BY need_id)\n"
            "SELECT r.cluster_id, COUNT(*),\n"
            "  SUM(CASE WHEN fm.first < cal.answer_by THEN 1 ELSE 0 END)\n"
            "FROM reach r JOIN {need} n ON n.id = r.need_id\n"
            "LEFT JOIN first_match fm ON fm.need_id = n.id\n"
            f"{deadline_join}\n"
            f"WHERE {RECEIVED} GROUP BY r.cluster_id",
            [*deadline_params, lo, hi],
        )
        waited = _rows(
            cursor,
            "WITH first_intro AS (SELECT m.need_id, MIN(e.created_at) AS first FROM {event} e "
            "JOIN {match} m ON m.id = e.match_id WHERE e.to_stage = %s GROUP BY m.need_id)\n"
            f"SELECT r.cluster_id, {_seconds_between('fi.first', 'n.published_at')}\n"
            "FROM reach r JOIN {need} n ON n.id = r.need_id\n"
            "JOIN first_intro fi ON fi.need_id = n.id\n"
            f"WHERE {RECEIVED}",
            [MatchStage.INTRODUCED, lo, hi],
        )
        matches = _rows(
            cursor,
            "SELECT r.cluster_id, COUNT(*),\n"
            "  SUM(CASE WHEN m.stage = %s THEN 1 ELSE 0 END),\n"
            "  SUM(CASE WHEN m.origin = %s THEN 1 ELSE 0 END)\n"
            "FROM reach r JOIN {match} m ON m.need_id = r.need_id\n"
            "WHERE m.created_at >= %s AND m.created_at < %s GROUP BY r.cluster_id",
            [MatchStage.AGREEMENT, MatchOrigin.PROVIDER_INTEREST, lo, hi],
        )
        outcomes = _rows(
            cursor,
            "SELECT r.cluster_id, m.outcome_type, COUNT(*)\n"
            "FROM reach r JOIN {match} m ON m.need_id = r.need_id\n"
            "WHERE m.created_at >= %s AND m.created_at < %s\n"
            "  AND m.stage = %s AND m.outcome_type <> ''\n"
            "GROUP BY r.cluster_id, m.outcome_type",
            [lo, hi, MatchStage.AGREEMENT],
        )
        engaged = _rows(
            cursor,
            "SELECT cluster_id, COUNT(DISTINCT org) FROM (\n"
            "  SELECT r.cluster_id, n.organisation_id AS org FROM reach r\n"
            f"  JOIN {{need}} n ON n.id = r.need_id WHERE {RECEIVED}\n"
            "  UNION ALL\n"  # COUNT(DISTINCT) dedupes; UNION would sort first
            "  SELECT r.cluster_id, n.organisation_id FROM reach r\n"
            "  JOIN {match} m ON m.need_id = r.need_id JOIN {need} n ON n.id = m.need_id\n"
            "  WHERE m.created_at >= %s AND m.created_at < %s\n"
            ") x GROUP BY cluster_id",
            [lo, hi, lo, hi],
        )
        ratings = _rows(
            cursor,
            "SELECT r.cluster_id, AVG(g.score), COUNT(*)\n"
            "FROM reach r JOIN {match} m ON m.need_id = r.need_id\n"
            "JOIN {rating} g ON g.match_id = m.id\n"
            "WHERE g.score IS NOT NULL AND g.rated_at >= %s AND g.rated_at < %s\n"
            "GROUP BY r.cluster_id",
            [lo, hi],
        )
        cursor.execute(f"DROP TABLE {REACH_TABLE}")
    durations: dict[int, list[float]] = defaultdict(list)
    for cluster_id, seconds in waited:
        durations[cluster_id].append(float(seconds))
    outcome_counts: dict[int, dict[str, int]] = defaultdict(dict)
    for cluster_id, outcome, count in outcomes:
        outcome_counts[cluster_id][outcome] = count
    by_received = {row[0]: row[1:] for row in received}
    by_matches = {row[0]: row[1:] for row in matches}
    by_engaged = dict(engaged)
    by_ratings = {row[0]: row[1:] for row in ratings}
    cards = {}
    for cluster in Cluster.objects.order_by("name"):
        n_received, answered = by_received.get(cluster.pk, (0, 0))
        total, agreements, provider_driven = by_matches.get(cluster.pk, (0, 0, 0))
        average, rated = by_ratings.get(cluster.pk, (None, 0))
        days = durations.get(cluster.pk, [])
        cards[cluster.pk] = {
            "cluster": cluster.name,
            "cluster_id": cluster.pk,
            "companies_engaged": by_engaged.get(cluster.pk, 0),
            "needs_received": n_received,
            "answered_within_10_working_days": int(answered or 0),
            "answered_share": round(int(answered or 0) / n_received, 3) if n_received else None,
            "median_days_to_introduction": round(statistics.median(days) / 86400, 1)
            if days
            else None,
            "matches": total,
            "agreements": int(agreements or 0),
            "conversion": round(int(agreements or 0) / total, 3) if total else None,
            "outcomes": {
                str(OutcomeType(k).label): outcome_counts[cluster.pk].get(k, 0)
                for k in OutcomeType.values
            },
            "business_driven": total - int(provider_driven or 0),
            "provider_driven": int(provider_driven or 0),
            "business_driven_share": round((total - int(provider_driven or 0)) / total, 3)
            if total
            else None,
            "rating_average": round(float(average), 2) if average is not None else None,
            "rating_count": rated,
        }
    return cards
