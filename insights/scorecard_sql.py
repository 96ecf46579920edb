"""Every cluster's scorecard in one statement.

A need reaches a cluster by the cluster's region or by a shared priority area: a relation
the ORM cannot group by (a need has no reverse path from its region to the clusters), so
per-cluster ORM queries scanned the needs once per figure per cluster. Here each need's
figures are worked out once (`facts`), paired with the clusters it reaches (a UNION of the
two ways, so a need reaching a cluster both ways counts once) and summed per cluster with
FILTER clauses. Plain SQL with parameters only; the few date expressions, LATERAL and the
median differ between PostgreSQL and SQLite. `selectors.cluster_scorecard` (ORM, one
cluster) defines the same figures and the tests check that both agree.
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


RECEIVED = (
    "n.status <> 'draft' AND n.published_at IS NOT NULL"
    " AND n.published_at >= %s AND n.published_at < %s"
)

# One statement. `facts` is one row per need any figure can count (received, matched or
# rated in the period) with every per-need figure worked out once: whether it was
# received and answered in time, the wait to its first introduction, its matches of the
# period counted by stage, origin and outcome (FILTER clauses, one pass over the matches)
# and its ratings. The reach pairs each fact with the clusters it reaches (by region, or
# by a shared priority area; UNION so both ways count once) and the result is one GROUP BY
# cluster. The previous version built a temporary table of the reach and joined it back to
# the needs in six queries; at 100,000 needs most of the time went to those re-joins.
SCORECARD = """WITH first_match AS (
  SELECT need_id, MIN(created_at) AS first FROM {match} GROUP BY need_id
), first_intro AS (
  SELECT m.need_id, MIN(e.created_at) AS first FROM {event} e
  JOIN {match} m ON m.id = e.match_id WHERE e.to_stage = %s GROUP BY m.need_id
), period_matches AS (
  SELECT need_id, COUNT(*) AS total,
    COUNT(*) FILTER (WHERE stage = %s) AS agreements,
    COUNT(*) FILTER (WHERE origin = %s) AS provider_driven
    {outcome_columns}
  FROM {match} WHERE created_at >= %s AND created_at < %s GROUP BY need_id
), period_ratings AS (
  SELECT m.need_id, SUM(g.score) AS score_sum, COUNT(*) AS rated
  FROM {rating} g JOIN {match} m ON m.id = g.match_id
  WHERE g.score IS NOT NULL AND g.rated_at >= %s AND g.rated_at < %s GROUP BY m.need_id
), facts AS (
  SELECT n.id, n.region_id, n.organisation_id, x.received AS received,
    CASE WHEN x.received = 1 AND fm.first < cal.answer_by THEN 1 ELSE 0 END AS answered,
    CASE WHEN x.received = 1 THEN {waited} END AS waited,
    COALESCE(pm.total, 0) AS total, COALESCE(pm.agreements, 0) AS agreements,
    COALESCE(pm.provider_driven, 0) AS provider_driven {outcome_facts},
    COALESCE(pr.score_sum, 0) AS score_sum, COALESCE(pr.rated, 0) AS rated
  FROM {need} n
  CROSS JOIN LATERAL (SELECT CASE WHEN {received} THEN 1 ELSE 0 END AS received) x
  LEFT JOIN period_matches pm ON pm.need_id = n.id
  LEFT JOIN period_ratings pr ON pr.need_id = n.id
  LEFT JOIN first_match fm ON fm.need_id = n.id
  LEFT JOIN first_intro fi ON fi.need_id = n.id
  {deadline_join}
  WHERE x.received = 1 OR pm.need_id IS NOT NULL OR pr.need_id IS NOT NULL
), reach AS (
  SELECT c.id AS cluster_id, f.id AS need_id
  FROM {cluster} c JOIN facts f ON f.region_id = c.region_id
  UNION
  SELECT ca.cluster_id, na.developmentneed_id FROM {cluster_areas} ca
  JOIN {need_areas} na ON na.priorityarea_id = ca.priorityarea_id
  WHERE na.developmentneed_id IN (SELECT id FROM facts)
)
SELECT r.cluster_id,
  COUNT(DISTINCT f.organisation_id) FILTER (WHERE f.received = 1 OR f.total > 0),
  SUM(f.received), SUM(f.answered), {median},
  SUM(f.total), SUM(f.agreements), SUM(f.provider_driven),
  SUM(f.score_sum), SUM(f.rated) {outcome_sums}
FROM reach r JOIN facts f ON f.id = r.need_id
GROUP BY r.cluster_id"""


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


def all_scorecards(start: date, end: date) -> dict[int, dict[str, Any]]:
    """cluster id -> the scorecard figures of `selectors.cluster_scorecard`."""
    from .selectors import _moment

    lo, hi = _moment(start), _moment(end)
    answer_calendar_extend(start=start, end=end)
    deadline_join, deadline_params = _deadline_join("n")
    outcomes = list(OutcomeType.values)
    postgres = connection.vendor == "postgresql"
    sql = SCORECARD.format(
        outcome_columns="".join(
            f", COUNT(*) FILTER (WHERE stage = %s AND outcome_type = %s) AS outcome_{i}"
            for i in range(len(outcomes))
        ),
        outcome_facts="".join(
            f", COALESCE(pm.outcome_{i}, 0) AS outcome_{i}" for i in range(len(outcomes))
        ),
        outcome_sums="".join(f", SUM(f.outcome_{i})" for i in range(len(outcomes))),
        waited=_seconds_between("fi.first", "n.published_at"),
        received=RECEIVED,
        deadline_join=deadline_join.replace("{deadline}", AnswerDeadline._meta.db_table),
        # SQLite has no ordered-set aggregates: its median comes from the waits below.
        median="percentile_cont(0.5) WITHIN GROUP (ORDER BY f.waited)" if postgres else "NULL",
        **_tables(),
    )
    if not postgres:
        # SQLite has no LATERAL: the received flag is the same CASE, inlined.
        flag = f"CASE WHEN {RECEIVED} THEN 1 ELSE 0 END"
        sql = sql.replace(f"  CROSS JOIN LATERAL (SELECT {flag} AS received) x\n", "").replace(
            "x.received", f"({flag})"
        )
    params: list[Any] = [MatchStage.INTRODUCED, MatchStage.AGREEMENT, MatchOrigin.PROVIDER_INTEREST]
    for outcome in outcomes:
        params += [MatchStage.AGREEMENT, outcome]
    params += [lo, hi, lo, hi]
    received_params = [lo, hi]
    if postgres:
        params += [*received_params, *deadline_params]
        # received in SELECT (answered, waited) and WHERE refer to x: no more parameters.
    else:
        # The inlined flag repeats its two parameters at each use: the flag itself,
        # answered and waited in the SELECT list, then the WHERE.
        params += [*received_params * 3, *deadline_params, *received_params]
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            # The reach (some 130,000 cluster-need pairs at 100,000 needs) is sorted for
            # the per-cluster medians and distinct counts: with the default 4 MB it spilled
            # to disk in three external merges. For this statement only.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            # The planner's estimate of the reach join is far too high (it cannot know
            # that a need reaches two or three of the clusters), which pushed the cost over
            # jit_above_cost: JIT compiling took 2.6 of the 3.8 s (EXPLAIN ANALYZE at
            # 100,000 needs) for a statement that runs in about one second without it.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        rows = list(cursor.fetchall())
        waits: dict[int, list[float]] = defaultdict(list)
        if not postgres:
            cursor.execute(
                sql.split("SELECT r.cluster_id,")[0]
                + "SELECT r.cluster_id, f.waited FROM reach r JOIN facts f ON f.id = r.need_id"
                " WHERE f.waited IS NOT NULL",
                params,
            )
            for cluster_id, seconds in cursor.fetchall():
                waits[cluster_id].append(float(seconds))
    figures = {row[0]: row[1:] for row in rows}
    cards = {}
    for cluster in Cluster.objects.order_by("name"):
        row = figures.get(cluster.pk)
        if row is None:
            row = (0, 0, 0, None, 0, 0, 0, 0, 0, *[0] * len(outcomes))
        engaged, received, answered, median, total, agreements, provider, score_sum, rated = row[:9]
        received, answered, total = int(received or 0), int(answered or 0), int(total or 0)
        agreements, provider, rated = int(agreements or 0), int(provider or 0), int(rated or 0)
        if not postgres and waits.get(cluster.pk):
            median = statistics.median(waits[cluster.pk])
        cards[cluster.pk] = {
            "cluster": cluster.name,
            "cluster_id": cluster.pk,
            "companies_engaged": int(engaged or 0),
            "needs_received": received,
            "answered_within_10_working_days": answered,
            "answered_share": round(answered / received, 3) if received else None,
            "median_days_to_introduction": round(float(median) / 86400, 1)
            if median is not None
            else None,
            "matches": total,
            "agreements": agreements,
            "conversion": round(agreements / total, 3) if total else None,
            "outcomes": {
                str(OutcomeType(k).label): int(row[9 + i] or 0) for i, k in enumerate(outcomes)
            },
            "business_driven": total - provider,
            "provider_driven": provider,
            "business_driven_share": round((total - provider) / total, 3) if total else None,
            "rating_average": round(float(score_sum) / rated, 2) if rated else None,
            "rating_count": rated,
        }
    return cards
