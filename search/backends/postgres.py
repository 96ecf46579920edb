"""Search in PostgreSQL, for when the database is PostgreSQL and there is no Elasticsearch.

Reads the search documents (search.models.SearchDocument) that the writer's transaction
keeps current, so nothing is rebuilt after a save and every process shares one index.
Text matches the engine's concepts (Voikko lemmas and translations) through a tsvector in
the 'simple' configuration: PostgreSQL's own Finnish stemmer does not find "kiertotalous"
from "kiertotaloutta", the concepts do. Relevance is `ts_rank_cd` (title concepts weigh
more) plus the share of the query's concepts the document has; when every concept is one
lexeme, the rank is summed from the positions stored per lexeme (`lexeme_weights`), the
same number without running `ts_rank_cd` on every match. Facets are one `GROUP BY` over
the matches' facet tokens (each filtered facet counted without its own filter) and one
over their TRL ranges; permissions are the pages' own querysets as subqueries;
autocomplete uses the trigram index on titles; snippets mark the words whose concepts
were stored at write time.

Measured with bench/search.py (10k documents, anonymous, warm): of the old statement's
time, a third went to a sequential scan the planner preferred to the GIN index, most of
the rest to `ts_rank_cd` (~3-10 us a matching row) and to unnesting up to nine TRL tokens
a service for the facet counts.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

import psycopg
from django.db import connection, transaction

from companies.models import NeedVisibility

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


def _trl_levels(values: tuple[str, ...]) -> list[int]:
    """The levels a TRL filter names, read as the tokens were: `trl:<value>` matched only
    a level written in ASCII digits without a leading zero (anything else matches none)."""
    levels = []
    for value in values:
        token = "_".join(value.split())
        if token.isascii() and token.isdigit() and str(int(token)) == token:
            levels.append(int(token))
    return levels


def _filter(facet: str, values: tuple[str, ...]) -> tuple[str, list[Any]]:
    """Any of a facet's values: an array overlap, or for TRL a level within the range."""
    if facet == "trl":
        levels = _trl_levels(values)
        if not levels:
            return "FALSE", []
        clause = " OR ".join(["(d.trl_low <= %s AND d.trl_high >= %s)"] * len(levels))
        return f"({clause})", [level for level in levels for _ in (0, 1)]
    return "d.facet_tokens && %s::text[]", [[store.facet_token(facet, v) for v in values]]


def _json(value: Any) -> Any:
    """Django leaves jsonb undecoded in raw queries (its JSONField decodes on the model)."""
    return json.loads(value) if isinstance(value, str) else value


def _tsquery(terms: list[str]) -> str:
    """The query's concepts joined by OR, parsed as the documents were ('simple')."""
    return "(" + " || ".join(["plainto_tsquery('simple', %s)"] * len(terms)) + ")"


# Concept -> its lexeme ("" when 'simple' finds no word in it, None when it is several
# lexemes, e.g. "by-product"): PostgreSQL's parser decides, asked once per concept.
_lexemes: dict[str, str | None] = {}


def _single_lexemes(cursor: Any, terms: list[str]) -> Counter[str] | None:
    """The query's lexemes (each with how many concepts it is) when each concept is one
    lexeme (or none), else None.

    Then the query is an OR of single lexemes, and `ts_rank_cd` equals A + 0.4 x B over
    the documents' positions of those lexemes (each cover is one position): the sum the
    stored `lexeme_weights` gives without running `ts_rank_cd` on every match."""
    unknown = [term for term in terms if term not in _lexemes]
    if unknown:
        if len(_lexemes) > 50_000:
            _lexemes.clear()
        cursor.execute(
            "SELECT c, numnode(plainto_tsquery('simple', c)),"
            " tsvector_to_array(to_tsvector('simple', c)) FROM unnest(%s::text[]) c",
            [unknown],
        )
        for term, nodes, lexemes in cursor.fetchall():
            _lexemes[term] = "" if nodes == 0 else lexemes[0] if nodes == 1 else None
    found = [_lexemes[term] for term in terms]
    if any(lexeme is None for lexeme in found):
        return None
    return Counter(lexeme for lexeme in found if lexeme)


def _quoted(lexeme: str) -> str:
    """One lexeme as tsquery input: quoted, so that it is read as it is (no parsing)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


# The fast path's per-document sum: 2^40 x concepts present + 2^20 x A + B positions.
PRESENT = 1 << 40


def _score(cursor: Any, terms: list[str]) -> tuple[list[str], list[Any], str, list[Any]]:
    """The relevance: `ts_rank_cd` (title concepts weigh more) plus the share of the query's
    concepts the document has. Returns the inner select's extra columns and the score
    computed from them (the inner select is a fence, so each column is computed once)."""
    overlap = " + ".join(["(d.vector @@ plainto_tsquery('simple', %s))::int"] * len(terms))
    lexemes = _single_lexemes(cursor, terms)
    if lexemes is None:
        columns = [
            f"ts_rank_cd(d.vector, {_tsquery(terms)}) AS rank",
            f"({overlap}) AS overlap",
        ]
        score = "x.rank::float8 + x.overlap::float8 / %s"
        return columns, [*terms, *terms], score, [len(terms)]
    # Per lexeme of the query the vector has: its concepts (2^40 each: the overlap) and
    # its positions, 2^20 x title (A) + body (B), from the map (1 when the map lacks it:
    # one body position). The sum of 1.0 per A and 0.4 per B is exact in float8
    # (0.4::real is a multiple of 2^-25), as in ts_rank_cd, which rounds its sum to real:
    # the same number, not an estimate. Documents too long for the map (lexeme_weights
    # NULL) get ts_rank_cd and the overlap themselves.
    lookups = " + ".join(
        [
            "CASE WHEN d.vector @@ %s::tsquery"
            " THEN %s + COALESCE((d.lexeme_weights ->> %s)::bigint, 1) ELSE 0 END"
        ]
        * len(lexemes)
    )
    columns = [
        f"CASE WHEN d.lexeme_weights IS NOT NULL THEN {lookups or '0'} END AS weights",
        "CASE WHEN d.lexeme_weights IS NULL THEN "
        f"ts_rank_cd(d.vector, {_tsquery(terms)}) END AS rank",
        f"CASE WHEN d.lexeme_weights IS NULL THEN ({overlap}) END AS overlap",
    ]
    params: list[Any] = [
        *(p for lexeme, n in lexemes.items() for p in (_quoted(lexeme), n * PRESENT, lexeme)),
        *terms,
        *terms,
    ]
    score = (
        "COALESCE((((x.weights & 1099511627775) / 1048576)::float8"
        " + (x.weights & 1048575)::float8 * 0.4::real::float8)::real, x.rank)::float8"
        " + COALESCE(x.weights >> 40, x.overlap)::float8 / %s"
    )
    return columns, params, score, [len(terms)]


def planner_settings(terms: list[str]) -> list[str]:
    """The statement's planner settings. The planner prices `@@` at one operator's cost,
    but checking a row's vector costs about a microsecond: it would scan the table instead
    of using the GIN index (10x slower at 10k documents). JIT would compile for a
    misestimated plan in tens of milliseconds."""
    return ["SET LOCAL jit = off", *(["SET LOCAL enable_seqscan = off"] if terms else [])]


def _run(cursor: Any, settings: list[str], sql: str, params: list[Any]) -> list[Any]:
    """The statement with its settings local to it, reset after it: a caller inside a
    transaction keeps its own. With client-side binding (Django's default for psycopg)
    all of it is one round trip, which PostgreSQL runs as one transaction."""
    resets = [f"RESET {setting.split()[2]}" for setting in settings]
    if isinstance(cursor.cursor, psycopg.ClientCursor):
        cursor.execute("; ".join([*settings, sql, *resets]), params)
        while cursor.description is None and cursor.nextset():
            pass
        return list(cursor.fetchall())
    with transaction.atomic(using=connection.alias):
        for setting in settings:
            cursor.execute(setting)
        cursor.execute(sql, params)
        rows = list(cursor.fetchall())
        for reset in resets:
            cursor.execute(reset)
        return rows


class PostgresBackend:
    name = "postgresql"

    def search(self, query: SearchQuery, user: Any) -> SearchResults:
        """One statement: the visible matches once (a materialised CTE, each row's filters
        as flags), then from them the page with its documents, the total, and every facet's
        counts in one pass over the facet tokens (and one over the TRL ranges)."""
        wanted = documents.query_concepts(query.text) if query.text.strip() else set()
        terms = sorted(wanted)
        filtered = sorted(f for f, values in query.filters.items() if values and f in FACETS)
        with connection.cursor() as cursor:
            sql, params = self.statement(cursor, query, user, terms, filtered)
            rows = _run(cursor, planner_settings(terms), sql, params)
        page: list[tuple[int, float, Any, Any]] = []
        total = 0
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for kind, key, score_value, number, data, marks in rows:
            if kind == 0:
                page.append((number, float(score_value), data, marks))
            elif kind == 1:
                total = number
            elif kind == 2:
                facet, _sep, value = key.partition(":")
                counts[facet][value] = number
            else:
                low, high = (int(part) for part in key.split(":"))
                for level in range(low, high + 1):
                    counts["trl"][str(level)] = counts["trl"].get(str(level), 0) + number
        page.sort(key=lambda row: row[0])
        hits = [
            self._hit(_json(data), _json(marks), score_value, wanted)
            for _n, score_value, data, marks in page
        ]
        hits, public_needs = _still_visible(hits, user)
        hide_anonymous_names(hits, public_needs)
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
    def statement(
        cursor: Any, query: SearchQuery, user: Any, terms: list[str], filtered: list[str]
    ) -> tuple[str, list[Any]]:
        visible, visible_params = _visibility(query.types, user)
        # `IS TRUE` (the same rows) hides these conditions from the btree indexes: given
        # `doc_type` or `present`, the planner would read every document of the types and
        # check each vector, where the GIN index on `vector` finds the matches alone.
        where, where_params = [f"({visible}) IS TRUE"], list(visible_params)
        if terms:
            where.append(f"d.vector @@ {_tsquery(terms)}")
            where_params += terms
            columns, column_params, score, score_params = _score(cursor, terms)
        else:
            columns, column_params, score, score_params = [], [], "0.0", []
        # One flag per filtered facet: the page and total need them all, a facet's own
        # counts all but its own.
        flags, flag_params = [], []
        for i, facet in enumerate(filtered):
            clause, clause_params = _filter(facet, query.filters[facet])
            flags.append(f"COALESCE({clause}, FALSE) AS f{i}")
            flag_params += clause_params

        def every(skip: int | None = None) -> str:
            return " AND ".join(["TRUE", *(f"m.f{i}" for i in range(len(filtered)) if i != skip)])

        # Each match is copied into the CTE: only the columns its sort reads.
        kept = ["id", "doc_type", "object_id", "facet_tokens", "trl_low", "trl_high"]
        if query.sort == "title":
            order = "lower(m.title), m.object_id"
            kept.append("title")
        elif query.sort == "newest" or not terms:
            order = "m.sort_date DESC, m.object_id DESC"
            kept.append("sort_date")
        else:
            order = "m.score DESC, m.doc_type, m.object_id"
        inner = ", ".join([*(f"d.{column}" for column in kept), *columns, *flags])
        outer = ", ".join(
            [
                *(f"x.{column}" for column in kept),
                *(f"x.f{i}" for i in range(len(filtered))),
                f"{score} AS score",
            ]
        )
        own = {facet: i for i, facet in enumerate(filtered)}
        whens = "".join(
            f"WHEN '{facet}' THEN {every(i)} " for facet, i in own.items() if facet != "trl"
        )
        token_branch = f"CASE split_part(t, ':', 1) {whens}ELSE {every()} END" if whens else every()
        trl_branch = every(own.get("trl"))
        unnested = ", ".join(["unnest(m.facet_tokens) AS t", *(f"m.f{i}" for i in own.values())])
        sql = (
            f"WITH m AS MATERIALIZED (SELECT {outer} FROM ("  # noqa: S608
            f"SELECT {inner} FROM {TABLE} d WHERE {' AND '.join(where)} OFFSET 0) x) "
            "(SELECT 0, p.id::text, p.score, p.n, d.data, d.marks FROM ("
            f"SELECT m.id, m.score, row_number() OVER () AS n FROM ("
            f"SELECT m.id, m.score FROM m WHERE {every()} ORDER BY {order} "
            f"LIMIT %s OFFSET %s) m) p JOIN {TABLE} d ON d.id = p.id) "
            f"UNION ALL (SELECT 1, NULL, NULL, count(*), NULL, NULL FROM m WHERE {every()}) "
            # unnest in the select list (ProjectSet): a third of the time of a lateral
            # function scan, which fills a tuplestore for every row.
            f"UNION ALL (SELECT 2, t, NULL, count(*), NULL, NULL FROM (SELECT {unnested} "
            f"FROM m) m WHERE {token_branch} GROUP BY t) "
            "UNION ALL (SELECT 3, m.trl_low || ':' || m.trl_high, NULL, count(*), NULL, NULL "
            f"FROM m WHERE m.trl_low IS NOT NULL AND {trl_branch} "
            "GROUP BY m.trl_low, m.trl_high)"
        )
        params = [
            *score_params,
            *column_params,
            *flag_params,
            *where_params,
            query.page_size,
            query.offset,
        ]
        return sql, params

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


def _still_visible(hits: list[Hit], user: Any) -> tuple[list[Hit], set[int]]:
    """The page's hits asked of the pages' querysets once more (one query per type): a
    row changed around the product's functions never shows before the sweep catches it.
    Also which of the needs are public, read by the same query (hide_anonymous_names)."""
    allowed: set[tuple[str, int]] = set()
    public_needs: set[int] = set()
    for doc_type in {hit.type for hit in hits}:
        ids = [hit.id for hit in hits if hit.type == doc_type]
        rows = visible_queryset(doc_type, user).filter(pk__in=ids)
        if doc_type == "need":
            for pk, visibility in rows.values_list("pk", "visibility"):
                allowed.add((doc_type, pk))
                if visibility == NeedVisibility.PUBLIC:
                    public_needs.add(pk)
        else:
            allowed.update((doc_type, pk) for pk in rows.values_list("pk", flat=True))
    return [hit for hit in hits if (hit.type, hit.id) in allowed], public_needs


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
