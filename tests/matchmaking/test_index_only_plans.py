"""Coordinators' queries that read an index alone, on a regional data set:

- the proposal review's total ("N proposals") is counted from the (need, score) index with
  the service carried in it, not by reading every wide proposal row of the coordinator's
  needs to test its score;
- the needs of the coordinator's regions (the subquery of the inbox, the board, the review
  and the funnel) come from the (region, status) index, not from the needs' pages.

The plans are checked after VACUUM, as autovacuum leaves a table read far more than written:
an index-only scan is only cheaper than the heap once the visibility map is set, and
VACUUM cannot run inside the test's transaction, hence a transactional test."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from companies.rules import COORDINATOR_NEED_STATUSES
from matchmaking.brokering.funnel import stage_counts
from matchmaking.brokering.selectors import coordinated_matches
from matchmaking.matching.selectors import proposals_for_review
from matchmaking.models import Match
from taxonomy.models import Cluster
from tests.conftest import service_unavailable

from . import regional_data

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vacuumed_region(transactional_db: Any) -> None:
    if connection.vendor != "postgresql":
        service_unavailable("query plans are checked on PostgreSQL")
    regional_data.build(needs=3000, services=200, per_need=10)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE matchmaking_proposal")
        cursor.execute("VACUUM ANALYZE companies_developmentneed")


def _count_plan(queryset: Any) -> tuple[int, str]:
    """The count Django runs for `queryset` (as the paginator does), and its plan."""
    with CaptureQueriesContext(connection) as captured:
        total = queryset.count()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + captured.captured_queries[-1]["sql"])
        return total, "\n".join(row[0] for row in cursor.fetchall())


def test_the_review_total_reads_the_need_and_score_index_only(vacuumed_region, coordinator):
    review = proposals_for_review(coordinator).filter(score__gte=0.3)
    # As the review page counts: the ids' queryset, which the paginator counts.
    total, plan = _count_plan(review.values_list("pk", flat=True))
    assert re.search(
        r"Index Only Scan using proposal_need_score_idx on matchmaking_proposal", plan
    ), plan
    assert not re.search(r"Seq Scan on matchmaking_proposal\b", plan), plan
    # The same total counted in Python from the rows, as a check on the query.
    needs = set(review.values_list("need_id", flat=True))
    rows = review.model.objects.values_list("need_id", "score", "service__status")
    expected = sum(
        1
        for need, score, status in rows
        if need in needs and score >= 0.3 and status == "published"
    )
    assert total == expected > 0


def test_the_needs_of_a_coordinators_regions_come_from_the_region_and_status_index(
    vacuumed_region, coordinator
):
    board = coordinated_matches(coordinator)
    with CaptureQueriesContext(connection) as captured:
        counts = stage_counts(board)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + captured.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert re.search(
        r"Index Only Scan using need_region_status_idx on companies_developmentneed", plan
    ), plan
    region_ids = Cluster.objects.filter(coordinators=coordinator).values("region_id")
    expected = Match.objects.filter(
        need__region_id__in=region_ids, need__status__in=COORDINATOR_NEED_STATUSES
    ).count()
    assert sum(counts.values()) == expected > 0
