"""Elasticsearch's line in `/healthz/`, registered with the kernel's health checks."""

from __future__ import annotations

from django.conf import settings

from core.health import DOWN, NOT_CONFIGURED, OK, PROBE_TIMEOUT_SECONDS


def elasticsearch_status() -> str:
    if not settings.ELASTICSEARCH_URL:
        return NOT_CONFIGURED
    from .backends.elastic import client

    if not client().options(request_timeout=PROBE_TIMEOUT_SECONDS).ping():
        return DOWN
    return OK
