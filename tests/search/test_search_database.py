"""Search on the database backends (embedded; PostgreSQL on PostgreSQL): inflection,
languages, permissions, facets, pages, API."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import NeedStatus, NeedVisibility
from search.models import SavedSearch
from search.query import SearchQuery
from services.models import ServiceStatus
from taxonomy.models import PriorityArea
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(db):
    area = PriorityArea.objects.get(slug="circular-economy-arctic-industry")
    company = factories.OrganisationFactory.create(name="Kaamos Komposiitti Oy")
    provider = factories.ProviderFactory.create(name="Tunturi Lab")
    circular = factories.ServiceFactory.create(
        provider=provider,
        title="Kiertotalous ja materiaalitestaus",
        description="Kiertotalous: kierrätysmuovin lujuus ja laboratoriomittaus.",
        languages=["fi"],
        priority_areas=[area],
    )
    english = factories.ServiceFactory.create(
        provider=provider,
        title="Circular economy consulting",
        description="Circular economy business models and recycling.",
        languages=["en"],
        remote=True,
    )
    factories.ServiceFactory.create(
        provider=provider, title="Tanssikoulu", description="Tanssitunteja.", languages=["fi"]
    )
    draft_service = factories.ServiceFactory.create(
        provider=provider,
        title="Kiertotalouden salainen luonnos",
        status=ServiceStatus.DRAFT,
        description="Kiertotalous.",
    )
    public = factories.NeedFactory.create(
        organisation=company,
        title="Kiertotalouden testaus",
        language="fi",
        description="Tarvitsemme kiertotaloutta tukevaa testausta.",
    )
    anonymous = factories.NeedFactory.create(
        organisation=company,
        title="Kiertotalous ja anonyymi tarve",
        language="fi",
        visibility=NeedVisibility.ANONYMOUS,
        description="Kiertotalous, nimi piilossa.",
    )
    coordinators = factories.NeedFactory.create(
        organisation=company,
        title="Kiertotalous vain koordinaattoreille",
        language="fi",
        visibility=NeedVisibility.COORDINATORS,
        description="Kiertotalous.",
    )
    draft = factories.NeedFactory.create(
        organisation=company,
        title="Kiertotalous luonnos",
        language="fi",
        status=NeedStatus.DRAFT,
        published_at=None,
        description="Kiertotalous.",
    )
    return locals()


def _titles(results):
    return {hit.title for hit in results.hits}


def test_finnish_inflected_query_finds_base_form_and_other_languages(backend, corpus):
    results = backend.search(SearchQuery(text="kiertotaloutta"), None)
    titles = _titles(results)
    assert "Kiertotalous ja materiaalitestaus" in titles
    assert "Circular economy consulting" in titles  # the same concept in English
    assert "Tanssikoulu" not in titles
    assert results.total == len(results.hits)


def test_english_query_finds_finnish_texts(backend, corpus):
    titles = _titles(backend.search(SearchQuery(text="circular economy"), None))
    assert "Kiertotalous ja materiaalitestaus" in titles


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("anonymous", {"public", "anonymous"}, {"coordinators", "draft"}),
        ("member", {"public", "anonymous", "coordinators"}, {"draft"}),
        ("coordinator", {"public", "anonymous", "coordinators"}, {"draft"}),
        ("outsider", {"public", "anonymous"}, {"coordinators", "draft"}),
    ],
)
def test_permissions_hold_in_search(backend, corpus, coordinator, role, visible, hidden):
    user = {
        "anonymous": None,
        "coordinator": coordinator,
        "outsider": factories.UserFactory.create(),
        "member": factories.MembershipFactory.create(organisation=corpus["company"]).user,
    }[role]
    results = backend.search(SearchQuery(text="kiertotalous", types=("need",)), user)
    found = {hit.id for hit in results.hits}
    for name in visible:
        assert corpus[name].pk in found, name
    for name in hidden:
        assert corpus[name].pk not in found, name


def test_draft_services_never_appear(backend, corpus):
    ids = {
        h.id
        for h in backend.search(SearchQuery(text="kiertotalous"), None).hits
        if h.type == "service"
    }
    assert corpus["draft_service"].pk not in ids


def test_anonymous_needs_are_found_without_the_company_name(backend, corpus):
    results = backend.search(SearchQuery(text="anonyymi"), None)
    hit = next(h for h in results.hits if h.id == corpus["anonymous"].pk)
    assert hit.fields["organisation_name"] == ""
    company_search = backend.search(SearchQuery(text="Kaamos Komposiitti"), None)
    assert corpus["anonymous"].pk not in {h.id for h in company_search.hits if h.type == "need"}


def test_facets_count_and_filter(backend, corpus):
    everything = backend.search(SearchQuery(text="kiertotalous"), None)
    types = {v.value: v.count for v in everything.facets["type"]}
    assert types["service"] == 2 and types["need"] == 2
    remote = backend.search(SearchQuery(text="kiertotalous", filters={"remote": ("true",)}), None)
    assert _titles(remote) == {"Circular economy consulting"}
    # A facet's own filter does not hide its other values.
    assert {v.value for v in remote.facets["remote"]} == {"true", "false"}


def test_empty_query_lists_newest_and_paginates(backend, corpus):
    first = backend.search(SearchQuery(page_size=2), None)
    second = backend.search(SearchQuery(page=2, page_size=2), None)
    assert first.total == second.total >= 4
    assert len(first.hits) == len(second.hits) == 2
    assert not {(h.type, h.id) for h in first.hits} & {(h.type, h.id) for h in second.hits}
    assert first.hits[0].fields["date"] >= first.hits[1].fields["date"]


def test_snippets_mark_matches_and_escape_html(backend, db):
    factories.ServiceFactory.create(title="Tulos", description="<b>x</b> kiertotalous <script>")
    hit = backend.search(SearchQuery(text="kiertotalous"), None).hits[0]
    assert "<mark>kiertotalous</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet


def test_index_follows_changes(backend, corpus):
    assert not backend.search(SearchQuery(text="vetyteknologia"), None).hits
    factories.ServiceFactory.create(title="Vetyteknologia", description="Vety.")
    assert backend.search(SearchQuery(text="vetyteknologia"), None).hits


def test_search_page_shows_results_facets_and_counts(backend, client, corpus):
    page = client.get(reverse("search") + "?q=kiertotaloutta", HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Kiertotalous ja materiaalitestaus" in body and "<mark>" in body
    assert "results" in body and "Priority area" in body
    finnish = client.get(reverse("search") + "?q=kiertotaloutta", HTTP_ACCEPT_LANGUAGE="fi")
    assert "tulosta" in finnish.content.decode()


def test_search_page_rejects_bad_paging_politely(backend, client, db):
    assert client.get(reverse("search") + "?q=x&page=abc").status_code == 200


def test_search_api(backend, api_client, corpus):
    data = api_client.get("/api/search/?q=kiertotalous&type=service").json()
    assert data["backend"] == backend.name
    assert {row["type"] for row in data["results"]} == {"service"}
    assert data["facets"]["type"]
    assert api_client.get("/api/search/?q=x&sort=sideways").status_code == 400


def test_saved_searches_on_pages_and_api(client, api_client, corpus):
    user = factories.UserFactory.create()
    client.force_login(user)
    response = client.post(
        reverse("saved_search_list"), {"name": "Kiertotalous", "query_string": "q=kiertotalous"}
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=user)
    assert saved.get_absolute_url().endswith("?q=kiertotalous")
    duplicate = client.post(
        reverse("saved_search_list"), {"name": "Kiertotalous", "query_string": "q=x"}
    )
    assert duplicate.status_code == 302 and SavedSearch.objects.count() == 1

    api_client.force_login(user)
    assert [row["name"] for row in api_client.get("/api/v1/saved-searches/").json()["results"]] == [
        "Kiertotalous"
    ]
    bad = api_client.post(
        "/api/v1/saved-searches/", {"name": "", "query_string": "q=a"}, format="json"
    )
    assert bad.status_code == 400 and "name" in bad.json()
    other = factories.UserFactory.create()
    api_client.force_login(other)
    assert api_client.delete(f"/api/v1/saved-searches/{saved.pk}/").status_code == 404
    client.post(reverse("saved_search_list"), {"delete": saved.pk})
    assert not SavedSearch.objects.exists()


def test_autocomplete_on_titles_respects_permissions(backend, api_client, corpus):
    rows = api_client.get("/api/search/suggest/?q=kierto").json()
    titles = {row["title"] for row in rows}
    assert "Kiertotalous ja materiaalitestaus" in titles
    assert "Kiertotalous vain koordinaattoreille" not in titles
    assert "Kiertotalous luonnos" not in titles
    assert api_client.get("/api/search/suggest/?q=").status_code == 400


def test_synonyms_reach_other_spellings(backend, db):
    factories.ServiceFactory.create(
        title="TKI-rahoituksen neuvonta", description="Neuvomme TKI hankkeissa.", languages=["fi"]
    )
    titles = _titles(backend.search(SearchQuery(text="r&d"), None))
    assert "TKI-rahoituksen neuvonta" in titles


def test_r_and_d_and_t_and_k_find_the_same_documents(backend, db):
    """Both spellings are one synonym group; documents are tokenised as the index does
    ("R&D-yhteistyö" holds the token "rd", "T&K-palvelut" the token "tk")."""
    factories.ServiceFactory.create(
        title="R&D-yhteistyö yliopiston kanssa", description="Yhteistyötä.", languages=["fi"]
    )
    factories.ServiceFactory.create(
        title="T&K-palvelut pienille yrityksille", description="Palveluja.", languages=["fi"]
    )
    factories.ServiceFactory.create(title="Tanssikoulu", description="Tanssia.", languages=["fi"])
    expected = {"R&D-yhteistyö yliopiston kanssa", "T&K-palvelut pienille yrityksille"}
    for text in ("R&D", "T&K-palvelut", "r&d", "TKI"):
        assert _titles(backend.search(SearchQuery(text=text), None)) == expected, text


# --- The database backends (issue 16): concepts, saves without rebuilds, facets, trigrams ---

CIRCULAR = {
    "Kiertotalous ja materiaalitestaus",
    "Circular economy consulting",
    "Kiertotalouden testaus",
    "Kiertotalous ja anonyymi tarve",
}


@pytest.mark.parametrize("text", ["kiertotaloutta", "kiertotalouden", "kiertotaloudessa"])
def test_inflected_finnish_queries_find_the_circular_economy_records(backend, corpus, text):
    """PostgreSQL's own Finnish stemmer finds none of these; the engine's concepts do."""
    results = backend.search(SearchQuery(text=text), None)
    assert _titles(results) == CIRCULAR
    assert results.total == 4


def test_postgresql_finnish_stemmer_alone_misses_what_the_concepts_find(postgres_backend, corpus):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_searchdocument WHERE present AND "
            "to_tsvector('finnish', title || ' ' || body) @@ plainto_tsquery('finnish', %s)",
            ["kiertotaloutta"],
        )
        stemmer_hits = cursor.fetchone()[0]
    assert stemmer_hits < len(CIRCULAR)
    assert postgres_backend.search(SearchQuery(text="kiertotaloutta"), None).total == len(CIRCULAR)


def _provider_with_member():
    provider = factories.ProviderFactory.create(name="Revontuli Labs")
    member = factories.MembershipFactory.create(organisation=provider).user
    return provider, member


def test_a_saved_service_is_found_by_the_next_search_without_a_rebuild(
    backend, corpus, monkeypatch
):
    from search.backends import embedded
    from services.actions import service_archive, service_create, service_publish, service_update

    provider, member = _provider_with_member()
    assert not backend.search(SearchQuery(text="vetyteknologia"), None).hits  # warm
    builds: list[int] = []

    def counting_build() -> embedded._Index:
        builds.append(1)
        return embedded._Index()

    monkeypatch.setattr(embedded, "_build", counting_build)

    service = service_create(
        by=member,
        provider=provider,
        title="Vetyteknologian testaus",
        description="Vetyteknologia ja polttokennot.",
        service_type=corpus["circular"].service_type,
        languages=["fi"],
    )
    service_publish(service=service, by=member)
    found = backend.search(SearchQuery(text="vetyteknologiaa"), None)
    assert [hit.id for hit in found.hits] == [service.pk]

    service_update(service=service, by=member, title="Aurinkoenergian testaus")
    assert _titles(backend.search(SearchQuery(text="aurinkoenergia"), None)) == {
        "Aurinkoenergian testaus"
    }
    service_archive(service=service, by=member)
    assert not backend.search(SearchQuery(text="aurinkoenergia"), None).hits
    assert builds == []  # the embedded index was updated in place, never rebuilt


def test_a_need_made_anonymous_through_the_product_hides_its_company_at_once(backend, corpus):
    from companies.actions import need_update

    need = corpus["public"]
    owner = factories.MembershipFactory.create(organisation=corpus["company"]).user
    before = backend.search(SearchQuery(text="kiertotalouden testaus"), None)
    hit = next(h for h in before.hits if h.id == need.pk and h.type == "need")
    assert hit.fields["organisation_name"] == "Kaamos Komposiitti Oy"
    need_update(need=need, by=owner, visibility=NeedVisibility.ANONYMOUS)
    after = backend.search(SearchQuery(text="kiertotalouden testaus"), None)
    hit = next(h for h in after.hits if h.id == need.pk and h.type == "need")
    assert hit.fields["organisation_name"] == ""


def test_a_stale_document_never_names_the_company_of_an_anonymous_need(backend, corpus):
    """Changed around the product's functions (no reindex): the hit still hides the name."""
    from companies.models import DevelopmentNeed

    DevelopmentNeed.objects.filter(pk=corpus["public"].pk).update(
        visibility=NeedVisibility.ANONYMOUS
    )
    results = backend.search(SearchQuery(text="kiertotalouden testaus"), None)
    hit = next(h for h in results.hits if h.id == corpus["public"].pk and h.type == "need")
    assert hit.fields["organisation_name"] == ""


def test_the_sweep_indexes_rows_written_around_the_product(backend, corpus):
    from search.store import reconcile
    from services.models import RDService

    RDService.objects.filter(pk=corpus["circular"].pk).update(
        title="Vetyteknologian laboratorio", updated_at=timezone.now()
    )
    assert reconcile()["service"] == 1
    assert _titles(backend.search(SearchQuery(text="vetyteknologia"), None)) == {
        "Vetyteknologian laboratorio"
    }
    RDService.objects.filter(pk=corpus["english"].pk).update(status=ServiceStatus.ARCHIVED)
    assert reconcile()["service"] == 1
    assert "Circular economy consulting" not in _titles(
        backend.search(SearchQuery(text="circular economy"), None)
    )
    assert reconcile() == {"need": 0, "service": 0, "organisation": 0}


def _counts(results, facet):
    return {value.value: value.count for value in results.facets[facet]}


def test_facet_counts_are_exact(backend, corpus):
    results = backend.search(SearchQuery(text="kiertotalous"), None)
    assert _counts(results, "type") == {"service": 2, "need": 2}
    assert _counts(results, "remote") == {"true": 1, "false": 1}
    assert _counts(results, "language") == {"fi": 3, "en": 1}
    assert _counts(results, "priority_area") == {"circular-economy-arctic-industry": 1}
    assert _counts(results, "need_category") == {"testing": 2}
    assert _counts(results, "trl") == {str(level): 2 for level in range(1, 10)}

    filtered = backend.search(
        SearchQuery(text="kiertotalous", filters={"language": ("fi",), "type": ("service",)}),
        None,
    )
    assert _titles(filtered) == {"Kiertotalous ja materiaalitestaus"}
    # Each facet counts without its own filter, with the others applied.
    assert _counts(filtered, "language") == {"fi": 1, "en": 1}
    assert _counts(filtered, "type") == {"service": 1, "need": 2}
    assert _counts(filtered, "remote") == {"false": 1}
    assert {v.value for v in filtered.facets["language"] if v.selected} == {"fi"}


def test_facets_follow_permissions(backend, corpus, coordinator):
    anonymous = backend.search(SearchQuery(text="kiertotalous", types=("need",)), None)
    assert _counts(anonymous, "type") == {"need": 2}
    assert _counts(
        backend.search(SearchQuery(text="kiertotalous", types=("need",)), coordinator), "type"
    ) == {"need": 3}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "kierto",
            {
                "Kiertotalous ja materiaalitestaus",
                "Kiertotalouden testaus",
                "Kiertotalous ja anonyymi tarve",
            },
        ),
        ("kierto mater", {"Kiertotalous ja materiaalitestaus"}),
        ("circ econ", {"Circular economy consulting"}),
        ("tunturi", {"Tunturi Lab"}),
        ("alous", set()),  # inside a word, not at its start
        ("100%", set()),
    ],
)
def test_autocomplete_matches_word_starts_within_permissions(backend, corpus, typed, expected):
    from search.selectors import suggest

    assert {row["title"] for row in suggest(typed, None)} == expected


def test_autocomplete_uses_the_trigram_index(postgres_backend, corpus):
    from django.db import connection

    from search.backends.postgres import suggest_sql

    with connection.cursor() as cursor:
        # A region's worth of titles, none of them about the circular economy.
        cursor.execute(
            "INSERT INTO search_searchdocument (doc_type, object_id, present, public, title,"
            " body, concepts, title_concepts, facets, sort_date, data, marks, changed_at)"
            " SELECT 'service', 100000 + n, true, true,"
            " 'Palvelu ' || n || ' mittaus ' || md5(n::text),"
            " '', '', '', '', '', '{}', '{}', now() FROM generate_series(1, 20000) n"
        )
        cursor.execute("ANALYZE search_searchdocument")
        query = suggest_sql("kierto", None)
        assert query is not None
        sql, params = query
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall() or [])
    assert "search_doc_title_trgm" in plan, plan


def test_health_check_names_the_search_backend(backend, client):
    checks = client.get("/healthz/").json()["checks"]
    assert checks["search"] == f"{backend.name}: ok"


def test_search_index_command_fills_and_counts_the_database_documents(backend, corpus):
    import json
    from io import StringIO

    from django.core.management import call_command

    from search.models import SearchDocument

    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("search_index", "create", stdout=out)
    created = json.loads(out.getvalue())
    # Published services (2 + Tanssikoulu), published needs of every visibility, organisations.
    assert created["written"] == {"need": 3, "service": 3, "organisation": 2}
    assert _titles(backend.search(SearchQuery(text="kiertotaloutta"), None)) == CIRCULAR
    out = StringIO()
    call_command("search_index", "counts", stdout=out)
    assert json.loads(out.getvalue())["documents"] == created["written"]


@pytest.mark.parametrize(
    ("configured", "elasticsearch_url", "expected"),
    [
        ("", "http://127.0.0.1:9200", "elasticsearch"),
        ("", "", None),  # PostgreSQL's on PostgreSQL, else embedded
        ("embedded", "", "embedded"),
    ],
)
def test_the_backend_follows_the_settings(settings, configured, elasticsearch_url, expected):
    from django.db import connection

    from search.selectors import backend_name

    settings.SEARCH_BACKEND = configured
    settings.ELASTICSEARCH_URL = elasticsearch_url
    database = "postgresql" if connection.vendor == "postgresql" else "embedded"
    assert backend_name() == (expected or database)


def test_a_need_hidden_around_the_product_never_shows_before_the_sweep(backend, corpus):
    """The document still says public; the hits are asked of the pages' querysets live."""
    from companies.models import DevelopmentNeed

    DevelopmentNeed.objects.filter(pk=corpus["public"].pk).update(
        visibility=NeedVisibility.COORDINATORS
    )
    found = backend.search(SearchQuery(text="kiertotalous", types=("need",)), None)
    assert corpus["public"].pk not in {hit.id for hit in found.hits}
