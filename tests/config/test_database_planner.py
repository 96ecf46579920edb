"""Database connections plan list queries mostly in the order Django writes them
(settings: DB_JOIN_COLLAPSE_LIMIT); what that saves is measured by bench/load.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import service_unavailable

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def postgresql(db: Any) -> None:
    if connection.vendor != "postgresql":
        service_unavailable("the planner's limits are PostgreSQL settings")


def _show(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return str(cursor.fetchone()[0])


def test_connections_carry_the_configured_collapse_limits(postgresql):
    assert settings.JOIN_COLLAPSE_LIMIT == 4
    assert _show("join_collapse_limit") == "4"
    assert _show("from_collapse_limit") == "4"
