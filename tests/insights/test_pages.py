"""The picture's pages, exports, PDF, record lists and open data, with who may see what."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from insights import figures
from tests import factories

pytestmark = pytest.mark.django_db

FILTER_ALL = "start=2026-01-01&end=2026-04-01"


@pytest.fixture
def client(client):
    """English unless a test asks otherwise: the assertions quote English text."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def coordinator_k(picture):
    user = factories.with_totp(factories.UserFactory.create(language="en"))
    picture.clusters["K"].coordinators.add(user)
    return user


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "situational picture"), ("fi", "tilannekuva")]
)
def test_dashboard_renders_in_both_languages(client, picture, coordinator_k, language, heading):
    coordinator_k.language = language
    coordinator_k.save()
    client.force_login(coordinator_k)
    client.cookies["django_language"] = language
    response = client.get(reverse("insights_dashboard") + f"?{FILTER_ALL}")
    assert response.status_code == 200
    body = response.content.decode()
    assert heading in body.lower()
    assert 'id="insights-charts"' in body
    assert "<script>" not in body  # data travels in json_script, code in a static file
    assert "chart.umd.min.js" in body and "js/insights.js" in body
    assert "RCO01" in body


def test_a_company_member_does_not_see_the_picture(client, picture):
    member = factories.MembershipFactory.create(organisation=picture.orgs["c1"]).user
    client.force_login(member)
    assert client.get(reverse("insights_dashboard")).status_code == 403
    assert client.get(reverse("insights_export", args=["demand", "csv"])).status_code == 403


def test_bad_filters_are_a_form_message_not_an_error(client, picture, coordinator_k):
    client.force_login(coordinator_k)
    response = client.get(reverse("insights_dashboard") + "?region=abc&start=2026-13-45&size=huge")
    assert response.status_code == 200
    assert "Some filters were not valid" in response.content.decode()


def test_csv_export_has_the_exact_figures(client, picture, coordinator_k):
    client.force_login(coordinator_k)
    response = client.get(
        reverse("insights_export", args=["demand", "csv"]) + f"?{FILTER_ALL}&by=region",
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    lines = response.content.decode().strip().splitlines()
    assert lines[0] == "Region,Needs,Organisations"
    assert sorted(lines[1:]) == ["Lapland,4,3", "Päijät-Häme,1,1"]


def test_xlsx_export_of_the_gaps(client, picture, coordinator_k):
    client.force_login(coordinator_k)
    response = client.get(reverse("insights_export", args=["gaps", "xlsx"]) + f"?{FILTER_ALL}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1] == ["Gap", "Needs"]
    assert [r[1] for r in rows[2:]] == [2, 3, 1, 1]


def test_unknown_export_is_not_found(client, picture, coordinator_k):
    client.force_login(coordinator_k)
    assert client.get(reverse("insights_export", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("insights_export", args=["demand", "pdf"])).status_code == 404


def test_monthly_report_is_a_pdf(client, picture, coordinator_k):
    client.force_login(coordinator_k)
    response = client.get(reverse("insights_report", args=[2026, 2]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("insights_report", args=[2026, 13])).status_code == 404
    # Names carrying markup characters are text in the PDF, not broken markup.
    picture.clusters["K"].name = "R&D <Lapland> & co"
    picture.clusters["K"].save()
    cache.clear()
    assert client.get(reverse("insights_report", args=[2026, 2])).content.startswith(b"%PDF")


def test_indicator_records_name_only_what_the_coordinator_coordinates(client, picture):
    # A coordinator of Päijät-Häme sees c3 (its need is in the cluster) but not c1 (Lapland).
    user = factories.with_totp(factories.UserFactory.create(language="en"))
    picture.clusters["P"].coordinators.add(user)
    client.force_login(user)
    body = client.get(reverse("insights_indicator_records", args=["RCO01"])).content.decode()
    assert picture.orgs["c3"].name in body
    assert picture.orgs["c1"].name not in body
    assert "1 further record is outside your clusters" in body


def test_staff_see_every_record_and_others_none(client, picture, staff_user):
    client.force_login(staff_user)
    body = client.get(reverse("insights_indicator_records", args=["RCO01"])).content.decode()
    assert picture.orgs["c1"].name in body and picture.orgs["c3"].name in body
    member = factories.MembershipFactory.create(organisation=picture.orgs["c1"]).user
    client.force_login(member)
    assert client.get(reverse("insights_indicator_records", args=["RCO01"])).status_code == 403
    client.force_login(staff_user)
    assert client.get(reverse("insights_indicator_records", args=["XX99"])).status_code == 404


def test_provider_page_lists_unanswered_needs_without_naming_companies(client, picture):
    member = factories.MembershipFactory.create(organisation=picture.orgs["p2"]).user
    client.force_login(member)
    body = client.get(reverse("insights_provider_gaps")).content.decode()
    assert picture.needs["n4"].title in body
    # n4 is anonymous: its company is not named.
    assert picture.orgs["c3"].name not in body


def test_open_page_and_api_need_no_login_and_name_no_company(client, api_client, picture):
    page = client.get(reverse("insights_open"))
    assert page.status_code == 200
    assert "CC BY 4.0" in page.content.decode()
    data = api_client.get("/api/v1/stats/needs/").json()
    assert data["licence"]["name"] == "CC BY 4.0"
    # Five needs in all; Päijät-Häme's single company is hidden, and what would reveal it.
    assert data["total"] == 5
    assert data["suppressed_cells"] > 0
    for org in picture.orgs.values():
        assert org.name not in str(data) and org.name not in page.content.decode()
    assert api_client.get("/api/v1/stats/needs/?year=20x6").status_code == 400
    index = api_client.get("/api/v1/stats/").json()
    assert set(index["datasets"]) == {"needs", "services", "indicators"}


def test_open_indicators_suppress_figures_of_fewer_than_three_organisations(api_client, picture):
    data = api_client.get("/api/v1/stats/indicators/").json()
    values = {row["code"]: row["value"] for row in data["indicators"]}
    # Every indicator of the small region rests on 1 or 2 organisations.
    assert values == dict.fromkeys(values, None)


def test_cached_figures_change_when_a_need_is_published(picture):
    params = figures.Params(figures.Filters(), by="region")
    before = figures.table("demand", params)
    with CaptureQueriesContext(connection) as warm:
        assert figures.table("demand", params) == before
    # The warm read is the fingerprint only.
    assert len(warm) == 6
    factories.NeedFactory.create(organisation=picture.orgs["c2"])
    after = figures.table("demand", params)
    assert {r[0]: r[1] for r in after.rows}["Lapland"] == 5
    cache.clear()


def test_record_list_queries_do_not_grow_with_the_records(client, picture, staff_user):
    from matchmaking.models import Match, MatchEvent, MatchOrigin, MatchStage

    client.force_login(staff_user)
    url = reverse("insights_indicator_records", args=["RCO01"])
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for _ in range(3):
        need = factories.NeedFactory.create()
        match = Match.objects.create(
            need=need,
            service=picture.services["s1"],
            origin=MatchOrigin.COORDINATOR,
            stage=MatchStage.INTRODUCED,
        )
        MatchEvent.objects.create(match=match, kind="stage", to_stage=MatchStage.INTRODUCED)
    with CaptureQueriesContext(connection) as after:
        body = client.get(url).content.decode()
    assert body.count('class="list-group-item"') == 5
    assert len(after) == len(before)
