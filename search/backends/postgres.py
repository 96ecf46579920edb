"""Search in PostgreSQL, for when the database is PostgreSQL and there is no Elasticsearch.

Reads the search documents (search.models.SearchDocument) that the writer's transaction
keeps current, so nothing is rebuilt after a save and every process shares one index.
Text matches the engine's concepts (Voikko lemmas and translations) through a tsvector in
the 'simple' configuration: PostgreSQL's own Finnish stemmer does not find "kiertotalous"
from "kiertotaloutta", the concepts do. Relevance is `ts_rank_cd` (title concepts weigh
more) plus the share of the query's concepts the document has; facets are `GROUP BY` over
the documents' facet tokens; permissions are the pages' own querysets as subqueries;
autocomplete uses the trigram index on titles; snippets mark the words whose concepts
were stored at write time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.db import connection

from .. import documents, store
from ..query import FACETS, HIT_FIELDS, FacetValue, Hit, SearchQuery, SearchResults
from .common import hide_anonymous_names, visible_queryset

# The SQL below is assembled from this module's own fragments and the pages' querysets
# compiled by Django; every value the user typed travels as a parameter (hence the S608s).
TABLE = "search_searchdocument"


def _visibility(types: tuple[str, ...], user: Any) -> tuple[str, list[Any]]:
    """Documents of these types the user may see, as the pages' querysets decide."""
    branches, params = [], []
    for doc_type in types:
        if doc_type not in documents.QUERYSETS:
            continue
        subquery = visible_queryset(doc_type, user).order_by().values("pk")
        sql, sub_params = subquery.query.sql_with_params()
        branches.append(f"(d.doc_type = %s AND d.object_id IN ({sql}))")
        params += [doc_type, *sub_params]
    if not branches:
        return "FALSE", []
    return "d.present AND (" + " OR ".join(branches) + ")", params


def _filters(
    filters: dict[str, tuple[str, ...]], skip: str | None = None
) -> tuple[list[str], list[Any]]:
    """Any of a facet's values, every facet: one array overlap per facet (GIN index)."""
    clauses, params = [], []
    for facet, values in sorted(filters.items()):
        if facet == skip or not values or facet not in FACETS:
            continue
        clauses.append("d.facet_tokens && %s::text[]")
        params.append([store.facet_token(facet, value) for value in values])
    return clauses, params


def _json(value: Any) -> Any:
    """Django leaves jsonb undecoded in raw queries (its JSONField decodes on the model)."""
    return json.loads(value) if isinstance(value, str) else value


def _tsquery(terms: list[str]) -> str:
    """The query's concepts joined by OR, parsed as the documents were ('simple')."""
    return "(" + " || ".join(["plainto_tsquery('simple', %s)"] * len(terms)) + ")"


class PostgresBackend:
    name = "postgresql"

    def search(self, query: SearchQuery, user: Any) -> SearchResults:
        wanted = documents.query_concepts(query.text) if query.text.strip() else set()
        terms = sorted(wanted)
        visible, visible_params = _visibility(query.types, user)
        base = [visible]
        base_params: list[Any] = list(visible_params)
        if terms:
            base.append(f"d.vector @@ {_tsquery(terms)}")
            base_params += terms
        clauses, filter_params = _filters(query.filters)
        where = " AND ".join(base + clauses)
        params = base_params + filter_params

        score_params: list[Any] = []
        if terms:
            overlap = " + ".join(["(d.vector @@ plainto_tsquery('simple', %s))::int"] * len(terms))
            score = f"ts_rank_cd(d.vector, {_tsquery(terms)}) + ({overlap})::float / %s"
            score_params = [*terms, *terms, len(terms)]
        else:
            score = "0.0"
        if query.sort == "title":
            order = "lower(d.title), d.object_id"
        elif query.sort == "newest" or not terms:
            order = "d.sort_date DESC, d.object_id DESC"
        else:
            order = "score DESC, d.doc_type, d.object_id"
        sql = (
            f"SELECT d.data, d.marks, {score} AS score, count(*) OVER () "  # noqa: S608
            f"FROM {TABLE} d WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*score_params, *params, query.page_size, query.offset])
            rows = cursor.fetchall()
            if rows:
                total = rows[0][3]
            else:
                cursor.execute(f"SELECT count(*) FROM {TABLE} d WHERE {where}", params)  # noqa: S608
                total = cursor.fetchone()[0]
            facets = self._facets(cursor, query, base, base_params)
        hits = [
            self._hit(_json(data), _json(marks), score, wanted)
            for data, marks, score, _total in rows
        ]
        hide_anonymous_names(hits)
        return SearchResults(total=total, hits=hits, facets=facets, backend=self.name)

    @staticmethod
    def _facets(
        cursor: Any, query: SearchQuery, base: list[str], base_params: list[Any]
    ) -> dict[str, list[FacetValue]]:
        """`GROUP BY` over facet tokens; a facet with a filter is counted without its own
        filter (one more query each) so its other values stay visible."""
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        filtered = sorted(f for f, values in query.filters.items() if values and f in FACETS)
        groups: list[tuple[str | None, list[str]]] = [
            (None, [f for f in FACETS if f not in filtered])
        ]
        groups += [(facet, [facet]) for facet in filtered]
        for skip, facets in groups:
            if not facets:
                continue
            clauses, params = _filters(query.filters, skip=skip)
            where = " AND ".join([*base, *clauses, "split_part(t, ':', 1) = ANY(%s)"])
            cursor.execute(
                f"SELECT t, count(*) FROM {TABLE} d, unnest(d.facet_tokens) t "  # noqa: S608
                f"WHERE {where} GROUP BY t",
                [*base_params, *params, facets],
            )
            for token, count in cursor.fetchall():
                facet, _sep, value = token.partition(":")
                counts[facet][value] = count
        result: dict[str, list[FacetValue]] = {}
        for facet in FACETS:
            selected = set(query.filters.get(facet, ()))
            result[facet] = [
                FacetValue(value, value, count, value in selected)
                for value, count in sorted(
                    counts[facet].items(), key=lambda item: (-item[1], item[0])
                )
            ]
        return result

    @staticmethod
    def _hit(
        data: dict[str, Any], marks: dict[str, list[str]], score: float, wanted: set[str]
    ) -> Hit:
        return Hit(
            type=data["type"],
            id=data["id"],
            title=data["title"],
            url=data["url"],
            snippet=store.highlight(data.get("text") or "", marks, wanted),
            score=round(float(score), 4),
            fields={key: data.get(key) for key in HIT_FIELDS},
        )


def suggest_sql(prefix: str, user: Any, limit: int = 8) -> tuple[str, list[Any]] | None:
    """The autocomplete query: titles and organisation names with a word starting with each
    typed part. The trigram index on lower(title) finds the rows (LIKE '%part%'); the
    regular expression keeps those where the part starts a word."""
    typed = prefix.casefold().split()
    if not typed:
        return None
    visible, params = _visibility(("service", "need", "organisation"), user)
    clauses = []
    for part in typed:
        like = part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        # Titles are single lines: a word starts after a space. Only the first LIKE has
        # the indexed expression, so the second is checked on the rows the index found.
        clauses.append("lower(d.title) LIKE %s AND (' ' || lower(d.title)) LIKE %s")
        params += [f"%{like}%", f"% {like}%"]
    sql = (
        f"SELECT d.doc_type, d.object_id, d.title, d.data->>'url' FROM {TABLE} d "  # noqa: S608
        f"WHERE {visible} AND {' AND '.join(clauses)} "
        "ORDER BY length(d.title), d.title LIMIT %s"
    )
    return sql, [*params, limit]


def suggest(prefix: str, user: Any, limit: int = 8) -> list[dict[str, Any]]:
    query = suggest_sql(prefix, user, limit)
    if query is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*query)
        return [
            {"type": doc_type, "id": object_id, "title": title, "url": url}
            for doc_type, object_id, title, url in cursor.fetchall()
        ]
