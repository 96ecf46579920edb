from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .query import DOCUMENT_TYPES, FACETS, SORTS, SearchQuery

MAX_PAGE = 500


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=300)
    type = forms.MultipleChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("need", _("Development needs")),
            ("service", _("R&D services")),
            ("organisation", _("Organisations")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("relevance", _("Best match")), ("newest", _("Newest")), ("title", _("Title"))],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def to_query(self, data: Any, page_size: int = 20) -> SearchQuery:
        """`data` is the raw GET: facet filters are repeated parameters like region=19."""
        cleaned = self.cleaned_data
        filters = {
            facet: tuple(v for v in data.getlist(facet) if v and len(v) < 100)
            for facet in FACETS
            if facet != "type" and data.getlist(facet)
        }
        return SearchQuery(
            text=cleaned.get("q") or "",
            types=tuple(cleaned.get("type") or DOCUMENT_TYPES),
            filters=filters,
            sort=str(cleaned.get("sort") or "relevance")
            if cleaned.get("sort") in SORTS
            else "relevance",
            page=cleaned.get("page") or 1,
            page_size=page_size,
        )
