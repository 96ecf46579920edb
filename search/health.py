"""Elasticsearch's line in `/healthz/`, registered with the kernel's health checks."""

from __future__ import annotations

from django.conf import settings

from core.health import DOWN, NOT_CONFIGURED, OK, PROBE_TIMEOUT_SECONDS


def search_backend_status() -> str:
    """Which backend answers searches and whether it can: "postgresql: ok". Elasticsearch
    has its own line; this one names the database backend search falls back to."""
    from .selectors import backend_name, database_backend

    fallback = database_backend().name
    if backend_name() == "elasticsearch":
        return f"elasticsearch (falls back to {fallback})"
    if fallback == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:  # the table and its generated columns answer
            cursor.execute("SELECT vector FROM search_searchdocument LIMIT 1")
    return f"{fallback}: {OK}"


def elasticsearch_status() -> str:
    if not settings.ELASTICSEARCH_URL:
        return NOT_CONFIGURED
    from .backends.elastic import client

    if not client().options(request_timeout=PROBE_TIMEOUT_SECONDS).ping():
        return DOWN
    return OK
