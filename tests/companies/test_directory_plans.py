"""The directories, the landing page and the home pages read the newest published needs
and services by walking an index and stop after the page, instead of sorting every
published row (PostgreSQL, after ANALYZE, on a data set big enough for it to matter)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from companies.selectors import needs_in_directory
from services.selectors import services_in_directory
from tests.conftest import service_unavailable
from tests.matchmaking import regional_data

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def region(db: Any) -> None:
    if connection.vendor != "postgresql":
        service_unavailable("query plans are checked on PostgreSQL")
    regional_data.build(needs=3000, services=3000, per_need=1)


def _assert_walks_the_index(plan: str, table: str, index: str) -> None:
    assert f"Index Scan using {index} on {table}" in plan, plan
    assert not re.search(rf"Seq Scan on {table}\b", plan), plan
    assert not re.search(r"Sort Method: (top-N heapsort|quicksort|external)", plan), plan


def test_the_newest_published_needs_and_services_come_from_an_index_walk(region, company_member):
    for user in (AnonymousUser(), company_member.user):
        needs = needs_in_directory(user)[:20]
        _assert_walks_the_index(
            needs.explain(analyze=True), "companies_developmentneed", "need_directory_newest"
        )
        assert len(list(needs)) == 20
        services = services_in_directory(user)[:20]
        _assert_walks_the_index(
            services.explain(analyze=True), "services_rdservice", "service_directory_newest"
        )
        assert len(list(services)) == 20
