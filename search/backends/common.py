"""What every database-side backend shares: who may see which document."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from companies.models import DevelopmentNeed, NeedVisibility
from companies.selectors import needs_visible_to
from services.selectors import services_in_directory

from .. import documents
from ..query import Hit


def visible_queryset(doc_type: str, user: Any) -> QuerySet[Any]:
    """The rows of a document type the user may find: the pages' own querysets."""
    if doc_type == "need":
        return needs_visible_to(user).filter(status__in=documents.INDEXED_NEED_STATUSES)
    if doc_type == "service":
        return services_in_directory(user)
    return documents.organisation_queryset()


def hide_anonymous_names(hits: list[Hit], public: set[int] | None = None) -> None:
    """A need made anonymous outside the product's functions may keep a stale document
    that names its company: the hits of the page ask the needs themselves (one query,
    none when the caller already read which of them are public)."""
    need_ids = [hit.id for hit in hits if hit.type == "need"]
    if not need_ids:
        return
    if public is None:
        public = set(
            DevelopmentNeed.objects.filter(
                pk__in=need_ids, visibility=NeedVisibility.PUBLIC
            ).values_list("pk", flat=True)
        )
    for hit in hits:
        if hit.type == "need" and hit.id not in public:
            hit.fields["organisation_name"] = ""
