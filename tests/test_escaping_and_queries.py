"""User text is escaped on every surface, and list views run a bounded number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from . import factories

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def hostile(db):
    org = factories.OrganisationFactory.create(
        name=f"Evil {SCRIPT} Oy", description=f"About {SCRIPT}"
    )
    need = factories.NeedFactory.create(
        organisation=org, title=f"Need {SCRIPT}", description=f"Text {SCRIPT}", keywords=[SCRIPT]
    )
    provider = factories.ProviderFactory.create(name=f"Lab {SCRIPT}")
    service = factories.ServiceFactory.create(
        provider=provider, title=f"Service {SCRIPT}", description=SCRIPT, equipment=SCRIPT
    )
    return {"org": org, "need": need, "service": service}


@pytest.mark.parametrize(
    "url_name",
    [
        "landing",
        "need_directory",
        "service_directory",
        "organisation_list",
    ],
)
def test_lists_escape_html(client, hostile, url_name):
    body = client.get(reverse(url_name)).content.decode()
    assert SCRIPT not in body
    assert "&lt;script&gt;" in body


def test_detail_pages_escape_html(client, hostile):
    pages = [
        reverse("need_detail", args=[hostile["need"].pk]),
        reverse("service_detail", args=[hostile["service"].pk]),
        reverse("organisation_detail", args=[hostile["org"].slug]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert SCRIPT not in body, url
        assert "&lt;script&gt;" in body, url


def test_api_returns_text_as_data_not_markup(api_client, hostile):
    data = api_client.get(f"/api/v1/needs/{hostile['need'].pk}/").json()
    assert data["title"] == f"Need {SCRIPT}"
    response = api_client.get(f"/api/v1/needs/{hostile['need'].pk}/")
    assert response["Content-Type"].startswith("application/json")


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(n):
    companies = [factories.OrganisationFactory.create() for _ in range(3)]
    providers = [factories.ProviderFactory.create() for _ in range(3)]
    from taxonomy.models import PriorityArea

    areas = list(PriorityArea.objects.all()[:2])
    for i in range(n):
        need = factories.NeedFactory.create(organisation=companies[i % 3])
        need.priority_areas.set(areas)
        service = factories.ServiceFactory.create(provider=providers[i % 3])
        service.priority_areas.set(areas)
    return companies, providers


LIST_URLS = [
    "/api/v1/needs/",
    "/api/v1/services/",
    "/api/v1/organisations/",
    "/api/v1/regions/",
    "/api/v1/priority-areas/",
    "/api/v1/clusters/",
    "/api/v1/industries/",
    "/api/v1/municipalities/",
    "/api/v1/service-types/",
    "/api/v1/need-categories/",
    "/api/v1/trl-levels/",
    "/needs/",
    "/services/",
    "/organisations/",
    "/",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_query_count_does_not_grow_with_rows(client, db, url):
    _grow(2)
    few = _count(client, url)
    _grow(12)
    many = _count(client, url)
    assert many == few, f"{url}: {few} queries for few rows, {many} for many"
    assert many <= 12


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/needs/",
        "/api/v1/services/",
        "/api/v1/memberships/",
        "/api/v1/invitations/",
        "/needs/mine/",
        "/services/mine/",
        "/home/",
    ],
)
def test_member_lists_are_bounded(client, db, url):
    company, provider = factories.OrganisationFactory.create(), factories.ProviderFactory.create()
    user = factories.UserFactory.create()
    factories.MembershipFactory.create(user=user, organisation=company)
    factories.MembershipFactory.create(user=user, organisation=provider)
    client.force_login(user)
    for _ in range(2):
        factories.NeedFactory.create(organisation=company)
        factories.ServiceFactory.create(provider=provider)
    few = _count(client, url)
    for _ in range(10):
        factories.NeedFactory.create(organisation=company)
        factories.ServiceFactory.create(provider=provider)
        factories.MembershipFactory.create(organisation=company)
    many = _count(client, url)
    assert many == few, f"{url}: {few} → {many}"
    assert many <= 20


def test_coordinator_home_is_bounded(client, coordinator):
    client.force_login(coordinator)
    for _ in range(3):
        factories.NeedFactory.create()
    few = _count(client, "/home/")
    for _ in range(10):
        factories.NeedFactory.create()
    assert _count(client, "/home/") == few
