"""Index maintenance: versioned indexes behind one alias, rebuilt without losing writes."""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.utils import timezone
from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from . import documents
from .backends.elastic import (
    _action,
    client,
    doc_id,
    external_version,
    index_definition,
    send_actions,
)


class IndexError_(RuntimeError):
    """The index could not be managed; the message says why."""


def _alias_targets(es: Elasticsearch) -> list[str]:
    alias = settings.SEARCH_INDEX_ALIAS
    if not es.indices.exists_alias(name=alias):
        return []
    return sorted(es.indices.get_alias(name=alias).body)


def _new_index_name() -> str:
    return f"{settings.SEARCH_INDEX_ALIAS}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"


def create(es: Elasticsearch | None = None) -> dict[str, Any]:
    """Create a versioned index behind the alias if there is none yet.

    Runs at deploy and on the first write that finds no alias, possibly in several
    processes at once: they all pick the same first index name, so the losers find it
    created and only point the alias at it (an alias over two indices takes no writes)."""
    es = es or client()
    alias = settings.SEARCH_INDEX_ALIAS
    try:
        existing = _alias_targets(es)
        if existing:
            return {"created": False, "alias": alias, "index": existing}
        if es.indices.exists(index=alias):
            raise IndexError_(
                f"An index named {alias} exists where the alias should be (written to before "
                "the alias existed); run `search_index rebuild` to replace it."
            )
        name = f"{alias}-initial"
        try:
            index_definition(name).create(using=es)
        except ApiError as exc:
            if "resource_already_exists_exception" not in str(exc):
                raise
        es.indices.put_alias(index=name, name=alias)
    except (TransportError, ApiError) as exc:
        raise IndexError_(f"Elasticsearch refused: {exc}") from exc
    return {"created": True, "alias": alias, "index": name}


def _all_actions(index: str) -> list[dict[str, Any]]:
    actions = []
    for doc_type, queryset in documents.QUERYSETS.items():
        for row in queryset():
            document = documents.BUILDERS[doc_type](row)
            actions.append(
                {
                    "_op_type": "index",
                    "_index": index,
                    "_id": doc_id(doc_type, row.pk),
                    "version": external_version(document["updated"]),
                    "version_type": "external",
                    "_source": {**document, "key": doc_id(doc_type, row.pk)},
                }
            )
    return actions


def rebuild(es: Elasticsearch | None = None) -> dict[str, Any]:
    """Fill a new index, swap the alias atomically, then replay what changed meanwhile."""
    es = es or client()
    started = timezone.now()
    name = _new_index_name()
    try:
        index_definition(name).create(using=es)
        errors = send_actions(es, _all_actions(name), require_alias=False)
        es.indices.refresh(index=name)
        old = _alias_targets(es)
        # A concrete index under the alias's name (auto-created by a write before the
        # alias existed) is dropped in the same atomic step that creates the alias.
        concrete = not old and es.indices.exists(index=settings.SEARCH_INDEX_ALIAS)
        es.indices.update_aliases(
            actions=[
                *(
                    {"remove": {"index": index, "alias": settings.SEARCH_INDEX_ALIAS}}
                    for index in old
                ),
                *([{"remove_index": {"index": settings.SEARCH_INDEX_ALIAS}}] if concrete else []),
                {"add": {"index": name, "alias": settings.SEARCH_INDEX_ALIAS}},
            ]
        )
        # Writes made while the new index filled went to the old one: send them again.
        replayed = [
            _action(doc_type, pk, settings.SEARCH_INDEX_ALIAS)
            for doc_type, model in documents.MODELS.items()
            for pk in model.objects.filter(  # type: ignore[attr-defined]
                updated_at__gte=started
            ).values_list("pk", flat=True)
        ]
        errors.update(send_actions(es, replayed))
        repaired = reconcile(es)
        for index in old:
            es.indices.delete(index=index, ignore_unavailable=True)
    except (TransportError, ApiError) as exc:
        raise IndexError_(
            f"Rebuild stopped, the alias still points at the old index: {exc}"
        ) from exc
    return {
        "index": name,
        "replaced": old,
        "replayed": len(replayed),
        "errors": errors,
        "reconcile": repaired,
    }


def _indexed_documents(es: Elasticsearch) -> dict[str, tuple[int, dict[str, Any]]]:
    """Every document in the index: its version and its source."""
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for hit in helpers.scan(
        es,
        index=settings.SEARCH_INDEX_ALIAS,
        query={"query": {"match_all": {}}},
        version=True,
    ):
        found[hit["_id"]] = (int(hit.get("_version", 0)), hit.get("_source") or {})
    return found


def _expected_documents() -> dict[str, tuple[str, int, int, dict[str, Any]]]:
    """What the index should hold, by id: type, pk, version and the source, as JSON reads it."""
    expected: dict[str, tuple[str, int, int, dict[str, Any]]] = {}
    for doc_type, queryset in documents.QUERYSETS.items():
        for row in queryset():
            document = documents.BUILDERS[doc_type](row)
            key = doc_id(doc_type, row.pk)
            source = json.loads(json.dumps({**document, "key": key}, default=str))
            expected[key] = (doc_type, row.pk, external_version(document["updated"]), source)
    return expected


def reconcile(es: Elasticsearch | None = None) -> dict[str, Any]:
    """Compare database and index and repair every mismatch: index missing documents,
    rewrite documents whose content or version differs (either way), delete extra ones."""
    es = es or client()
    started = time.perf_counter()
    alias = settings.SEARCH_INDEX_ALIAS
    try:
        es.indices.refresh(index=alias)
        indexed = _indexed_documents(es)
        expected = _expected_documents()
        missing = [key for key in expected if key not in indexed]
        # Content differs although the row's timestamp did not move (a renamed provider
        # changes its services' documents), or the index holds another version than the
        # row's: older (a lost write) or newer (a restored backup, a clock that ran ahead).
        different = [
            key
            for key, (_t, _p, version, source) in expected.items()
            if key in indexed and (indexed[key][0] != version or indexed[key][1] != source)
        ]
        extra = [key for key in indexed if key not in expected]
        actions = [_action(expected[k][0], expected[k][1], alias) for k in missing]
        # A version cannot be lowered in place and an equal one is refused as a conflict:
        # `external_gte` with the higher of both makes the repair win. A document left
        # ahead of its row is rewritten with the row's content; the row's next change,
        # stamped later, replaces it as usual (`rebuild` resets versions altogether).
        actions += [
            _action(
                expected[k][0],
                expected[k][1],
                alias,
                version=max(expected[k][2], indexed[k][0]),
                version_type="external_gte",
            )
            for k in different
        ]
        actions += [
            {
                "_op_type": "delete",
                "_index": alias,
                "_id": key,
                "version": max(external_version(), indexed[key][0] + 1),
                "version_type": "external",
            }
            for key in extra
        ]
        errors = send_actions(es, actions) if actions else {}
    except (TransportError, ApiError) as exc:
        raise IndexError_(f"Elasticsearch refused: {exc}") from exc
    return {
        "database": len(expected),
        "index": len(indexed),
        "missing": len(missing),
        "different": len(different),
        "extra": len(extra),
        "errors": errors,
        "seconds": round(time.perf_counter() - started, 2),
    }


def drop_test_indices(alias: str, es: Elasticsearch | None = None) -> list[str]:
    """Delete the indices behind a test run's own alias (`tki-test-...`); nothing else."""
    if not alias.startswith("tki-test-"):
        raise ValueError(f"{alias!r} is not a test run's alias; refusing to delete it.")
    es = es or client()
    found = es.indices.get(index=f"{alias}*", expand_wildcards="all").body
    names = sorted(name for name in found if name == alias or name.startswith(f"{alias}-"))
    for name in names:
        es.indices.delete(index=name, ignore_unavailable=True)
    return names


def counts(es: Elasticsearch | None = None) -> dict[str, Any]:
    es = es or client()
    try:
        result = {
            doc_type: es.count(
                index=settings.SEARCH_INDEX_ALIAS, query={"term": {"type": doc_type}}
            )["count"]
            for doc_type in documents.QUERYSETS
        }
    except (TransportError, ApiError) as exc:
        raise IndexError_(f"Elasticsearch refused: {exc}") from exc
    database = {doc_type: queryset().count() for doc_type, queryset in documents.QUERYSETS.items()}
    from .models import IndexOutbox

    return {"index": result, "database": database, "pending": IndexOutbox.objects.count()}
