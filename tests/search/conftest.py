"""The database backends every search test runs against."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection


def available_backends() -> list[str]:
    """Embedded everywhere; PostgreSQL's when the tests run on PostgreSQL (in CI they do,
    and REQUIRE_SERVICES=1 makes tests/conftest.py refuse any other database)."""
    return ["embedded", "postgresql"]


@pytest.fixture(params=available_backends())
def backend(request: Any, settings: Any) -> Any:
    """A search backend; pages and the API answer through it too (settings.SEARCH_BACKEND)."""
    if request.param == "postgresql":
        if connection.vendor != "postgresql":
            pytest.skip("The PostgreSQL backend needs DATABASE_URL pointing at PostgreSQL.")
        from search.backends.postgres import PostgresBackend

        settings.SEARCH_BACKEND = "postgresql"
        return PostgresBackend()
    from search.backends.embedded import EmbeddedBackend

    settings.SEARCH_BACKEND = "embedded"
    return EmbeddedBackend()


@pytest.fixture
def postgres_backend(settings: Any) -> Any:
    """The PostgreSQL backend alone, for what only it has (plans, PostgreSQL's stemmer)."""
    if connection.vendor != "postgresql":
        pytest.skip("The PostgreSQL backend needs DATABASE_URL pointing at PostgreSQL.")
    from search.backends.postgres import PostgresBackend

    settings.SEARCH_BACKEND = "postgresql"
    return PostgresBackend()
