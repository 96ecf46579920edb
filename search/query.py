"""The one search interface every backend implements: what is asked and what comes back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

DOCUMENT_TYPES = ("need", "service", "organisation")
FACETS = (
    "type",
    "priority_area",
    "service_type",
    "need_category",
    "region",
    "trl",
    "language",
    "remote",
    "kind",
)
SORTS = ("relevance", "newest", "title")
# The document fields every backend copies into `Hit.fields`.
HIT_FIELDS = (
    "organisation_name",
    "region",
    "priority_area",
    "date",
    "service_type",
    "need_category",
    "kind",
)


class SearchUnavailable(RuntimeError):
    """The configured search service cannot answer now; the caller falls back."""


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    types: tuple[str, ...] = DOCUMENT_TYPES
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class Hit:
    type: str
    id: int
    title: str
    url: str
    snippet: SafeString
    score: float
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    backend: str
    notice: str = ""
