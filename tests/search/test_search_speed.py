"""The database search's fast paths (issue 16) give the answers of the straightforward ones:
the rank read from stored lexeme weights is ts_rank_cd's, facet counts with combined filters
are a plain count, TRL ranges filter and count as the levels did, and text search reads
the GIN index."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import pytest
from django.db import connection

from companies.models import NeedVisibility
from search import documents, store
from search.backends.common import visible_queryset
from search.models import SearchDocument
from search.query import FACETS, SearchQuery
from tests import factories

pytestmark = pytest.mark.django_db

WORDS = "testaus laboratorio mittaus kiertotalous materiaalit energia"


@pytest.fixture
def varied(db: Any) -> list[Any]:
    """Services and needs whose texts repeat the query's words in the title and the body a
    different number of times (ranks that tie once rounded to real included), over every
    TRL range, language, remote flag and visibility; one text too long for the stored map."""
    rows: list[Any] = []
    words = WORDS.split()
    for i in range(24):
        word = words[i % len(words)]
        title = " ".join([word.capitalize()] * (1 + i % 3) + ["palvelu", str(i)])
        body = " ".join([f"{word} ja {words[(i + 1) % len(words)]}"] * (i % 5 + 1))
        if i % 4 == 3:
            level = 1 + i % 9
            rows.append(
                factories.NeedFactory.create(
                    title=title,
                    description=body,
                    language="fi",
                    trl_now_id=level,
                    trl_target_id=min(9, level + i % 3),
                    visibility=[NeedVisibility.PUBLIC, NeedVisibility.ANONYMOUS][i % 2],
                )
            )
        else:
            low = 1 + i % 6
            rows.append(
                factories.ServiceFactory.create(
                    title=title,
                    description=body,
                    languages=["fi", "en"] if i % 3 else ["fi"],
                    remote=bool(i % 2),
                    trl_min_id=low,
                    trl_max_id=min(9, low + i % 4),
                )
            )
    # More than 150 lexemes to store (each twice; a document's concepts are distinct, so
    # written here): ranked by ts_rank_cd itself, without a stored map.
    made_up = itertools.product("bdfgklmnprst", "aeiou", "bdfgklmnprst", "aeiou")
    long_words = ["".join(word) for word in itertools.islice(made_up, 400)]
    long = factories.ServiceFactory.create(title="Pitkä testaus", description="Testaus.")
    SearchDocument.objects.filter(doc_type="service", object_id=long.pk).update(
        concepts=" ".join(["testaus", *long_words, *long_words])
    )
    rows.append(long)
    return rows


def _plain_counts(filters: dict[str, tuple[str, ...]]) -> tuple[int, dict[str, Counter[str]]]:
    """Every visible document built from its row: the total with every filter applied,
    and counted facet by facet, a facet's own filter left out, every other applied."""
    docs = [
        documents.BUILDERS[doc_type](row)
        for doc_type in documents.QUERYSETS
        for row in documents.QUERYSETS[doc_type]().filter(
            pk__in=visible_queryset(doc_type, None).values("pk")
        )
    ]

    def passes(doc: dict[str, Any], skip: str | None) -> bool:
        return all(
            set(store.facet_values(doc, facet)) & set(values)
            for facet, values in filters.items()
            if facet != skip
        )

    return sum(passes(doc, None) for doc in docs), {
        facet: Counter(
            value for doc in docs if passes(doc, facet) for value in store.facet_values(doc, facet)
        )
        for facet in FACETS
    }


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"trl": ("5",)},
        {"trl": ("2", "8"), "language": ("en",)},
        {"type": ("service",), "remote": ("true",), "trl": ("4",)},
        {"language": ("fi",), "type": ("need", "service"), "remote": ("false",)},
        {"trl": ("05", "²", "x")},  # never a level: nothing matches, as with the tokens
    ],
)
def test_facet_counts_with_combined_filters_are_a_plain_count(backend, varied, filters):
    results = backend.search(SearchQuery(filters=filters, page_size=100), None)
    total, expected = _plain_counts(filters)
    for facet in FACETS:
        assert {v.value: v.count for v in results.facets[facet]} == dict(expected[facet]), facet
    assert results.total == total


def test_trl_filter_reads_the_range(backend, db):
    service = factories.ServiceFactory.create(title="Rajattu", trl_min_id=3, trl_max_id=6)
    for level, found in [("2", False), ("3", True), ("5", True), ("6", True), ("7", False)]:
        results = backend.search(SearchQuery(filters={"trl": (level,)}), None)
        assert (service.pk in {hit.id for hit in results.hits}) is found, level
    counts = {
        v.value: v.count for v in backend.search(SearchQuery(), None).facets["trl"] if v.count
    }
    assert counts == {"3": 1, "4": 1, "5": 1, "6": 1}


def test_trl_range_is_the_documents_levels(db):
    service = factories.ServiceFactory.create(trl_min_id=2, trl_max_id=4)
    need = factories.NeedFactory.create(trl_now_id=5, trl_target_id=None)
    open_need = factories.NeedFactory.create(trl_now_id=None, trl_target_id=None)
    assert store.trl_range(documents.service_document(service)) == (2, 4)
    assert store.trl_range(documents.need_document(need)) == (5, 5)
    assert store.trl_range(documents.need_document(open_need)) == (None, None)
    assert documents.service_document(service)["trl"] == [2, 3, 4]  # one run of levels


@pytest.mark.parametrize("text", ["testaus", "kiertotalous", "laboratorio mittaus", "energia"])
def test_the_stored_weights_rank_as_ts_rank_cd(postgres_backend, varied, monkeypatch, text):
    """Scores and order equal those of ts_rank_cd itself (the path for concepts that are
    several lexemes), down to the last bit and the ties."""
    from search.backends import postgres

    with connection.cursor() as cursor:  # the stored weights answer this query
        assert postgres._single_lexemes(cursor, sorted(documents.query_concepts(text)))
    fast = postgres_backend.search(SearchQuery(text=text, page_size=100), None)
    monkeypatch.setattr(postgres, "_single_lexemes", lambda cursor, terms: None)
    plain = postgres_backend.search(SearchQuery(text=text, page_size=100), None)
    assert fast.total == plain.total > 0
    assert [(h.type, h.id, h.score) for h in fast.hits] == [
        (h.type, h.id, h.score) for h in plain.hits
    ]
    assert fast.facets == plain.facets


def test_stored_weights_equal_ts_rank_cd_unrounded(postgres_backend, varied):
    """The formula itself, over every document and each word: no rounding hides a bit."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, count(*) FROM search_searchdocument d, unnest(%s::text[]) w,"
            " LATERAL (SELECT coalesce((d.lexeme_weights ->> w)::bigint, 1) AS code) c"
            " WHERE d.lexeme_weights IS NOT NULL AND d.vector @@ to_tsquery('simple', w)"
            " AND ts_rank_cd(d.vector, to_tsquery('simple', w)) IS DISTINCT FROM"
            " ((c.code / 1048576)::float8 + (c.code %% 1048576)::float8 * 0.4::real::float8)::real"
            " GROUP BY w",
            [WORDS.split()],
        )
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT count(*) FROM search_searchdocument WHERE present AND lexeme_weights IS NULL"
        )
        assert cursor.fetchone()[0] == 1  # the long text, ranked by ts_rank_cd


def test_text_search_reads_the_gin_index(postgres_backend, corpus_of_many):
    from search.backends.postgres import PostgresBackend, planner_settings

    query = SearchQuery(text="kiertotalous", filters={"type": ("service",)})
    terms = sorted(documents.query_concepts(query.text))
    with connection.cursor() as cursor:
        for setting in planner_settings(terms):
            cursor.execute(setting)
        sql, params = PostgresBackend.statement(cursor, query, None, terms, ["type"])
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_doc_vector_gin" in plan, plan
    assert "Seq Scan on search_searchdocument" not in plan, plan


@pytest.fixture
def corpus_of_many(db: Any) -> None:
    """A region's worth of documents, none about the circular economy, analysed."""
    factories.ServiceFactory.create(title="Kiertotalous", description="Kiertotalous.")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_searchdocument (doc_type, object_id, present, public, title,"
            " body, concepts, title_concepts, facets, sort_date, data, marks, changed_at)"
            " SELECT 'service', 100000 + n, true, true, 'Palvelu ' || n,"
            " '', 'palvelu mittaus testaus ' || md5(n::text), 'palvelu', 'type:service',"
            " '', '{}', '{}', now() FROM generate_series(1, 20000) n"
        )
        cursor.execute("ANALYZE search_searchdocument")


def test_the_planner_settings_end_with_the_search(postgres_backend, corpus_of_many):
    """Set for the search's statement only: a caller's transaction keeps its own."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        before = cursor.fetchone()[0]
        assert postgres_backend.search(SearchQuery(text="kiertotalous"), None).total == 1
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == before == "on"


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Testaus, <b>laboratorio</b> & mittaus. " * 30, {"testaus"}),
        ("alku " * 50 + "Kiertotalous! loppu " + "sana " * 50, {"kiertotalous"}),
        ("ei osumia tässä tekstissä " * 20, {"testaus"}),
        ("Testaus testaus", set()),
    ],
)
def test_a_snippet_marks_every_word_that_carries_a_wanted_concept(text, wanted):
    """The snippet equals marking word by word: the first match, 10 words before it, 40 in
    all, each word escaped and each carrying a wanted concept in <mark>."""
    import html

    marks = {"testaus": ["testaus"], "laboratorio": ["laboratorio"], "kiertotalous": ["kier"]}
    marks["kiertotalous"].append("kiertotalous")
    words = text.split()
    flags = [bool(set(marks.get(store.bare(w), ())) & wanted) for w in words]
    start = max(0, (flags.index(True) if any(flags) else 0) - 10)
    expected = " ".join(
        f"<mark>{html.escape(w)}</mark>" if flag else html.escape(w)
        for w, flag in zip(words[start : start + 40], flags[start : start + 40], strict=True)
    )
    expected = ("… " if start else "") + expected + (" …" if start + 40 < len(words) else "")
    assert store.highlight(text, marks, wanted) == expected
