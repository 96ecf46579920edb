"""Health of each dependency, for `/healthz/`: a container probe and an operator's first look."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

OK = "ok"
DOWN = "down"
NOT_CONFIGURED = "not configured"
# A probe must answer quickly even when a dependency accepts connections and never replies.
PROBE_TIMEOUT_SECONDS = 2.0


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return OK


def _cache() -> str:
    check = getattr(cache, "check", None)
    if check is not None:
        check()  # the fail-open Redis cache hides errors from everyone else
        return OK
    cache.set("healthz", "1", 10)
    return OK


def _broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url or url.startswith("memory://"):
        return NOT_CONFIGURED
    from kombu import Connection

    with Connection(
        url,
        connect_timeout=PROBE_TIMEOUT_SECONDS,
        transport_options={
            "socket_connect_timeout": PROBE_TIMEOUT_SECONDS,
            "socket_timeout": PROBE_TIMEOUT_SECONDS,
        },
    ) as conn:
        conn.ensure_connection(max_retries=0)
    return OK


CHECKS: dict[str, Callable[[], str]] = {
    "database": _database,
    "cache": _cache,
    "broker": _broker,
}


def register_check(name: str, check: Callable[[], str]) -> None:
    """Apps above the kernel add their own dependency (search adds Elasticsearch)."""
    CHECKS[name] = check


def dependency_status() -> dict[str, str]:
    """Each dependency's state: "ok", "down" or "not configured"."""
    status = {}
    for name, check in CHECKS.items():
        try:
            status[name] = check()
        except Exception as exc:  # any failure means the dependency is down
            logger.warning("Health check: %s is down: %s", name, exc)
            status[name] = DOWN
    return status
