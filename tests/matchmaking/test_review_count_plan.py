"""The proposal review's total ("N proposals") is counted from the (need, score) index with
the service carried in it, not by reading every wide proposal row of the coordinator's
needs to test its score.

The plan is checked after VACUUM, as autovacuum leaves a table read far more than written:
an index-only scan is only cheaper than the heap once the visibility map is set, and
VACUUM cannot run inside the test's transaction, hence a transactional test."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matchmaking.matching.selectors import proposals_for_review
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
