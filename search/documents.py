"""What a need, service or organisation looks like to search: one flat document each.

Both backends read these: Elasticsearch indexes them, the embedded backend scores and
facets them. Anonymous needs carry no company name, so search can never reveal it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet

from accounts.models import Organisation
from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility
from engine import language
from services.models import RDService, ServiceStatus

# Needs are searchable once published; drafts are never indexed.
INDEXED_NEED_STATUSES = (
    NeedStatus.PUBLISHED,
    NeedStatus.MATCHED,
    NeedStatus.CLOSED,
    NeedStatus.EXPIRED,
)


def concepts(text: str, lang: str) -> list[str]:
    """The engine's cross-lingual concepts: the same text preparation as matching, plus
    the other spellings of a synonym group the text mentions, as a query gets them: the
    engine reads "R&D" as nothing, so a document saying only that would match no query."""
    from .synonyms import expand

    return language.analyse(expand(text), lang).concepts


def query_concepts(text: str) -> set[str]:
    """A query may be in any of the three languages: read it as each."""
    from .synonyms import expand

    found: set[str] = set()
    expanded = expand(text)
    for lang in language.LANGUAGES:
        found.update(language.analyse(expanded, lang).concepts)
    return found


def need_queryset() -> QuerySet[DevelopmentNeed]:
    return (
        DevelopmentNeed.objects.filter(status__in=INDEXED_NEED_STATUSES)
        .select_related("organisation", "category", "region")
        .prefetch_related("priority_areas")
    )


def service_queryset() -> QuerySet[RDService]:
    return (
        RDService.objects.filter(status=ServiceStatus.PUBLISHED)
        .select_related("provider", "service_type", "region")
        .prefetch_related("priority_areas")
    )


def organisation_queryset() -> QuerySet[Organisation]:
    return Organisation.objects.filter(archived_at__isnull=True).select_related("region")


def need_document(need: DevelopmentNeed) -> dict[str, Any]:
    text = f"{need.title} {need.description} {' '.join(need.keywords or [])}"
    low = need.trl_now_id or need.trl_target_id
    high = need.trl_target_id or need.trl_now_id
    return {
        "type": "need",
        "id": need.pk,
        "title": need.title,
        "text": need.description,
        "organisation_name": (
            need.organisation.name if need.visibility == NeedVisibility.PUBLIC else ""
        ),
        "organisation_id": need.organisation_id,
        "language": [need.language],
        "priority_area": sorted(a.slug for a in need.priority_areas.all()),
        "region": need.region.code,
        "need_category": need.category.slug,
        "trl": list(range(low, high + 1)) if low and high else [],
        "status": need.status,
        "visibility": need.visibility,
        "date": (need.published_at or need.created_at).isoformat(),
        "updated": need.updated_at.isoformat(),
        "url": need.get_absolute_url(),
        "concepts": concepts(text, need.language),
    }


def service_document(service: RDService) -> dict[str, Any]:
    text = f"{service.title} {service.description} {' '.join(service.keywords or [])}"
    lang = language.guess_language(text, (service.languages or ["fi"])[0])
    low, high = service.trl_min_id or 1, service.trl_max_id or 9
    return {
        "type": "service",
        "id": service.pk,
        "title": service.title,
        "text": service.description,
        "organisation_name": service.provider.name,
        "organisation_id": service.provider_id,
        "language": list(service.languages),
        "priority_area": sorted(a.slug for a in service.priority_areas.all()),
        "region": service.region.code,
        "service_type": service.service_type.slug,
        "trl": list(range(low, high + 1)),
        "remote": service.remote,
        "status": service.status,
        "date": (service.published_at or service.created_at).isoformat(),
        "updated": service.updated_at.isoformat(),
        "url": service.get_absolute_url(),
        "concepts": concepts(text, lang),
    }


def organisation_document(organisation: Organisation) -> dict[str, Any]:
    text = f"{organisation.name} {organisation.description}"
    lang = language.guess_language(text, (organisation.languages or ["fi"])[0])
    return {
        "type": "organisation",
        "id": organisation.pk,
        "title": organisation.name,
        "text": organisation.description,
        "organisation_name": organisation.name,
        "organisation_id": organisation.pk,
        "language": list(organisation.languages),
        "region": organisation.region.code,
        "kind": organisation.kind,
        "date": organisation.created_at.isoformat(),
        "updated": organisation.updated_at.isoformat(),
        "url": organisation.get_absolute_url(),
        "concepts": concepts(text, lang),
    }


BUILDERS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "need": need_document,
    "service": service_document,
    "organisation": organisation_document,
}
QUERYSETS: dict[str, Callable[[], QuerySet[Any]]] = {
    "need": need_queryset,
    "service": service_queryset,
    "organisation": organisation_queryset,
}
MODELS: dict[str, type[Model]] = {
    "need": DevelopmentNeed,
    "service": RDService,
    "organisation": Organisation,
}


def document_for(doc_type: str, pk: int) -> dict[str, Any] | None:
    """The document for one row, or None when it must not be in the index."""
    row = QUERYSETS[doc_type]().filter(pk=pk).first()
    return BUILDERS[doc_type](row) if row is not None else None
