"""Elasticsearch 9 backend through `elasticsearch.dsl`.

One index (behind the alias `settings.SEARCH_INDEX_ALIAS`) holds needs, services and
organisations. Titles and texts are analysed as Finnish, English and Swedish, plus the
matching engine's concepts, so that inflected and cross-lingual queries meet. Writes
reach the index only through the outbox (`search.models.IndexOutbox`), with external
versions so a late retry cannot overwrite newer data.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import ApiError, Elasticsearch, TransportError, helpers
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Q,
    Search,
    SearchAsYouType,
    Text,
    analyzer,
    char_filter,
    token_filter,
)

from accounts.scope import scope_for
from companies.rules import (
    COORDINATOR_NEED_STATUSES,
    PUBLIC_NEED_STATUSES,
    PUBLIC_VISIBILITIES,
)
from core.text import is_whole_number

from .. import documents
from ..models import IndexOutbox
from ..query import (
    FACETS,
    HIT_FIELDS,
    FacetValue,
    Hit,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
)
from ..synonyms import elasticsearch_char_mappings, elasticsearch_rules

logger = logging.getLogger(__name__)


tki_synonyms = token_filter("tki_synonyms", type="synonym_graph", synonyms=elasticsearch_rules())
tki_chars = char_filter("tki_chars", type="mapping", mappings=elasticsearch_char_mappings())
# The synonym field is indexed and searched with the same char filter and tokenizer, so
# "R&D" and "T&K-palvelut" become the same tokens ("rd"; "tk", "palvelut") on both sides.
synonym_index = analyzer(
    "tki_synonym_index", tokenizer="standard", char_filter=[tki_chars], filter=["lowercase"]
)
# Search-time only: synonym graphs are not allowed at index time.
synonym_search = analyzer(
    "tki_synonym_search",
    tokenizer="standard",
    char_filter=[tki_chars],
    filter=["lowercase", tki_synonyms],
)
concept_analyzer = analyzer("tki_concepts", tokenizer="whitespace")


def _languages() -> dict[str, Text]:
    return {
        "fi": Text(analyzer="finnish"),
        "en": Text(analyzer="english"),
        "sv": Text(analyzer="swedish"),
        "syn": Text(analyzer=synonym_index, search_analyzer=synonym_search),
    }


class SearchDocument(Document):
    # "need-12": a sortable tie-breaker, since Elasticsearch refuses to sort on _id.
    key = Keyword()
    type = Keyword()
    title = Text(fields={**_languages(), "suggest": SearchAsYouType(), "raw": Keyword()})
    text = Text(fields=_languages())
    organisation_name = Text(fields={"keyword": Keyword(), "suggest": SearchAsYouType()})
    concepts = Text(analyzer=concept_analyzer)
    organisation_id = Integer()
    language = Keyword()
    priority_area = Keyword()
    region = Keyword()
    service_type = Keyword()
    need_category = Keyword()
    kind = Keyword()
    trl = Integer()
    remote = Boolean()
    status = Keyword()
    visibility = Keyword()
    date = Date()
    updated = Date()
    url = Keyword(index=False)

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


# One client per process and node: it keeps its connections open between requests.
_clients: dict[tuple[str, float], Elasticsearch] = {}
_clients_lock = threading.Lock()


def client() -> Elasticsearch:
    key = (settings.ELASTICSEARCH_URL, float(settings.ELASTICSEARCH_TIMEOUT))
    with _clients_lock:
        if key not in _clients:
            _clients[key] = Elasticsearch(
                settings.ELASTICSEARCH_URL,
                request_timeout=settings.ELASTICSEARCH_TIMEOUT,
                max_retries=0,
                retry_on_timeout=False,
            )
        return _clients[key]


def reset_client() -> None:
    """Forget the cached clients and every breaker's state (tests; settings changed)."""
    with _clients_lock:
        for es in _clients.values():
            es.close()
        _clients.clear()
    with _breakers_lock:
        _breakers.clear()


def _now() -> float:
    return time.monotonic()


class CircuitBreaker:
    """After SEARCH_BREAKER_FAILURES consecutive failures of a node, searches and
    suggestions skip it for SEARCH_BREAKER_COOLDOWN seconds and use the embedded backend
    at once; then one request tries the node again, and an answer closes the breaker.

    The state lives in each process's memory, on purpose: no shared store that could be
    down too. Each web or worker process pays the N timeouts once per cool-down itself.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.failures = 0
        self.open_until = 0.0

    def allow(self) -> bool:
        with self._lock:
            if self.failures < settings.SEARCH_BREAKER_FAILURES:
                return True
            now = _now()
            if now < self.open_until:
                return False
            # Cool-down over: this request is the trial; the others keep skipping.
            self.open_until = now + settings.SEARCH_BREAKER_COOLDOWN
            return True

    def succeeded(self) -> None:
        with self._lock:
            self.failures = 0
            self.open_until = 0.0

    def failed(self) -> None:
        with self._lock:
            self.failures += 1
            if self.failures >= settings.SEARCH_BREAKER_FAILURES:
                self.open_until = _now() + settings.SEARCH_BREAKER_COOLDOWN


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker() -> CircuitBreaker:
    with _breakers_lock:
        return _breakers.setdefault(settings.ELASTICSEARCH_URL, CircuitBreaker())


def _node_fault(exc: Exception) -> bool:
    """No answer, or an answer saying the node cannot serve; a 400 or 404 is an answer."""
    if isinstance(exc, ApiError):
        return exc.meta.status >= 500 or exc.meta.status == 429
    return True


def _execute(search: Search, request_timeout: float) -> Any:
    """Run a user-facing query through the breaker; SearchUnavailable when it cannot."""
    guard = breaker()
    if not guard.allow():
        raise SearchUnavailable("Elasticsearch failed repeatedly; skipped for a cool-down")
    try:
        response = search.using(client().options(request_timeout=request_timeout)).execute()
    except (TransportError, ApiError) as exc:
        if _node_fault(exc):
            guard.failed()
        else:
            guard.succeeded()
        raise SearchUnavailable(f"{type(exc).__name__}: {exc}") from exc
    guard.succeeded()
    return response


def index_definition(name: str) -> Index:
    index = Index(name)
    index.document(SearchDocument)
    index.settings(number_of_shards=1, number_of_replicas=0)
    return index


def doc_id(doc_type: str, object_id: int) -> str:
    return f"{doc_type}-{object_id}"


def external_version(updated_iso: str | None = None) -> int:
    """Microseconds of the row's last change: a later write always has a higher version."""
    if updated_iso is None:
        return time.time_ns() // 1000
    from datetime import datetime

    return int(datetime.fromisoformat(updated_iso).timestamp() * 1_000_000)


# --- queries --------------------------------------------------------------------------


def permission_filter(user: Any) -> Any | None:
    """The same rules as `companies.rules.need_visibility_q`, for documents in the index."""
    scope = scope_for(user)
    if scope.staff:
        return None
    need = Q("term", type="need")
    allowed = [
        Q("terms", type=["service", "organisation"]),
        need
        & Q("terms", status=list(PUBLIC_NEED_STATUSES))
        & Q("terms", visibility=list(PUBLIC_VISIBILITIES)),
    ]
    if scope.org_ids:
        allowed.append(need & Q("terms", organisation_id=sorted(scope.org_ids)))
    if scope.is_coordinator:
        allowed.append(
            need
            & Q("terms", status=list(COORDINATOR_NEED_STATUSES))
            & Q(
                "bool",
                should=[
                    Q("terms", region=sorted(str(r) for r in _region_codes(scope))),
                    Q("terms", priority_area=sorted(_area_slugs(scope))),
                ],
                minimum_should_match=1,
            )
        )
    return Q("bool", should=allowed, minimum_should_match=1)


def _region_codes(scope: Any) -> list[str]:
    from taxonomy.models import Region

    return list(
        Region.objects.filter(pk__in=scope.coordinator_region_ids).values_list("code", flat=True)
    )


def _area_slugs(scope: Any) -> list[str]:
    from taxonomy.models import PriorityArea

    return list(
        PriorityArea.objects.filter(pk__in=scope.coordinator_area_ids).values_list(
            "slug", flat=True
        )
    )


def _facet_field(facet: str) -> str:
    return "type" if facet == "type" else facet


def _facet_filter(facet: str, values: tuple[str, ...]) -> Any:
    if facet == "remote":
        return Q("terms", remote=[value == "true" for value in values])
    if facet == "trl":
        return Q("terms", trl=[int(v) for v in values if is_whole_number(v, maximum=9)])
    return Q("terms", **{_facet_field(facet): list(values)})


def build_search(query: SearchQuery, user: Any) -> Search:
    search = Search(index=settings.SEARCH_INDEX_ALIAS)
    if query.text.strip():
        concepts = " ".join(sorted(documents.query_concepts(query.text)))
        search = search.query(
            Q(
                "bool",
                should=[
                    Q(
                        "multi_match",
                        query=query.text,
                        type="most_fields",
                        fields=[
                            "title^3",
                            "title.fi^3",
                            "title.en^3",
                            "title.sv^3",
                            "title.syn^2",
                            "text",
                            "text.fi",
                            "text.en",
                            "text.sv",
                            "text.syn",
                            "organisation_name^2",
                        ],
                    ),
                    Q("match", concepts={"query": concepts or query.text, "boost": 2}),
                ],
                minimum_should_match=1,
            )
        )
    search = search.filter("terms", type=list(query.types))
    allowed = permission_filter(user)
    if allowed is not None:
        search = search.filter(allowed)
    active = {f: v for f, v in query.filters.items() if v}
    if active:
        search = search.post_filter(
            Q("bool", filter=[_facet_filter(f, v) for f, v in sorted(active.items())])
        )
    # Each facet counts with every other facet's filter, so its own values stay visible.
    for facet in FACETS:
        others = [_facet_filter(f, v) for f, v in sorted(active.items()) if f != facet]
        bucket = search.aggs.bucket(f"{facet}_filtered", "filter", filter=Q("bool", filter=others))
        bucket.bucket(facet, "terms", field=_facet_field(facet), size=50)
    search = search.highlight(
        "text",
        "text.fi",
        "text.en",
        "text.sv",
        fragment_size=200,
        number_of_fragments=1,
        pre_tags=["<mark>"],
        post_tags=["</mark>"],
        encoder="html",
    )
    search = search.highlight_options(order="score")
    if query.sort == "newest" or (query.sort == "relevance" and not query.text.strip()):
        search = search.sort("-date", "key")
    elif query.sort == "title":
        search = search.sort("title.raw", "key")
    else:
        search = search.sort("_score", "-date", "key")
    search = search.source(excludes=["concepts"])
    return search[query.offset : query.offset + query.page_size]


class ElasticsearchBackend:
    name = "elasticsearch"

    def search(self, query: SearchQuery, user: Any) -> SearchResults:
        response = _execute(build_search(query, user), settings.ELASTICSEARCH_TIMEOUT)
        hits = []
        for item in response.hits:
            source = item.to_dict()
            fragments = getattr(item.meta, "highlight", None)
            snippet_html = next(iter(fragments.to_dict().values()))[0] if fragments else None
            if snippet_html:
                # Elasticsearch escaped the text itself (encoder="html"), then added <mark>.
                snippet = mark_safe(snippet_html)  # noqa: S308
            else:
                snippet = escape(" ".join(str(source.get("text", "")).split()[:40]))
            hits.append(
                Hit(
                    type=source["type"],
                    id=int(item.meta.id.split("-", 1)[1]),
                    title=source["title"],
                    url=source["url"],
                    snippet=snippet,
                    score=round(float(item.meta.score or 0), 4),
                    fields={k: source.get(k) for k in HIT_FIELDS},
                )
            )
        facets: dict[str, list[FacetValue]] = {}
        for facet in FACETS:
            buckets = response.aggregations[f"{facet}_filtered"][facet].buckets
            selected = set(query.filters.get(facet, ()))
            facets[facet] = [
                FacetValue(self._key(b), self._key(b), b.doc_count, self._key(b) in selected)
                for b in buckets
            ]
        total = int(response.hits.total.value)
        return SearchResults(total=total, hits=hits, facets=facets, backend=self.name)

    @staticmethod
    def _key(bucket: Any) -> str:
        key = bucket.key
        if isinstance(key, bool) or getattr(bucket, "key_as_string", None) in ("true", "false"):
            return str(bucket.key_as_string if hasattr(bucket, "key_as_string") else key).lower()
        return str(key)


def suggest(prefix: str, user: Any, limit: int = 8) -> list[dict[str, Any]]:
    search = Search(index=settings.SEARCH_INDEX_ALIAS).query(
        Q(
            "multi_match",
            query=prefix,
            type="bool_prefix",
            fields=[
                "title.suggest",
                "title.suggest._2gram",
                "title.suggest._3gram",
                "organisation_name.suggest",
                "organisation_name.suggest._2gram",
            ],
        )
    )
    allowed = permission_filter(user)
    if allowed is not None:
        search = search.filter(allowed)
    search = search.source(["type", "title", "url"])[:limit]
    # Every keystroke asks: a slow node must not hold the box longer than a moment.
    response = _execute(search, settings.SEARCH_SUGGEST_TIMEOUT)
    return [
        {
            "type": hit.type,
            "id": int(hit.meta.id.split("-", 1)[1]),
            "title": hit.title,
            "url": hit.url,
        }
        for hit in response.hits
    ]


# --- indexing -------------------------------------------------------------------------


def _action(
    doc_type: str,
    object_id: int,
    index: str,
    *,
    version: int | None = None,
    version_type: str = "external",
) -> dict[str, Any]:
    document = documents.document_for(doc_type, object_id)
    if document is None:
        return {
            "_op_type": "delete",
            "_index": index,
            "_id": doc_id(doc_type, object_id),
            "version": external_version(),
            "version_type": "external",
        }
    return {
        "_op_type": "index",
        "_index": index,
        "_id": doc_id(doc_type, object_id),
        "version": version if version is not None else external_version(document["updated"]),
        "version_type": version_type,
        "_source": {**document, "key": doc_id(doc_type, object_id)},
    }


# What a write with `require_alias` gets per item when the alias does not exist.
ALIAS_MISSING = "index_not_found_exception"


def send_actions(
    es: Elasticsearch, actions: list[dict[str, Any]], *, require_alias: bool = True
) -> dict[str, str]:
    """Bulk-send; returns per-id errors. A 409 (the index already has a newer version) and
    a 404 on delete count as done; a 429 is retried with backoff.

    Writes to the alias say `require_alias`: without it, a write made before the index
    exists auto-creates a concrete index under the alias's name with guessed mappings,
    and the alias can then never be created. Only a rebuild filling its new index by name
    writes without it."""
    errors: dict[str, str] = {}
    for ok, item in helpers.streaming_bulk(
        es,
        actions,
        raise_on_error=False,
        raise_on_exception=False,
        max_retries=settings.SEARCH_BULK_RETRIES,
        initial_backoff=settings.SEARCH_BULK_BACKOFF,
        max_backoff=60,
        chunk_size=500,
        require_alias=require_alias,
    ):
        result = next(iter(item.values()))
        status = int(result.get("status", 0))
        if ok or status == 409 or (status == 404 and "delete" in item):
            continue
        errors[str(result.get("_id"))] = str(result.get("error") or result)[:1000]
    return errors


def outbox_flush(es: Elasticsearch | None = None, limit: int = 1000) -> int:
    """Send pending index work. Returns how many rows were done; failures stay for later."""
    pending = list(IndexOutbox.objects.order_by("pk")[:limit])
    if not pending:
        return 0
    latest: dict[tuple[str, int], list[IndexOutbox]] = {}
    for row in pending:
        latest.setdefault((row.doc_type, row.object_id), []).append(row)
    actions = [
        _action(doc_type, object_id, settings.SEARCH_INDEX_ALIAS) for doc_type, object_id in latest
    ]
    from ..maintenance import IndexError_, create

    es = es or client()
    try:
        errors = send_actions(es, actions)
        if any(ALIAS_MISSING in error for error in errors.values()):
            # The first write before `search_index create`: create the mapped index
            # behind the alias, then send the same work again.
            logger.info("Search alias %s is missing; creating it", settings.SEARCH_INDEX_ALIAS)
            create(es)
            errors = send_actions(es, actions)
    except (TransportError, ApiError, ConnectionError, IndexError_) as exc:
        IndexOutbox.objects.filter(pk__in=[r.pk for r in pending]).update(
            last_error=f"{type(exc).__name__}: {exc}"[:1000]
        )
        logger.warning("Search index unreachable; %s updates wait: %s", len(pending), exc)
        return 0
    done: list[IndexOutbox] = []
    failed: list[IndexOutbox] = []
    for (doc_type, object_id), rows in latest.items():
        (failed if doc_id(doc_type, object_id) in errors else done).extend(rows)
    with transaction.atomic():
        IndexOutbox.objects.filter(pk__in=[r.pk for r in done]).delete()
        for row in failed:
            IndexOutbox.objects.filter(pk=row.pk).update(
                attempts=row.attempts + 1, last_error=errors[doc_id(row.doc_type, row.object_id)]
            )
    return len(done)
