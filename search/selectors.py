"""Search entry point: picks the backend, falls back when Elasticsearch is down, labels facets."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.models import OrganisationKind
from taxonomy.models import ContentLanguage, NeedCategory, PriorityArea, Region, ServiceType

from .backends.embedded import EmbeddedBackend
from .query import SearchQuery, SearchResults, SearchUnavailable

logger = logging.getLogger(__name__)


def backend() -> Any:
    if settings.ELASTICSEARCH_URL:
        from .backends.elastic import ElasticsearchBackend

        return ElasticsearchBackend()
    return EmbeddedBackend()


def search(query: SearchQuery, user: Any) -> SearchResults:
    chosen = backend()
    try:
        results = chosen.search(query, user)
    except SearchUnavailable as exc:
        logger.warning("Search falls back to the embedded backend: %s", exc)
        results = EmbeddedBackend().search(query, user)
        results.notice = _(
            "The search service is unavailable; these results come from a "
            "simpler search and may be less complete."
        )
    label_facets(results)
    return results


def suggest(prefix: str, user: Any, limit: int = 8) -> list[dict[str, Any]]:
    """Autocomplete on titles and organisation names, in whichever backend is active."""
    from .backends import embedded

    if settings.ELASTICSEARCH_URL:
        from .backends import elastic

        try:
            return elastic.suggest(prefix, user, limit)
        except SearchUnavailable:
            logger.warning("Suggestions fall back to the embedded backend")
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
