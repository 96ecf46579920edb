"""Rows made by factories are searchable as if a product function had saved them."""

from __future__ import annotations

from typing import Any

import factory


def search_document(doc_type: str) -> Any:
    """A post-generation hook writing the row's search document, as `index_later` does in
    the writer's transaction (the PostgreSQL backend and other processes read it)."""

    def write(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            from search.store import document_refresh

            document_refresh(doc_type, obj.pk)

    return factory.PostGeneration(write)
