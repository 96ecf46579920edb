"""Fixture files with every kind of error: each row's problems, what is created, and that
re-importing or undoing leaves the database as it was."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.apps import apps
from django.utils import translation

from accounts.models import Membership, Organisation, OrganisationKind, SmeSize, User
from companies.models import DevelopmentNeed, NeedStatus
from core.models import AuditEntry
from imports.models import ImportKey, ImportStatus
from services.models import RDService
from tests import factories

from .conftest import check, report, run, undo, upload

pytestmark = pytest.mark.django_db

DOMAIN_MODELS = (Organisation, Membership, User, DevelopmentNeed, RDService, ImportKey)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def state() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every column of every row, per table."""
    result = {}
    for model in DOMAIN_MODELS:
        names = [field.attname for field in model._meta.concrete_fields]
        rows = list(model._default_manager.order_by("pk").values_list(*names))
        result[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


def test_semicolon_csv_from_excel_reports_each_bad_row_and_imports_the_good_ones(importer):
    job = check(upload(importer, "organisations_excel_semicolon.csv", "organisations"), importer)

    assert job.status == ImportStatus.CHECKED
    assert job.encoding == "utf-8-sig"
    assert job.headers == ["Nimi", "Y-tunnus", "Kunta", "Koko", "Toimiala", "WWW"]
    assert report(job) == [
        (
            4,
            "Y-tunnus",
            "1234574-4",
            "The check digit is wrong.",
            "If the digits are right, the business ID is 1234574-3.",
        ),
        (5, "Kunta", "Sala", "Unknown municipality.", "Did you mean Salla?"),
        (
            6,
            "Y-tunnus",
            "1234560-4",
            "The same business ID as on row 2; this row is skipped.",
            "Remove one of the two rows, or merge them into one.",
        ),
        (
            7,
            "Koko",
            "jättiläinen",
            "Unknown value.",
            "Write micro, small, medium or large (or mikro, pieni...).",
        ),
    ]
    assert job.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 4}
    assert not Organisation.objects.exists(), "a dry run saves nothing"

    job = run(job, importer)

    assert job.status == ImportStatus.DONE
    kone = Organisation.objects.get(business_id="1234560-4")
    assert kone.municipality is not None
    assert (kone.name, kone.municipality.name_fi, kone.region.code) == (
        "Lapin Kone Oy",
        "Rovaniemi",
        "19",
    )
    assert kone.industry is not None
    assert (kone.sme_size, kone.industry.code, kone.kind) == (
        SmeSize.SMALL,
        "28",
        OrganisationKind.COMPANY,
    )
    assert kone.website == "https://www.lapinkone.example"
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Lapin Kone Oy",
        "Tornion Teräs Oyj",
    }


def test_a_windows_1252_file_is_read_with_its_letters_and_says_how_it_was_read(importer):
    job = check(upload(importer, "organisations_cp1252.csv", "organisations"), importer)

    assert job.encoding == "cp1252"
    assert report(job) == [
        (
            1,
            "",
            "",
            "The file was not saved as UTF-8; it was read as Windows-1252 (Western European).",
            "",
        ),
        (
            4,
            "municipality",
            "Pohjoismaa",
            "Unknown municipality.",
            "Write the municipality's Finnish or Swedish name, e.g. Rovaniemi.",
        ),
    ]
    run(job, importer)
    assert Organisation.objects.get(business_id="1234595-4").name == "Kärkölän Sähkö Oy"
    hamk = Organisation.objects.get(name="Hämeen ammattikorkeakoulu")
    assert hamk.municipality is not None
    assert (hamk.kind, hamk.municipality.name_fi) == (OrganisationKind.UAS, "Hämeenlinna")


def test_a_workbook_with_a_title_row_and_merged_two_level_headers(importer):
    job = upload(importer, "organisations_merged_header.xlsx", "organisations")

    assert job.headers == [
        "Yritys Nimi",
        "Yritys Y-tunnus",
        "Sijainti Maakunta",
        "Sijainti Kunta",
        "Koko",
    ]
    assert job.mapping == {
        "Yritys Nimi": "name",
        "Yritys Y-tunnus": "business_id",
        "Sijainti Maakunta": "region",
        "Sijainti Kunta": "municipality",
        "Koko": "sme_size",
    }
    job = check(job, importer)
    assert report(job) == [
        (
            5,
            "Sijainti Kunta",
            "Utsjoki",
            "The municipality is not in the region Uusimaa.",
            "Check the region or the municipality.",
        )
    ]
    run(job, importer)
    assert Organisation.objects.get(business_id="1234602-5").sme_size == SmeSize.MICRO


def test_needs_with_finnish_dates_and_every_kind_of_row_error(importer):
    run(
        check(upload(importer, "organisations_excel_semicolon.csv", "organisations"), importer),
        importer,
    )
    job = check(upload(importer, "needs_finnish_dates.csv", "needs", source="Työpaja"), importer)

    assert report(job) == [
        (
            3,
            "Kategoria",
            "tuotekehitys",
            "Unknown value.",
            "Did you mean Tuote- ja palvelukehitys?",
        ),
        (
            3,
            "Toivottu aloitus",
            "15.13.2026",
            "There is no such date.",
            "Check the day and the month (d.m.yyyy).",
        ),
        (
            4,
            "Yritys",
            "9999999-9",
            "No organisation has this business ID or name.",
            "Import the organisations first, or correct the business ID.",
        ),
        (
            5,
            "Määräaika",
            "1.5.2026",
            "The deadline cannot be before the wished start.",
            "Check the two dates.",
        ),
        (
            6,
            "Tunniste",
            "N-1",
            "The same source id as on row 2; this row is skipped.",
            "Remove one of the two rows, or merge them into one.",
        ),
    ]
    run(job, importer)
    need = DevelopmentNeed.objects.get()
    assert (need.title, need.status) == ("Kuivausprosessin mittaus", NeedStatus.DRAFT)
    assert (need.wished_start, need.deadline) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 12, 31),
    )
    assert need.keywords == ["kosteus", "puu"]
    assert need.organisation.business_id == "1234560-4"
    assert need.region == need.organisation.region


def test_contact_persons_become_contact_members_without_a_password(importer):
    run(
        check(upload(importer, "organisations_excel_semicolon.csv", "organisations"), importer),
        importer,
    )
    job = check(upload(importer, "contacts.csv", "contacts"), importer)

    assert report(job) == [
        (
            3,
            "Sähköposti",
            "teppo.testaaja@example",
            "This is not an e-mail address.",
            "Write it as name@example.fi.",
        )
    ]
    run(job, importer)
    membership = Membership.objects.get(user__email="maija.mallikas@example.org")
    assert (membership.is_contact_person, membership.title, membership.role) == (
        True,
        "Toimitusjohtaja",
        "member",
    )
    assert membership.organisation.business_id == "1234560-4"
    assert not membership.user.has_usable_password()


def test_every_created_row_is_in_the_audit_trail_with_its_import(importer):
    job = run(
        check(upload(importer, "organisations_excel_semicolon.csv", "organisations"), importer),
        importer,
    )

    entries = AuditEntry.objects.filter(action="import_create")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        Organisation.objects.values_list("pk", flat=True)
    )
    assert {entry.changes["import_job"] for entry in entries} == {job.pk}
    assert {entry.actor_id for entry in entries} == {importer.pk}


def test_importing_the_same_file_again_changes_nothing(importer):
    files = [
        ("organisations_excel_semicolon.csv", "organisations"),
        ("organisations_merged_header.xlsx", "organisations"),
        ("needs_finnish_dates.csv", "needs"),
        ("contacts.csv", "contacts"),
    ]
    for name, kind in files:
        run(check(upload(importer, name, kind), importer), importer)
    before, audit_count = state(), AuditEntry.objects.count()

    for name, kind in files:
        job = run(check(upload(importer, name, kind), importer), importer)
        assert job.counts["create"] == job.counts["update"] == 0, name
        assert job.counts["unchanged"] > 0, name

    assert state() == before
    assert AuditEntry.objects.count() == audit_count


def test_a_changed_file_updates_rows_and_undo_puts_back_the_old_values(importer, tmp_path):
    run(
        check(upload(importer, "organisations_excel_semicolon.csv", "organisations"), importer),
        importer,
    )
    before = state()
    from imports import actions

    changed = "Nimi;Y-tunnus;Kunta;Koko\r\nLapin Kone ja Teräs Oy;1234560-4;Kemi;keskisuuri\r\n"
    job = actions.import_upload(
        by=importer,
        kind="organisations",
        source_name="Lapin klusteri",
        filename="new.csv",
        content=changed.encode(),
    )
    job = run(check(job, importer), importer)
    assert job.counts == {"create": 0, "update": 1, "unchanged": 0, "error": 0}
    kone = Organisation.objects.get(business_id="1234560-4")
    assert kone.municipality is not None
    assert (kone.name, kone.municipality.name_fi, kone.sme_size) == (
        "Lapin Kone ja Teräs Oy",
        "Kemi",
        "medium",
    )
    entry = AuditEntry.objects.get(action="import_update")
    assert entry.changes["name"] == ["Lapin Kone Oy", "Lapin Kone ja Teräs Oy"]
    assert entry.changes["import_job"] == job.pk

    undo(job, importer)

    assert state() == before


def test_undo_of_whole_imports_leaves_the_database_as_before(importer):
    factories.OrganisationFactory.create(name="Olemassa Oy")
    before = state()
    jobs = [
        run(check(upload(importer, name, kind), importer), importer)
        for name, kind in [
            ("organisations_excel_semicolon.csv", "organisations"),
            ("needs_finnish_dates.csv", "needs"),
            ("contacts.csv", "contacts"),
        ]
    ]
    assert state() != before

    for job in reversed(jobs):
        assert undo(job, importer).status == ImportStatus.UNDONE

    assert state() == before


def test_undo_keeps_an_imported_organisation_that_someone_added_a_need_to(importer):
    job = run(
        check(upload(importer, "organisations_excel_semicolon.csv", "organisations"), importer),
        importer,
    )
    kone = Organisation.objects.get(business_id="1234560-4")
    factories.NeedFactory.create(organisation=kone)

    job = undo(job, importer)

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Lapin Kone Oy"]
    assert job.counts["kept"] == 1
    assert job.problems.filter(message__contains="Lapin Kone Oy").exists()


def test_a_similar_name_is_reported_but_does_not_stop_the_row(importer):
    factories.OrganisationFactory.create(name="LAPIN KONE, osakeyhtiö", business_id="")
    job = check(upload(importer, "organisations_excel_semicolon.csv", "organisations"), importer)

    warning = job.problems.get(row=2)
    assert warning.message == "An organisation with a similar name exists: LAPIN KONE, osakeyhtiö."
    assert not warning.blocking
    assert job.counts["create"] == 2


def test_a_task_delivered_twice_imports_once(importer):
    from imports import actions

    job = run(
        check(upload(importer, "organisations_excel_semicolon.csv", "organisations"), importer),
        importer,
    )
    actions.run_import(job.pk)
    actions.run_check(job.pk)

    assert Organisation.objects.count() == 2
    assert AuditEntry.objects.filter(action="import_create").count() == 2
    assert apps.get_model("imports", "ImportRecord").objects.filter(job=job).count() == 2


def test_a_need_like_one_the_company_has_is_reported_and_still_imported(importer):
    from imports import actions

    company = factories.OrganisationFactory.create(business_id="1234560-4")
    factories.NeedFactory.create(
        organisation=company,
        title="Sahatavaran kosteuden mittaus",
        description="Haluamme mitata sahatavaran kosteuden kuivauksen aikana.",
        language="fi",
    )
    content = (
        "Yritys;Otsikko;Kuvaus;Kategoria\n"
        "1234560-4;Kosteuden mittaus sahatavarasta;"
        "Haluamme mitata kuivauksen aikana sahatavaran kosteuden.;testing\n"
        "1234560-4;Verkkokauppa;Uusi verkkokauppa kuluttajille.;testing\n"
    )
    job = actions.import_upload(
        by=importer, kind="needs", source_name="Työpaja", filename="n.csv", content=content.encode()
    )
    job = check(job, importer)

    assert report(job) == [
        (
            2,
            "Otsikko",
            "Kosteuden mittaus sahatavarasta",
            "The company has a similar need: Sahatavaran kosteuden mittaus.",
            "If it is the same need, give the row that need's source id.",
        )
    ]
    assert job.counts["create"] == 2


def test_after_a_merge_the_sources_id_finds_the_survivor(importer, staff_user):
    from accounts.actions import organisation_merge
    from imports import actions

    content = "Nimi;Tunniste;Kunta;Laji\nPohjoisen Tutkimus ry;T-1;Rovaniemi;research_institute\n"

    def import_file():
        job = actions.import_upload(
            by=importer,
            kind="organisations",
            source_name="Tutkimus",
            filename="t.csv",
            content=content.encode(),
        )
        return run(check(job, importer), importer)

    import_file()
    imported = Organisation.objects.get(name="Pohjoisen Tutkimus ry")
    survivor = factories.ProviderFactory.create(name="Pohjoisen Tutkimuslaitos")
    organisation_merge(survivor=survivor, duplicate=imported, by=staff_user)

    again = import_file()

    # The merge filled the survivor's gaps already; the duplicate's name is not brought back.
    assert again.counts == {"create": 0, "update": 0, "unchanged": 1, "error": 0}
    assert list(Organisation.objects.values_list("pk", flat=True)) == [survivor.pk]


def test_re_importing_a_merged_source_fills_the_survivors_gaps_but_keeps_its_values(
    importer, staff_user
):
    """Staff merged the imported duplicate into the survivor and so chose the survivor's
    name and kind: a later re-import of the source must not bring the duplicate's back,
    only fill in what the survivor lacks (here its municipality)."""
    from accounts.actions import organisation_merge
    from imports import actions

    content = "Nimi;Tunniste;Kunta;Laji\nPohjoisen Tutkimus ry;T-1;Rovaniemi;research_institute\n"

    def import_file():
        job = actions.import_upload(
            by=importer,
            kind="organisations",
            source_name="Tutkimus",
            filename="t.csv",
            content=content.encode(),
        )
        return run(check(job, importer), importer)

    import_file()
    imported = Organisation.objects.get(name="Pohjoisen Tutkimus ry")
    survivor = factories.ProviderFactory.create(name="Pohjoisen Tutkimuslaitos", municipality=None)
    organisation_merge(survivor=survivor, duplicate=imported, by=staff_user)
    # The merge took the duplicate's municipality; say staff removed it since.
    Organisation.objects.filter(pk=survivor.pk).update(municipality=None)

    again = import_file()

    survivor.refresh_from_db()
    assert survivor.name == "Pohjoisen Tutkimuslaitos"
    assert survivor.kind == OrganisationKind.UAS
    assert survivor.municipality is not None and survivor.municipality.name == "Rovaniemi"
    assert again.counts["update"] == 1
    assert any("merged" in row[3] for row in report(again)), report(again)


def test_a_need_import_neither_names_nor_overwrites_a_need_hidden_from_the_importer(importer):
    """The importer coordinates Lapland; the company's anonymous need is in Uusimaa. The
    report must not quote that need's title, and a row with the same title must not
    update it: a coordinator of another region may not know the need is this company's."""
    from companies.models import NeedVisibility
    from imports import actions

    company = factories.OrganisationFactory.create(business_id="1234560-4")
    hidden = factories.NeedFactory.create(
        organisation=company,
        title="Sahatavaran kosteuden mittaus",
        description="Haluamme mitata sahatavaran kosteuden kuivauksen aikana.",
        language="fi",
        visibility=NeedVisibility.ANONYMOUS,
        region=factories.region("01"),
    )
    content = (
        "Yritys;Otsikko;Kuvaus;Kategoria\n"
        "1234560-4;Kosteuden mittaus sahatavarasta;"
        "Haluamme mitata kuivauksen aikana sahatavaran kosteuden.;testing\n"
        "1234560-4;Sahatavaran kosteuden mittaus;Tuodaan uudestaan.;testing\n"
    )
    job = actions.import_upload(
        by=importer, kind="needs", source_name="Työpaja", filename="n.csv", content=content.encode()
    )
    job = check(job, importer)

    assert "Sahatavaran kosteuden mittaus" not in str(report(job))
    assert job.counts["create"] == 2
    assert job.counts.get("update", 0) == 0
    run(job, importer)
    hidden.refresh_from_db()
    assert hidden.description == "Haluamme mitata sahatavaran kosteuden kuivauksen aikana."
    assert DevelopmentNeed.objects.filter(organisation=company).count() == 3


def test_a_coordinator_cannot_make_accounts_members_of_organisations_outside_their_clusters(
    importer, staff_user
):
    """A contact row makes its address a member of the organisation, and a member sees the
    company's drafts and hidden needs: a coordinator adds contacts only to organisations in
    the regions their clusters reach, and never their own address."""
    from imports import actions

    far = factories.OrganisationFactory.create(
        business_id="1234560-4", region=factories.region("01")
    )
    near = factories.OrganisationFactory.create(
        business_id="1234567-1", region=factories.region("19")
    )
    content = (
        "Yritys;Nimi;Sähköposti\n"
        "1234560-4;Mallory;mallory@example.org\n"
        f"1234567-1;Minä itse;{importer.email}\n"
        "1234567-1;Maija Mallikas;maija@example.org\n"
    )

    def contacts(by):
        job = actions.import_upload(
            by=by,
            kind="contacts",
            source_name="Yhteystiedot",
            filename="c.csv",
            content=content.encode(),
        )
        return run(check(job, by), by)

    job = contacts(importer)

    assert [row[0] for row in report(job)] == [2, 3]
    assert not Membership.objects.filter(organisation=far).exists()
    assert not Membership.objects.filter(user=importer).exists()
    assert Membership.objects.filter(organisation=near, user__email="maija@example.org").exists()
    # Staff may import contacts for any organisation.
    contacts(staff_user)
    assert Membership.objects.filter(organisation=far, user__email="mallory@example.org").exists()


def test_a_service_import_does_not_find_and_overwrite_a_providers_draft(importer):
    """A draft is the provider's own: a row with its title makes a new service and the
    draft stays as the provider wrote it."""
    from imports import actions
    from services.models import ServiceStatus

    provider = factories.ProviderFactory.create(business_id="1234560-4")
    draft = factories.ServiceFactory.create(
        provider=provider, title="Salainen luonnos", status=ServiceStatus.DRAFT
    )
    content = (
        "Organisaatio;Palvelu;Kuvaus;Palvelutyyppi\n"
        "1234560-4;Salainen luonnos;Korvattu kuvaus.;testing-analysis\n"
    )
    job = actions.import_upload(
        by=importer,
        kind="services",
        source_name="Palvelut",
        filename="s.csv",
        content=content.encode(),
    )
    job = check(job, importer)
    assert job.counts.get("update", 0) == 0 and job.counts["create"] == 1, (job.counts, report(job))
    run(job, importer)
    draft.refresh_from_db()
    assert draft.description != "Korvattu kuvaus."
