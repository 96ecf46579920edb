"""The database's copy of each searchable document (SearchDocument).

Written in the transaction that changed the row, through `index_later`: the PostgreSQL
backend searches these rows directly, and the embedded backend of each process reads the
rows changed since it last looked instead of rebuilding. The engine's analysis (Voikko
lemmas, translations, which word of the text carries which concept) runs here, once per
write, never per query. `documents_rebuild` fills the table from scratch (deploy, bulk
loads); `reconcile` is the periodic sweep for rows written around the product's functions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from engine import language

from . import documents
from .models import SearchDocument
from .query import DOCUMENT_TYPES, FACETS

_EDGES = re.compile(r"^\W+|\W+$")
_UPDATE_FIELDS = [
    "present",
    "public",
    "title",
    "body",
    "concepts",
    "title_concepts",
    "facets",
    "trl_low",
    "trl_high",
    "sort_date",
    "data",
    "marks",
    "changed_at",
]


def bare(word: str) -> str:
    """A word as the snippet compares it: no surrounding punctuation, case folded."""
    return _EDGES.sub("", word).casefold()


def snippet_marks(text: str, lang: str) -> dict[str, list[str]]:
    """Each distinct word of the text and the concepts it carries (words with none left out)."""
    marks: dict[str, list[str]] = {}
    for word in text.split():
        key = bare(word)
        if key and key not in marks:
            found = language.analyse(word, lang).concepts
            if found:
                marks[key] = sorted(set(found))
    return marks


def highlight(
    text: str, marks: dict[str, list[str]], wanted: set[str], size: int = 40
) -> SafeString:
    """A snippet around the first matching words, each match in <mark>; all escaped.

    Which word matches comes from the marks stored at write time: no analysis here."""
    words = text.split()
    if not words:
        return mark_safe("")
    # The text's words that carry a wanted concept, from the marks (a word each, not a
    # word of the text each): no match at all, and the text is not looked at.
    matching = {word for word, found in marks.items() if not wanted.isdisjoint(found)}
    first = 0
    if matching:
        first = next((i for i, word in enumerate(words) if bare(word) in matching), 0)
    start = max(0, first - size // 4)
    pieces = []
    for word in words[start : start + size]:
        # html.escape is what django.utils.html.escape calls, without its lazy wrapper.
        escaped = html.escape(word)
        pieces.append(f"<mark>{escaped}</mark>" if matching and bare(word) in matching else escaped)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + size < len(words) else ""
    return mark_safe(prefix + " ".join(pieces) + suffix)  # noqa: S308 - every word escaped


def facet_values(doc: dict[str, Any], facet: str) -> list[str]:
    """The values a document counts under in one facet (lists give several)."""
    if facet == "type":
        return [doc["type"]]
    value = doc.get(facet)
    if value is None or value == "":
        return []
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def facet_token(facet: str, value: str) -> str:
    return f"{facet}:{'_'.join(value.split())}"


def document_language(doc: dict[str, Any]) -> str:
    return doc["language"][0] if doc.get("language") else "fi"


def _public(doc_type: str, object_ids: list[int]) -> set[int]:
    """Which of these rows an anonymous visitor may find."""
    from .backends.common import visible_queryset

    found: set[int] = set()
    for start in range(0, len(object_ids), 500):  # SQLite caps a statement's parameters
        found.update(
            visible_queryset(doc_type, None)
            .filter(pk__in=object_ids[start : start + 500])
            .values_list("pk", flat=True)
        )
    return found


def trl_range(doc: dict[str, Any]) -> tuple[int | None, int | None]:
    """The document's TRL levels as (low, high). The builders (search.documents) give one
    run of levels, low to high, so the range holds exactly the levels the tokens did."""
    levels = [int(value) for value in facet_values(doc, "trl")]
    if not levels:
        return None, None
    return min(levels), max(levels)


def _row(doc: dict[str, Any], now: datetime, public: bool) -> SearchDocument:
    lang = document_language(doc)
    trl_low, trl_high = trl_range(doc)
    return SearchDocument(
        doc_type=doc["type"],
        object_id=doc["id"],
        present=True,
        public=public,
        title=doc["title"],
        body=doc["text"] or "",
        concepts=" ".join(doc["concepts"]),
        title_concepts=" ".join(documents.concepts(doc["title"], lang)),
        facets=" ".join(
            facet_token(facet, value) for facet in FACETS for value in facet_values(doc, facet)
        ),
        trl_low=trl_low,
        trl_high=trl_high,
        sort_date=doc["date"],
        data={key: value for key, value in doc.items() if key != "concepts"},
        marks=snippet_marks(doc["text"] or "", lang),
        changed_at=now,
    )


def _upsert(rows: list[SearchDocument]) -> None:
    if rows:
        SearchDocument.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["doc_type", "object_id"],
            update_fields=_UPDATE_FIELDS,
        )


def _tombstone(doc_type: str, object_ids: Iterable[int]) -> int:
    ids = list(object_ids)
    removed = 0
    for start in range(0, len(ids), 500):  # SQLite caps the parameters of one statement
        removed += SearchDocument.objects.filter(
            doc_type=doc_type, present=True, object_id__in=ids[start : start + 500]
        ).update(
            present=False,
            public=False,
            title="",
            body="",
            concepts="",
            title_concepts="",
            facets="",
            trl_low=None,
            trl_high=None,
            data={},
            marks={},
            changed_at=timezone.now(),
        )
    return removed


def document_refresh(doc_type: str, object_id: int) -> None:
    """Bring one document in line with its row: write it, or mark it gone."""
    doc = documents.document_for(doc_type, object_id)
    if doc is None:
        _tombstone(doc_type, [object_id])
    else:
        public = bool(_public(doc_type, [object_id]))
        _upsert([_row(doc, timezone.now(), public)])


def _write(doc_type: str, rows: list[Any]) -> int:
    public = _public(doc_type, [row.pk for row in rows])
    build = documents.BUILDERS[doc_type]
    _upsert([_row(build(row), timezone.now(), row.pk in public) for row in rows])
    return len(rows)


def documents_rebuild(doc_types: Iterable[str] = DOCUMENT_TYPES) -> dict[str, int]:
    """Write every document of these types from their rows (deploy, bulk loads, bench)."""
    written: dict[str, int] = {}
    for doc_type in doc_types:
        queryset = documents.QUERYSETS[doc_type]()
        batch: list[Any] = []
        count = 0
        for row in queryset.iterator(chunk_size=1000):
            batch.append(row)
            if len(batch) >= 1000:
                count += _write(doc_type, batch)
                batch = []
        count += _write(doc_type, batch)
        gone = SearchDocument.objects.filter(doc_type=doc_type, present=True).exclude(
            object_id__in=queryset.values("pk")
        )
        _tombstone(doc_type, list(gone.values_list("object_id", flat=True)))
        written[doc_type] = count
    return written


def reconcile(limit: int = 2000) -> dict[str, int]:
    """The periodic sweep: documents missing, older than their row, or of rows that left.

    Catches rows written around the product's functions (imports, the shell); bounded
    per run so a large backlog is worked off over several sweeps."""
    report: dict[str, int] = {}
    for doc_type in DOCUMENT_TYPES:
        queryset = documents.QUERYSETS[doc_type]()
        indexed = SearchDocument.objects.filter(
            doc_type=doc_type, object_id=OuterRef("pk"), present=True
        ).values("changed_at")[:1]
        stale = list(
            queryset.annotate(indexed_at=Subquery(indexed))
            .filter(Q(indexed_at__isnull=True) | Q(updated_at__gt=F("indexed_at")))
            .values_list("pk", flat=True)[:limit]
        )
        for object_id in stale:
            document_refresh(doc_type, object_id)
        gone = SearchDocument.objects.filter(doc_type=doc_type, present=True).exclude(
            object_id__in=queryset.values("pk")
        )
        removed = _tombstone(doc_type, list(gone.values_list("object_id", flat=True)[:limit]))
        report[doc_type] = len(stale) + removed
    return report


def counts() -> dict[str, int]:
    return {
        doc_type: SearchDocument.objects.filter(doc_type=doc_type, present=True).count()
        for doc_type in DOCUMENT_TYPES
    }
