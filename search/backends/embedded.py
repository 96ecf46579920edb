"""Search without a search engine, for SQLite: an in-process index over the engine's concepts.

The database answers permissions (the same querysets the pages use); the text side is an
inverted index from concept to documents, TF-IDF weighted, held by each process. The
first query of a process reads every row once; after that each query reads only the
search documents written since it last looked (`search.store`, written in the writer's
transaction) and adds, replaces or removes those documents: no rebuild after a save, and
no table-wide aggregate or word analysis on a warm query. For PostgreSQL the database
backend (search/backends/postgres.py) is the better choice; this one stays for SQLite.
"""

from __future__ import annotations

import datetime
import math
import threading
from collections import Counter, defaultdict
from typing import Any

from django.utils import timezone

from .. import documents, store
from ..models import SearchDocument
from ..query import FACETS, HIT_FIELDS, FacetValue, Hit, SearchQuery, SearchResults
from .common import hide_anonymous_names, visible_queryset

# A writer's transaction may commit a little after the time it stamped on its documents:
# each look re-reads this much of the past (documents already applied are skipped).
OVERLAP = datetime.timedelta(seconds=30)
# Above this many candidates, permissions are read as one list of permitted ids.
PERMISSION_BATCH = 500


class _Index:
    """Documents of every type and the postings concept -> {(type, id): weight}."""

    def __init__(self) -> None:
        self.docs: dict[tuple[str, int], dict[str, Any]] = {}
        self.postings: dict[str, dict[tuple[str, int], float]] = defaultdict(dict)
        self.applied: dict[tuple[str, int], datetime.datetime] = {}
        self.seen_until: datetime.datetime | None = None

    def put(self, doc: dict[str, Any]) -> None:
        key = (doc["type"], doc["id"])
        self.drop(key)
        counts = Counter(doc["concepts"])
        weights = {concept: 1.0 + math.log(n) for concept, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for concept, weight in weights.items():
            self.postings[concept][key] = weight / norm
        self.docs[key] = doc

    def drop(self, key: tuple[str, int]) -> None:
        old = self.docs.pop(key, None)
        if old is None:
            return
        for concept in set(old["concepts"]):
            posting = self.postings.get(concept)
            if posting is not None:
                posting.pop(key, None)
                if not posting:
                    del self.postings[concept]

    def scores(self, wanted: set[str], types: tuple[str, ...]) -> dict[tuple[str, int], float]:
        total = len(self.docs) or 1
        found: dict[tuple[str, int], float] = defaultdict(float)
        for concept in wanted:
            posting = self.postings.get(concept)
            if not posting:
                continue
            idf = math.log((1 + total) / (1 + len(posting))) + 1.0
            for key, weight in posting.items():
                if key[0] in types:
                    found[key] += weight * idf
        return found


_lock = threading.Lock()
_index: _Index | None = None


def forget_indexes() -> None:
    global _index
    with _lock:
        _index = None


def _entry(doc: dict[str, Any], marks: dict[str, list[str]] | None = None) -> dict[str, Any]:
    if marks is None:
        marks = store.snippet_marks(doc["text"] or "", store.document_language(doc))
    return {**doc, "marks": marks}


def _build() -> _Index:
    index = _Index()
    # Documents written from now on are read by the next look, so none falls in between;
    # those of the look-back window are already in the rows read below (and may be older:
    # rows changed around the product's functions), so they count as applied.
    index.seen_until = timezone.now()
    recent = SearchDocument.objects.filter(changed_at__gte=index.seen_until - OVERLAP)
    for doc_type, object_id, changed_at in recent.values_list(
        "doc_type", "object_id", "changed_at"
    ):
        index.applied[(doc_type, object_id)] = changed_at
    for doc_type in documents.QUERYSETS:
        for row in documents.QUERYSETS[doc_type]():
            index.put(_entry(documents.BUILDERS[doc_type](row)))
    return index


def _catch_up(index: _Index) -> None:
    """Apply the search documents written since the last look: add, replace or remove."""
    since = (index.seen_until or timezone.now()) - OVERLAP
    now = timezone.now()
    changed = SearchDocument.objects.filter(changed_at__gte=since).values(
        "doc_type", "object_id", "present", "data", "marks", "concepts", "changed_at"
    )
    for row in changed:
        key = (row["doc_type"], row["object_id"])
        if index.applied.get(key) == row["changed_at"]:
            continue
        index.applied[key] = row["changed_at"]
        if row["present"]:
            index.put(_entry({**row["data"], "concepts": row["concepts"].split()}, row["marks"]))
        else:
            index.drop(key)
    index.seen_until = now
    horizon = now - 2 * OVERLAP
    for key in [k for k, at in index.applied.items() if at < horizon]:
        del index.applied[key]


def _current() -> _Index:
    global _index
    with _lock:
        if _index is None:
            _index = _build()
        _catch_up(_index)
        return _index


def _permitted(doc_type: str, user: Any, candidates: list[int]) -> set[int]:
    """Which of the candidates the user may see: asked for the candidates alone when few."""
    queryset = visible_queryset(doc_type, user)
    if len(candidates) <= PERMISSION_BATCH:
        return set(queryset.filter(pk__in=candidates).values_list("pk", flat=True))
    return set(queryset.values_list("pk", flat=True))


def _matches_filters(
    doc: dict[str, Any], filters: dict[str, tuple[str, ...]], skip: str | None = None
) -> bool:
    for facet, wanted in filters.items():
        if facet == skip or not wanted:
            continue
        if not set(store.facet_values(doc, facet)) & set(wanted):
            return False
    return True


class EmbeddedBackend:
    name = "embedded"

    def search(self, query: SearchQuery, user: Any) -> SearchResults:
        wanted = documents.query_concepts(query.text) if query.text.strip() else set()
        index = _current()
        if wanted:
            scored = index.scores(wanted, query.types)
        else:
            scored = {key: 0.0 for key in index.docs if key[0] in query.types}
        candidates: list[tuple[float, dict[str, Any]]] = []
        for doc_type in query.types:
            ids = [key[1] for key in scored if key[0] == doc_type]
            if not ids:
                continue
            permitted = _permitted(doc_type, user, ids)
            candidates += [
                (scored[(doc_type, i)], index.docs[(doc_type, i)]) for i in ids if i in permitted
            ]

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
        hide_anonymous_names(hits)
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
                    counts.update(set(store.facet_values(doc, facet)))
            selected = set(query.filters.get(facet, ()))
            result[facet] = [
                FacetValue(value, value, count, value in selected)
                for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            ]
        return result

    @staticmethod
    def _hit(score: float, doc: dict[str, Any], wanted: set[str]) -> Hit:
        return Hit(
            type=doc["type"],
            id=doc["id"],
            title=doc["title"],
            url=doc["url"],
            snippet=store.highlight(doc["text"] or "", doc["marks"], wanted),
            score=round(score, 4),
            fields={key: doc.get(key) for key in HIT_FIELDS},
        )


def suggest(prefix: str, user: Any, limit: int = 8) -> list[dict[str, Any]]:
    """Titles and organisation names whose words start with what the user typed."""
    typed = prefix.casefold().split()
    if not typed:
        return []
    index = _current()
    found: list[dict[str, Any]] = []
    for doc_type in ("service", "need", "organisation"):
        matching = [
            doc
            for (kind, _id), doc in index.docs.items()
            if kind == doc_type
            and all(
                any(word.startswith(part) for word in doc["title"].casefold().split())
                for part in typed
            )
        ]
        if not matching:
            continue
        permitted = _permitted(doc_type, user, [doc["id"] for doc in matching])
        found += [
            {"type": doc_type, "id": doc["id"], "title": doc["title"], "url": doc["url"]}
            for doc in matching
            if doc["id"] in permitted
        ]
    found.sort(key=lambda item: (len(item["title"]), item["title"]))
    return found[:limit]
