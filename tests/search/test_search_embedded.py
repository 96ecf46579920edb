"""Search on the embedded backend: inflection, languages, permissions, facets, pages, API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from companies.models import NeedStatus, NeedVisibility
from search.backends.embedded import EmbeddedBackend, forget_indexes
from search.models import SavedSearch
from search.query import SearchQuery
from services.models import ServiceStatus
from taxonomy.models import PriorityArea
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index():
    forget_indexes()
    yield
    forget_indexes()


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
    )
    circular.priority_areas.add(area)
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


def test_finnish_inflected_query_finds_base_form_and_other_languages(corpus):
    results = EmbeddedBackend().search(SearchQuery(text="kiertotaloutta"), None)
    titles = _titles(results)
    assert "Kiertotalous ja materiaalitestaus" in titles
    assert "Circular economy consulting" in titles  # the same concept in English
    assert "Tanssikoulu" not in titles
    assert results.total == len(results.hits)


def test_english_query_finds_finnish_texts(corpus):
    titles = _titles(EmbeddedBackend().search(SearchQuery(text="circular economy"), None))
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
def test_permissions_hold_in_search(corpus, coordinator, role, visible, hidden):
    user = {
        "anonymous": None,
        "coordinator": coordinator,
        "outsider": factories.UserFactory.create(),
        "member": factories.MembershipFactory.create(organisation=corpus["company"]).user,
    }[role]
    results = EmbeddedBackend().search(SearchQuery(text="kiertotalous", types=("need",)), user)
    found = {hit.id for hit in results.hits}
    for name in visible:
        assert corpus[name].pk in found, name
    for name in hidden:
        assert corpus[name].pk not in found, name


def test_draft_services_never_appear(corpus):
    ids = {
        h.id
        for h in EmbeddedBackend().search(SearchQuery(text="kiertotalous"), None).hits
        if h.type == "service"
    }
    assert corpus["draft_service"].pk not in ids


def test_anonymous_needs_are_found_without_the_company_name(corpus):
    results = EmbeddedBackend().search(SearchQuery(text="anonyymi"), None)
    hit = next(h for h in results.hits if h.id == corpus["anonymous"].pk)
    assert hit.fields["organisation_name"] == ""
    company_search = EmbeddedBackend().search(SearchQuery(text="Kaamos Komposiitti"), None)
    assert corpus["anonymous"].pk not in {h.id for h in company_search.hits if h.type == "need"}


def test_facets_count_and_filter(corpus):
    everything = EmbeddedBackend().search(SearchQuery(text="kiertotalous"), None)
    types = {v.value: v.count for v in everything.facets["type"]}
    assert types["service"] == 2 and types["need"] == 2
    remote = EmbeddedBackend().search(
        SearchQuery(text="kiertotalous", filters={"remote": ("true",)}), None
    )
    assert _titles(remote) == {"Circular economy consulting"}
    # A facet's own filter does not hide its other values.
    assert {v.value for v in remote.facets["remote"]} == {"true", "false"}


def test_empty_query_lists_newest_and_paginates(corpus):
    first = EmbeddedBackend().search(SearchQuery(page_size=2), None)
    second = EmbeddedBackend().search(SearchQuery(page=2, page_size=2), None)
    assert first.total == second.total >= 4
    assert len(first.hits) == len(second.hits) == 2
    assert not {(h.type, h.id) for h in first.hits} & {(h.type, h.id) for h in second.hits}
    assert first.hits[0].fields["date"] >= first.hits[1].fields["date"]


def test_snippets_mark_matches_and_escape_html(db):
    factories.ServiceFactory.create(title="Tulos", description="<b>x</b> kiertotalous <script>")
    hit = EmbeddedBackend().search(SearchQuery(text="kiertotalous"), None).hits[0]
    assert "<mark>kiertotalous</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet


def test_index_follows_changes(corpus):
    assert not EmbeddedBackend().search(SearchQuery(text="vetyteknologia"), None).hits
    factories.ServiceFactory.create(title="Vetyteknologia", description="Vety.")
    assert EmbeddedBackend().search(SearchQuery(text="vetyteknologia"), None).hits


def test_search_page_shows_results_facets_and_counts(client, corpus):
    page = client.get(reverse("search") + "?q=kiertotaloutta", HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Kiertotalous ja materiaalitestaus" in body and "<mark>" in body
    assert "results" in body and "Priority area" in body
    finnish = client.get(reverse("search") + "?q=kiertotaloutta", HTTP_ACCEPT_LANGUAGE="fi")
    assert "tulosta" in finnish.content.decode()


def test_search_page_rejects_bad_paging_politely(client, db):
    assert client.get(reverse("search") + "?q=x&page=abc").status_code == 200


def test_search_api(api_client, corpus):
    data = api_client.get("/api/search/?q=kiertotalous&type=service").json()
    assert data["backend"] == "embedded"
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


def test_autocomplete_on_titles_respects_permissions(api_client, corpus):
    rows = api_client.get("/api/search/suggest/?q=kierto").json()
    titles = {row["title"] for row in rows}
    assert "Kiertotalous ja materiaalitestaus" in titles
    assert "Kiertotalous vain koordinaattoreille" not in titles
    assert "Kiertotalous luonnos" not in titles
    assert api_client.get("/api/search/suggest/?q=").status_code == 400


def test_synonyms_reach_other_spellings(db):
    factories.ServiceFactory.create(
        title="TKI-rahoituksen neuvonta", description="Neuvomme TKI hankkeissa.", languages=["fi"]
    )
    titles = _titles(EmbeddedBackend().search(SearchQuery(text="r&d"), None))
    assert "TKI-rahoituksen neuvonta" in titles


def test_r_and_d_and_t_and_k_find_the_same_documents(db):
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
        assert _titles(EmbeddedBackend().search(SearchQuery(text=text), None)) == expected, text
