"""The inbox and the proposal review list read the score index and only the rows they show,
on a data set big enough for the planner's choices to matter (PostgreSQL, after ANALYZE).

Before: the inbox's `match__isnull` (LEFT JOIN ... IS NULL) was estimated at one row, so
PostgreSQL sorted every visible proposal; the review list joined and sorted every wide
proposal row (features, reasons, need, service) to keep twenty."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection

from matchmaking.brokering.selectors import inbox_needs, inbox_proposals
from matchmaking.matching.selectors import proposals_for_review
from tests.conftest import service_unavailable

from . import regional_data

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def region(db: Any) -> None:
    if connection.vendor != "postgresql":
        service_unavailable("query plans are checked on PostgreSQL")
    regional_data.build(needs=3000, services=200, per_need=10)  # 30,000 proposals, ANALYZE


def _assert_reads_the_score_index(plan: str) -> None:
    assert not re.search(r"Seq Scan on matchmaking_proposal\b", plan), plan
    assert re.search(r"Index (Only )?Scan using \S+ on matchmaking_proposal\b", plan), plan
    # Twenty ids come out of an ordered index walk, not out of a sort of every proposal.
    assert not re.search(r"Sort Method: (top-N heapsort|quicksort|external)", plan) or (
        "Presorted Key" in plan
    ), plan


def _ids(queryset: Any) -> Any:
    return queryset.values_list("pk", flat=True)[:20]


def test_the_inbox_and_the_review_list_read_only_their_rows_from_the_score_index(
    region, staff_user, coordinator
):
    # Staff: every need is in scope, so the walk down the index stops after twenty.
    staff_inbox = inbox_proposals(staff_user, inbox_needs(staff_user))
    _assert_reads_the_score_index(_ids(staff_inbox).explain())
    assert len(list(_ids(staff_inbox))) == 20
    # A coordinator of one region: that region's proposals by need, never a full scan.
    inbox = inbox_proposals(coordinator, inbox_needs(coordinator))
    assert not re.search(r"Seq Scan on matchmaking_proposal\b", _ids(inbox).explain())
    assert list(_ids(inbox))
    # The review list: the page's ids from the index, then twenty wide rows by id.
    review = proposals_for_review(staff_user).filter(score__gte=0.3)
    _assert_reads_the_score_index(_ids(review).explain())
    plan = review.order_by().filter(pk__in=list(_ids(review))).explain()
    assert not re.search(r"Seq Scan on matchmaking_proposal\b", plan), plan
