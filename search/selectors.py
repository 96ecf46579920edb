"""Search entry point: picks the backend, falls back when Elasticsearch is down, labels facets."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from accounts.models import OrganisationKind
from taxonomy.models import ContentLanguage, NeedCategory, PriorityArea, Region, ServiceType

from .backends.embedded import EmbeddedBackend
from .query import SearchQuery, SearchResults, SearchUnavailable

logger = logging.getLogger(__name__)


def backend_name() -> str:
    """settings.SEARCH_BACKEND, or when empty: Elasticsearch if ELASTICSEARCH_URL is set,
    else PostgreSQL if the database is PostgreSQL, else embedded (README "Search")."""
    if settings.SEARCH_BACKEND:
        return str(settings.SEARCH_BACKEND)
    if settings.ELASTICSEARCH_URL:
        return "elasticsearch"
    return "postgresql" if connection.vendor == "postgresql" else "embedded"


def database_backend() -> Any:
    """The backend that needs no search service: PostgreSQL's, else the embedded one."""
    if connection.vendor == "postgresql" and backend_name() != "embedded":
        from .backends.postgres import PostgresBackend

        return PostgresBackend()
    return EmbeddedBackend()


def backend() -> Any:
    if backend_name() == "elasticsearch":
        from .backends.elastic import ElasticsearchBackend

        return ElasticsearchBackend()
    return database_backend()


def search(query: SearchQuery, user: Any) -> SearchResults:
    chosen = backend()
    try:
        results = chosen.search(query, user)
    except SearchUnavailable as exc:
        fallback = database_backend()
        logger.warning("Search falls back to the %s backend: %s", fallback.name, exc)
        results = fallback.search(query, user)
        results.notice = _(
            "The search service is unavailable; these results come from a "
            "simpler search and may be less complete."
        )
    label_facets(results)
    return results


def suggest(prefix: str, user: Any, limit: int = 8) -> list[dict[str, Any]]:
    """Autocomplete on titles and organisation names, in whichever backend is active."""
    if backend_name() == "elasticsearch":
        from .backends import elastic

        try:
            return elastic.suggest(prefix, user, limit)
        except SearchUnavailable:
            logger.warning("Suggestions fall back to the database")
    if database_backend().name == "postgresql":
        from .backends import postgres

        return postgres.suggest(prefix, user, limit)
    from .backends import embedded

    return embedded.suggest(prefix, user, limit)


def label_facets(results: SearchResults) -> None:
    labels: dict[str, dict[str, str]] = {
        "type": {
            "need": _("Development needs"),
            "service": _("R&D services"),
            "organisation": _("Organisations"),
        },
        "priority_area": {a.slug: a.name for a in PriorityArea.objects.all()},
        "service_type": {t.slug: t.name for t in ServiceType.objects.all()},
        "need_category": {c.slug: c.name for c in NeedCategory.objects.all()},
        "region": {r.code: r.name for r in Region.objects.all()},
        "language": {str(code): str(label) for code, label in ContentLanguage.choices},
        "kind": {str(code): str(label) for code, label in OrganisationKind.choices},
        "remote": {"true": _("Offered remotely"), "false": _("On site")},
    }
    for facet, values in results.facets.items():
        for value in values:
            if facet == "trl":
                value.label = f"TRL {value.value}"
            else:
                value.label = labels.get(facet, {}).get(value.value, value.value)
    if "trl" in results.facets:
        results.facets["trl"].sort(key=lambda v: int(v.value) if v.value.isdigit() else 0)
