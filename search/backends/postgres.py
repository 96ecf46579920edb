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
    """Documents of these types the user may see, as the pages' querysets decide.

    What an anonymous visitor may see is marked `public` at write time; for a signed-in
    user the rest is asked of the pages' querysets (subqueries PostgreSQL evaluates only
    for the documents that are not public)."""
    kinds = [t for t in types if t in documents.QUERYSETS]
    if not kinds:
        return "FALSE", []
    branches, params = ["d.public"], []
    if getattr(user, "is_authenticated", False):
        for doc_type in kinds:
            subquery = visible_queryset(doc_type, user).order_by().values("pk")
            sql, sub_params = subquery.query.sql_with_params()
            branches.append(f"(d.doc_type = %s AND d.object_id IN ({sql}))")
            params += [doc_type, *sub_params]
    return (
        "d.present AND d.doc_type = ANY(%s) AND (" + " OR ".join(branches) + ")",
        [kinds, *params],
    )


def _filters(
    filters: dict[str, tuple[str, ...]], alias: str = "d", skip: str | None = None
) -> tuple[str, list[Any]]:
    """Any of a facet's values, every facet: one array overlap per facet."""
    clauses, params = ["TRUE"], []
    for facet, values in sorted(filters.items()):
        if facet == skip or not values or facet not in FACETS:
            continue
        clauses.append(f"{alias}.facet_tokens && %s::text[]")
        params.append([store.facet_token(facet, value) for value in values])
    return " AND ".join(clauses), params


def _json(value: Any) -> Any:
    """Django leaves jsonb undecoded in raw queries (its JSONField decodes on the model)."""
    return json.loads(value) if isinstance(value, str) else value


def _tsquery(terms: list[str]) -> str:
    """The query's concepts joined by OR, parsed as the documents were ('simple')."""
    return "(" + " || ".join(["plainto_tsquery('simple', %s)"] * len(terms)) + ")"


class PostgresBackend:
    name = "postgresql"

    def search(self, query: SearchQuery, user: Any) -> SearchResults:
        """One statement: the visible matches once (a materialised CTE), then from them the
        page, the total and every facet's counts; then the page's documents."""
        wanted = documents.query_concepts(query.text) if query.text.strip() else set()
        terms = sorted(wanted)
        visible, params = _visibility(query.types, user)
        where = [visible]
        if terms:
            where.append(f"d.vector @@ {_tsquery(terms)}")
            params += terms
        score, score_params = "0.0", list[Any]()
        if terms:
            overlap = " + ".join(["(d.vector @@ plainto_tsquery('simple', %s))::int"] * len(terms))
            score = f"ts_rank_cd(d.vector, {_tsquery(terms)}) + ({overlap})::float / %s"
            score_params = [*terms, *terms, len(terms)]
        if query.sort == "title":
            order = "lower(m.title), m.object_id"
        elif query.sort == "newest" or not terms:
            order = "m.sort_date DESC, m.object_id DESC"
        else:
            order = "m.score DESC, m.doc_type, m.object_id"

        filters, filter_params = _filters(query.filters, alias="m")
        parts = [
            "SELECT 0, m.id::text, m.score, row_number() OVER () FROM ("  # noqa: S608
            f"SELECT m.id, m.score FROM m WHERE {filters} ORDER BY {order} "
            "LIMIT %s OFFSET %s) m",
            f"SELECT 1, NULL, NULL, count(*) FROM m WHERE {filters}",  # noqa: S608
        ]
        part_params: list[Any] = [
            *filter_params,
            query.page_size,
            query.offset,
            *filter_params,
        ]
        filtered = sorted(f for f, values in query.filters.items() if values and f in FACETS)
        # Every token is counted (cheaper than picking them in SQL); a filtered facet's
        # counts come from its own branch, without its own filter, so that its other values
        # stay visible. Branch 2 is every filter, 3 + i all but the i-th filtered facet's.
        branches = [(2, filters, filter_params)]
        for i, facet in enumerate(filtered):
            own, own_params = _filters(query.filters, alias="m", skip=facet)
            branches.append((3 + i, own, own_params))
        for branch, clause, clause_params in branches:
            parts.append(
                f"SELECT {branch}, t, NULL, count(*) "  # noqa: S608
                f"FROM m, unnest(m.facet_tokens) t WHERE {clause} GROUP BY t"
            )
            part_params += clause_params
        source = {facet: 3 + i for i, facet in enumerate(filtered)}
        sql = (
            "WITH m AS MATERIALIZED ("  # noqa: S608
            f"SELECT d.id, d.doc_type, d.object_id, d.title, d.sort_date, d.facet_tokens, "
            f"{score} AS score FROM {TABLE} d WHERE {' AND '.join(where)}) "
            + " UNION ALL ".join(f"({part})" for part in parts)
        )
        page: list[tuple[int, float, int]] = []
        total = 0
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*score_params, *params, *part_params])
            for kind, key, score_value, number in cursor.fetchall():
                if kind == 0:
                    page.append((number, float(score_value), int(key)))
                elif kind == 1:
                    total = number
                else:
                    facet, _sep, value = key.partition(":")
                    if source.get(facet, 2) == kind:
                        counts[facet][value] = number
            page.sort()
            rows: dict[int, tuple[Any, Any]] = {}
            if page:
                cursor.execute(
                    f"SELECT id, data, marks FROM {TABLE} WHERE id = ANY(%s)",  # noqa: S608
                    [[pk for _n, _s, pk in page]],
                )
                rows = {pk: (data, marks) for pk, data, marks in cursor.fetchall()}
        hits = [
            self._hit(_json(rows[pk][0]), _json(rows[pk][1]), score_value, wanted)
            for _n, score_value, pk in page
            if pk in rows
        ]
        hits = _still_visible(hits, user)
        hide_anonymous_names(hits)
        facets = {
            facet: [
                FacetValue(value, value, count, value in set(query.filters.get(facet, ())))
                for value, count in sorted(
                    counts[facet].items(), key=lambda item: (-item[1], item[0])
                )
            ]
            for facet in FACETS
        }
        return SearchResults(total=total, hits=hits, facets=facets, backend=self.name)

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


def _still_visible(hits: list[Hit], user: Any) -> list[Hit]:
    """The page's hits asked of the pages' querysets once more (one query per type): a
    row changed around the product's functions never shows before the sweep catches it."""
    allowed: set[tuple[str, int]] = set()
    for doc_type in {hit.type for hit in hits}:
        ids = [hit.id for hit in hits if hit.type == doc_type]
        allowed.update(
            (doc_type, pk)
            for pk in visible_queryset(doc_type, user)
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
    return [hit for hit in hits if (hit.type, hit.id) in allowed]


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
