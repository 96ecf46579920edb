"""The catalogue: who reads and who writes it, its API's field errors, the file import."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from funding.models import FundingInstrument
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "funder;name;slug;summary;trl_min;trl_max;region_scope;regions;research_partner_required"


def test_everyone_signed_in_reads_the_catalogue_with_a_fixed_number_of_queries(
    client, company_member
):
    for _ in range(3):
        factories.CallFactory.create()
    client.force_login(company_member.user)
    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("funding_instrument_list"))
    assert response.status_code == 200
    for _ in range(3):
        factories.CallFactory.create()
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("funding_instrument_list"))
    assert len(six) == len(three)
    assert b"Add an instrument" not in response.content


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("funding_instrument_list"))
    assert response.status_code == 302


def test_a_company_member_may_not_edit_the_catalogue(client, company_member):
    instrument = factories.InstrumentFactory.create()
    client.force_login(company_member.user)
    assert client.get(reverse("funding_instrument_create")).status_code == 403
    url = reverse("funding_instrument_edit", args=[instrument.slug])
    assert client.post(url, {"name": "Mine"}).status_code == 403


def test_a_coordinator_adds_an_instrument_and_a_call_through_the_pages(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("funding_instrument_create"),
        {
            "funder": "Business Finland",
            "name": "R&D grant",
            "slug": "rd-grant",
            "summary": "Research.",
            "eligible_kinds": ["company"],
            "eligible_sizes": ["small"],
            "trl_min": "3",
            "trl_max": "6",
            "region_scope": "any",
            "research_partner_required": "",
            "international_partners_required": "no",
        },
    )
    assert response.status_code == 302, response.content
    instrument = FundingInstrument.objects.get(slug="rd-grant")
    assert instrument.research_partner_required is None
    assert instrument.international_partners_required is False
    response = client.post(
        reverse("funding_call_create", args=["rd-grant"]),
        {"title": "Spring call", "deadline": "2030-03-15"},
    )
    assert instrument.calls.get().title == "Spring call"
    page = client.get(reverse("funding_instrument_detail", args=["rd-grant"]))
    assert b"Spring call" in page.content


def test_the_form_refuses_a_trl_range_upside_down(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("funding_instrument_create"),
        {
            "funder": "F",
            "name": "N",
            "slug": "n",
            "summary": "S",
            "trl_min": "6",
            "trl_max": "3",
            "region_scope": "any",
        },
    )
    assert response.status_code == 200
    assert b"The highest TRL cannot be below the lowest." in response.content
    assert not FundingInstrument.objects.exists()


def test_api_reads_for_everyone_signed_in_and_writes_for_coordinators(
    api_client, company_member, coordinator
):
    factories.InstrumentFactory.create(slug="known")
    api_client.force_login(company_member.user)
    listed = api_client.get("/api/v1/funding-instruments/")
    assert listed.status_code == 200
    assert listed.json()["results"][0]["slug"] == "known"
    body = {"funder": "F", "name": "N", "slug": "new", "summary": "S"}
    assert api_client.post("/api/v1/funding-instruments/", body).status_code == 403
    api_client.force_login(coordinator)
    created = api_client.post("/api/v1/funding-instruments/", body, format="json")
    assert created.status_code == 201
    assert created.json()["slug"] == "new"


def test_api_answers_bad_input_with_field_errors(api_client, coordinator):
    api_client.force_login(coordinator)
    response = api_client.post(
        "/api/v1/funding-instruments/",
        {
            "funder": "F",
            "name": "N",
            "slug": "bad",
            "summary": "S",
            "trl_min": 7,
            "trl_max": 2,
            "eligible_kinds": ["dragon"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "eligible_kinds" in response.json()
    response = api_client.post(
        "/api/v1/funding-instruments/",
        {"funder": "F", "name": "N", "slug": "bad", "summary": "S", "trl_min": 7, "trl_max": 2},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"trl_max": ["The highest TRL cannot be below the lowest."]}


def test_api_lists_upcoming_calls_only(api_client, company_member):
    import datetime

    factories.CallFactory.create(title="Past", deadline=datetime.date(2020, 1, 1))
    factories.CallFactory.create(title="Coming")
    api_client.force_login(company_member.user)
    titles = [c["title"] for c in api_client.get("/api/v1/funding-calls/").json()["results"]]
    assert titles == ["Coming"]


def _upload(client, name, content):
    return client.post(
        reverse("funding_instrument_import"),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_a_csv_import_creates_and_updates_instruments(client, coordinator):
    factories.InstrumentFactory.create(slug="existing", name="Old name")
    client.force_login(coordinator)
    csv = "\n".join(
        [
            HEADER,
            "Business Finland;New grant;new-grant;Funds R&D.;3;6;listed;19,17;yes",
            "ELY;Renamed;existing;Aid.;;;any;;no",
        ]
    ).encode()
    response = _upload(client, "catalogue.csv", csv)
    assert response.status_code == 302
    new = FundingInstrument.objects.get(slug="new-grant")
    assert sorted(new.regions.values_list("code", flat=True)) == ["17", "19"]
    assert new.research_partner_required is True
    assert FundingInstrument.objects.get(slug="existing").name == "Renamed"


def test_a_bad_row_imports_nothing_and_the_report_names_the_row_and_field(client, coordinator):
    client.force_login(coordinator)
    csv = "\n".join(
        [
            HEADER,
            "F;Good;good;S;3;6;any;;",
            "F;Bad;bad;S;seven;6;listed;99;maybe",
        ]
    ).encode()
    response = _upload(client, "catalogue.csv", csv)
    assert response.status_code == 400
    report = {(e.row, e.field) for e in response.context["report"].errors}
    assert report == {(3, "trl_min"), (3, "regions"), (3, "research_partner_required")}
    assert not FundingInstrument.objects.exists()


def test_an_xlsx_import_reads_the_first_sheet(client, coordinator):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["funder", "name", "slug", "summary", "trl_min", "continuous", "last_checked"])
    sheet.append(["EIC", "Accelerator", "eic", "Grants.", 5, "yes", "2026-11-28"])
    out = io.BytesIO()
    workbook.save(out)
    client.force_login(coordinator)
    response = _upload(client, "catalogue.xlsx", out.getvalue())
    assert response.status_code == 302
    eic = FundingInstrument.objects.get(slug="eic")
    assert (eic.trl_min, eic.continuous, str(eic.last_checked)) == (5, True, "2026-11-28")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("catalogue.txt", b"x", b"Give a .csv or an .xlsx file."),
        ("catalogue.xlsx", b"not a workbook", b"The file is not a readable Excel workbook."),
        ("catalogue.csv", b"name;slug\nA;a", b"missing: funder, summary"),
        ("catalogue.csv", b"\xff\xfe\x00", b"Save the CSV file as UTF-8."),
    ],
)
def test_an_unreadable_file_gets_a_sentence_not_a_500(client, coordinator, name, content, message):
    client.force_login(coordinator)
    response = _upload(client, name, content)
    assert response.status_code == 200
    assert message in response.content


def test_the_calendar_filters_by_region(client, company_member):
    lapland_only = factories.InstrumentFactory.create(region_scope="listed")
    lapland_only.regions.set([factories.region("19")])
    factories.CallFactory.create(instrument=lapland_only, title="Lapland call")
    factories.CallFactory.create(title="Everywhere call")
    client.force_login(company_member.user)
    north = factories.region("17")
    response = client.get(reverse("funding_calendar"), {"region": north.pk})
    assert b"Everywhere call" in response.content
    assert b"Lapland call" not in response.content
    response = client.get(reverse("funding_calendar"))
    assert b"Lapland call" in response.content


def test_the_demo_catalogue_loads_with_sources_and_dates():
    from demo.funding import load_funding_instruments

    assert load_funding_instruments() == 9
    assert load_funding_instruments() == 0  # again: nothing new
    for instrument in FundingInstrument.objects.all():
        assert instrument.facts_source_url.startswith("https://")
        assert instrument.last_checked is not None
        assert instrument.summary


def test_the_import_command_reports_bad_rows_with_an_exit_code(tmp_path, staff_user):
    from django.core.management import CommandError, call_command

    good = tmp_path / "good.csv"
    good.write_text(HEADER + "\nF;Grant;grant;S;3;6;any;;no\n", encoding="utf-8")
    call_command("import_funding_instruments", str(good), "--as", staff_user.email)
    assert FundingInstrument.objects.get(slug="grant").trl_max == 6
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\nF;Grant;grant;S;3;x;any;;no\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Nothing was imported: 1 problems\."):
        call_command("import_funding_instruments", str(bad), "--as", staff_user.email)
    with pytest.raises(CommandError, match="not an active coordinator or staff member"):
        call_command("import_funding_instruments", str(good), "--as", "nobody@example.org")


def test_the_calendar_filters_by_priority_area(client, company_member):
    from taxonomy.models import PriorityArea

    area, other = PriorityArea.objects.all()[:2]
    limited = factories.InstrumentFactory.create()
    limited.priority_areas.set([other])
    factories.CallFactory.create(instrument=limited, title="Other area call")
    factories.CallFactory.create(title="Any area call")
    client.force_login(company_member.user)
    response = client.get(reverse("funding_calendar"), {"area": area.pk})
    assert b"Any area call" in response.content
    assert b"Other area call" not in response.content


def test_only_coordinators_keep_the_partnerships(client, coordinator, company_member):
    from funding.models import SmartSpecialisationPartnership

    partnership = SmartSpecialisationPartnership.objects.create(
        name="Arctic Batteries",
        theme="Batteries",
        partner_regions="Norrbotten",
        region=factories.region("19"),
    )
    client.force_login(company_member.user)
    assert client.post(reverse("funding_partnership_list"), {"name": "X"}).status_code == 403
    edit = reverse("funding_partnership_edit", args=[partnership.pk])
    assert client.get(edit).status_code == 403
    client.force_login(coordinator)
    response = client.post(
        edit,
        {
            "name": "Arctic Batteries",
            "theme": "Battery materials",
            "partner_regions": "Norrbotten",
            "region": factories.region("19").pk,
        },
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.theme == "Battery materials"


def test_a_company_marks_its_need_open_to_partners_abroad_and_finds_the_een_profile(
    client, company_member
):
    need = factories.NeedFactory.create(organisation=company_member.organisation)
    client.force_login(company_member.user)
    form = client.get(reverse("need_edit", args=[need.pk])).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("priority_areas", "funding_interest", "keywords")
    }
    data.update({"category": need.category_id, "region": need.region_id})
    data["open_to_international"] = "on"
    response = client.post(reverse("need_edit", args=[need.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    need.refresh_from_db()
    assert need.open_to_international
    page = client.get(reverse("need_detail", args=[need.pk]))
    assert reverse("funding_een_profile", args=[need.pk]).encode() in page.content


def test_the_list_shows_the_next_deadline_not_a_past_one(client, company_member):
    import datetime

    instrument = factories.InstrumentFactory.create(continuous=False)
    factories.CallFactory.create(instrument=instrument, deadline=datetime.date(2020, 1, 1))
    factories.CallFactory.create(instrument=instrument, deadline=datetime.date(2099, 3, 15))
    factories.CallFactory.create(instrument=instrument, deadline=datetime.date(2099, 9, 1))
    client.force_login(company_member.user)
    [listed] = client.get(reverse("funding_instrument_list")).context["instruments"]
    assert listed.next_call.deadline == datetime.date(2099, 3, 15)


def test_api_refuses_a_call_closing_before_it_opens(api_client, coordinator):
    instrument = factories.InstrumentFactory.create()
    api_client.force_login(coordinator)
    response = api_client.post(
        "/api/v1/funding-calls/",
        {
            "instrument": instrument.pk,
            "title": "Upside down",
            "opens_on": "2030-05-01",
            "deadline": "2030-04-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"deadline": ["The deadline cannot be before the opening."]}
    missing = api_client.post("/api/v1/funding-calls/", {"title": "No date"}, format="json")
    assert missing.status_code == 400
    assert {"instrument", "deadline"} <= set(missing.json())
