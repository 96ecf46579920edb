"""Coordinators' lists (inbox, proposal review, the API's proposals and funnel) make the same
number of queries however many proposals and matches their clusters hold."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matchmaking.models import Match, MatchEvent, Proposal
from tests import factories

pytestmark = pytest.mark.django_db


def _grow(n: int) -> None:
    """`n` needs in the coordinator's region, each with three proposals above the
    threshold, and a shortlisted match with a timeline on every other need."""
    services = [factories.ServiceFactory.create() for _ in range(3)]
    for i in range(n):
        need = factories.NeedFactory.create()
        for rank, service in enumerate(services):
            Proposal.objects.create(
                need=need,
                service=service,
                score=0.9 - rank / 10,
                features={"text": 0.8},
                reasons=[{"code": "shared_terms", "terms": ["fatigue"]}],
                model_version="v1",
            )
        if i % 2:
            match = Match.objects.create(
                need=need, service=services[0], origin="coordinator", stage="shortlisted"
            )
            MatchEvent.objects.create(match=match, kind="stage", to_stage="shortlisted")


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/brokering/inbox/",
        "/proposals/",
        "/proposals/?min_score=0&page=2",
        "/api/v1/proposals/",
        "/api/v1/matches/funnel/",
    ],
)
def test_coordinator_lists_make_as_many_queries_for_many_rows_as_for_few(client, coordinator, url):
    client.force_login(coordinator)
    _grow(8)
    few = _count(client, url)
    _grow(30)
    many = _count(client, url)
    assert many == few, f"{url}: {few} queries for few rows, {many} for many"
    assert many <= 30
