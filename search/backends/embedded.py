"""Search without Elasticsearch: the database for permissions, the engine's concepts for text.

Good for thousands of records. Each document type keeps one in-process index (documents
and a TF-IDF matrix over the matching engine's concepts), rebuilt when a row of that type
changes; permissions come from the same querysets the pages use. Limits: the first query
after a change re-analyses every row of the type (about 1 s per 1,000 rows), memory grows
with the corpus, and every process keeps its own copy (bench/search_embedded.py).
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import numpy as np
from django.db.models import Count, Max
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from sklearn.feature_extraction.text import TfidfVectorizer

from companies.selectors import needs_visible_to
from engine import language
from services.selectors import services_in_directory

from .. import documents
from ..query import FACETS, FacetValue, Hit, SearchQuery, SearchResults

_lock = threading.Lock()
_indexes: dict[str, dict[str, Any]] = {}


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _stamp(doc_type: str) -> tuple[Any, ...]:
    model = documents.MODELS[doc_type]
    row = model.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))  # type: ignore[attr-defined]
    return (row["count"], row["latest"])


def _index(doc_type: str) -> dict[str, Any]:
    stamp = _stamp(doc_type)
    with _lock:
        cached = _indexes.get(doc_type)
        if cached and cached["stamp"] == stamp:
            return cached
    docs = [documents.BUILDERS[doc_type](row) for row in documents.QUERYSETS[doc_type]()]
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, dtype=np.float32)
    corpus = [doc["concepts"] or ["__empty__"] for doc in docs]
    matrix = vectorizer.fit_transform(corpus).tocsr() if docs else None
    index = {
        "stamp": stamp,
        "docs": docs,
        "rows": {d["id"]: i for i, d in enumerate(docs)},
        "vectorizer": vectorizer,
        "matrix": matrix,
    }
    with _lock:
        _indexes[doc_type] = index
    return index


def forget_indexes() -> None:
    with _lock:
        _indexes.clear()


def _permitted_ids(doc_type: str, user: Any) -> set[int]:
    if doc_type == "need":
        queryset = needs_visible_to(user).filter(status__in=documents.INDEXED_NEED_STATUSES)
        return set(queryset.values_list("pk", flat=True))
    if doc_type == "service":
        return set(services_in_directory(user).values_list("pk", flat=True))
    return set(documents.organisation_queryset().values_list("pk", flat=True))


def _facet_values(doc: dict[str, Any], facet: str) -> list[str]:
    value = doc.get(facet)
    if facet == "type":
        return [doc["type"]]
    if value is None or value == "":
        return []
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _matches_filters(
    doc: dict[str, Any], filters: dict[str, tuple[str, ...]], skip: str | None = None
) -> bool:
    for facet, wanted in filters.items():
        if facet == skip or not wanted:
            continue
        if not set(_facet_values(doc, facet)) & set(wanted):
            return False
    return True


def highlight(text: str, wanted: set[str], lang: str, size: int = 40) -> SafeString:
    """A snippet around the first matching words, with each match in <mark>; all escaped."""
    words = text.split()
    if not words:
        return mark_safe("")
    marks = [
        bool(wanted) and bool(set(language.analyse(word, lang).concepts) & wanted) for word in words
    ]
    first = marks.index(True) if any(marks) else 0
    start = max(0, first - size // 4)
    pieces = []
    for word, marked in zip(words[start : start + size], marks[start : start + size], strict=True):
        pieces.append(f"<mark>{escape(word)}</mark>" if marked else str(escape(word)))
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + size < len(words) else ""
    return mark_safe(prefix + " ".join(pieces) + suffix)  # noqa: S308 - every word escaped


class EmbeddedBackend:
    name = "embedded"

    def search(self, query: SearchQuery, user: Any) -> SearchResults:
        wanted = documents.query_concepts(query.text) if query.text.strip() else set()
        candidates: list[tuple[float, dict[str, Any]]] = []
        for doc_type in query.types:
            index = _index(doc_type)
            permitted = _permitted_ids(doc_type, user)
            docs = index["docs"]
            if wanted:
                if index["matrix"] is None:
                    continue
                vector = index["vectorizer"].transform([sorted(wanted)])
                scores = np.asarray((index["matrix"] @ vector.T).todense()).ravel()
                rows = np.flatnonzero(scores > 0)
                found = [(float(scores[r]), docs[r]) for r in rows]
            else:
                found = [(0.0, doc) for doc in docs]
            candidates += [(score, doc) for score, doc in found if doc["id"] in permitted]

        matched = [(s, d) for s, d in candidates if _matches_filters(d, query.filters)]
        facets = self._facets(candidates, query)
        if query.sort == "title":
            matched.sort(key=lambda pair: (pair[1]["title"].casefold(), pair[1]["id"]))
        elif query.sort == "newest" or not wanted:
            matched.sort(key=lambda pair: (pair[1]["date"], pair[1]["id"]), reverse=True)
        else:
            matched.sort(key=lambda pair: (-pair[0], pair[1]["type"], pair[1]["id"]))
        page = matched[query.offset : query.offset + query.page_size]
        hits = [self._hit(score, doc, wanted) for score, doc in page]
        return SearchResults(total=len(matched), hits=hits, facets=facets, backend=self.name)

    @staticmethod
    def _facets(
        candidates: list[tuple[float, dict[str, Any]]], query: SearchQuery
    ) -> dict[str, list[FacetValue]]:
        """Counts per value; each facet ignores its own filter so other values stay visible."""
        result: dict[str, list[FacetValue]] = {}
        for facet in FACETS:
            counts: Counter[str] = Counter()
            for _score, doc in candidates:
                if _matches_filters(doc, query.filters, skip=facet):
                    counts.update(set(_facet_values(doc, facet)))
            selected = set(query.filters.get(facet, ()))
            result[facet] = [
                FacetValue(value, value, count, value in selected)
                for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            ]
        return result

    @staticmethod
    def _hit(score: float, doc: dict[str, Any], wanted: set[str]) -> Hit:
        lang = doc["language"][0] if doc.get("language") else "fi"
        return Hit(
            type=doc["type"],
            id=doc["id"],
            title=doc["title"],
            url=doc["url"],
            snippet=highlight(doc["text"], wanted, lang),
            score=round(score, 4),
            fields={
                key: doc.get(key)
                for key in (
                    "organisation_name",
                    "region",
                    "priority_area",
                    "date",
                    "service_type",
                    "need_category",
                    "kind",
                )
            },
        )


def suggest(prefix: str, user: Any, limit: int = 8) -> list[dict[str, Any]]:
    """Titles and organisation names whose words start with what the user typed."""
    typed = prefix.casefold().split()
    if not typed:
        return []
    found: list[dict[str, Any]] = []
    for doc_type in ("service", "need", "organisation"):
        permitted = _permitted_ids(doc_type, user)
        for doc in _index(doc_type)["docs"]:
            if doc["id"] not in permitted:
                continue
            words = doc["title"].casefold().split()
            if all(any(word.startswith(part) for word in words) for part in typed):
                found.append(
                    {"type": doc_type, "id": doc["id"], "title": doc["title"], "url": doc["url"]}
                )
    found.sort(key=lambda item: (len(item["title"]), item["title"]))
    return found[:limit]
