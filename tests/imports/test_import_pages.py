"""The import pages: upload, map the columns, the dry-run report, run, undo; who may see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Organisation
from imports.models import ImportJob, ImportStatus
from tests import factories

from .conftest import FILES, check, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _post_file(client, name, kind="organisations", source="Lapin klusteri"):
    with open(FILES / name, "rb") as handle:
        return client.post(reverse("import_list"), {"kind": kind, "source": source, "file": handle})


def test_a_coordinator_uploads_maps_checks_runs_and_undoes_a_file(
    client, importer, django_capture_on_commit_callbacks
):
    client.force_login(importer)

    response = _post_file(client, "organisations_excel_semicolon.csv")
    job = ImportJob.objects.get()
    assert response.url == reverse("import_mapping", args=[job.pk])

    page = client.get(response.url)
    assert page.status_code == 200
    assert b"Lapin Kone Oy" in page.content  # a sample value under its column

    form = {f"column-{i}": job.mapping[h] for i, h in enumerate(job.headers)}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("import_mapping", args=[job.pk]), form)
    assert response.url == reverse("import_detail", args=[job.pk])

    page = client.get(response.url)
    content = page.content.decode()
    assert "Did you mean Salla?" in content
    assert "would be created" in content
    assert 'http-equiv="refresh"' not in content, "a finished check does not reload itself"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Organisation.objects.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_undo", args=[job.pk]))
    assert ImportJob.objects.get().status == ImportStatus.UNDONE
    assert not Organisation.objects.exists()


def test_a_running_import_shows_its_progress_and_reloads_itself(client, importer):
    job = check(upload(importer, "organisations_excel_semicolon.csv", "organisations"), importer)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, processed_rows=3)
    client.force_login(importer)

    content = client.get(reverse("import_detail", args=[job.pk])).content.decode()

    assert '<meta http-equiv="refresh" content="2">' in content
    assert '<progress id="import-progress" class="w-100" max="100" value="50">' in content
    assert "3 of 6 rows" in content


def test_a_second_press_of_start_runs_the_import_once(
    client, importer, django_capture_on_commit_callbacks
):
    job = check(upload(importer, "organisations_excel_semicolon.csv", "organisations"), importer)
    client.force_login(importer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_run", args=[job.pk]))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("import_run", args=[job.pk]), follow=True)

    assert callbacks == []
    assert "Run the check first; an import runs once." in response.content.decode()
    assert Organisation.objects.count() == 2


def test_a_mapping_without_a_required_field_is_refused_with_a_sentence(client, importer):
    job = upload(importer, "organisations_excel_semicolon.csv", "organisations")
    client.force_login(importer)

    response = client.post(reverse("import_mapping", args=[job.pk]), {"column-0": ""})

    assert response.status_code == 400
    assert "Choose a column for: Name." in response.content.decode()
    assert ImportJob.objects.get().status == ImportStatus.UPLOADED


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_form(client, importer, tmp_path):
    client.force_login(importer)
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with open(path, "rb") as handle:
        response = client.post(
            reverse("import_list"), {"kind": "organisations", "source": "X", "file": handle}
        )

    assert response.status_code == 200
    assert "The file could not be read as an XLSX workbook." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_mapping_is_remembered_for_the_next_file_from_the_same_source(importer):
    job = upload(importer, "organisations_excel_semicolon.csv", "organisations")
    mapping = {**job.mapping, "WWW": ""}
    check(job, importer, mapping)

    again = upload(importer, "organisations_excel_semicolon.csv", "organisations")

    assert again.mapping == mapping


def test_people_who_are_not_coordinators_cannot_import(client, company_member):
    client.force_login(company_member.user)

    assert client.get(reverse("import_list")).status_code == 403


def test_a_coordinator_does_not_see_another_coordinators_import(client, importer):
    job = upload(importer, "organisations_excel_semicolon.csv", "organisations")
    other = factories.with_totp(factories.UserFactory.create())
    factories.ClusterFactory.create().coordinators.add(other)
    client.force_login(other)

    assert client.get(reverse("import_detail", args=[job.pk])).status_code == 404


def test_staff_see_every_import_and_the_list_query_count_does_not_grow(
    client, importer, staff_user, django_assert_max_num_queries
):
    for _ in range(3):
        upload(importer, "organisations_excel_semicolon.csv", "organisations")
    client.force_login(staff_user)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("import_list"))
    for _ in range(5):
        upload(importer, "contacts.csv", "contacts")
    with django_assert_max_num_queries(12):
        second = client.get(reverse("import_list"))

    assert first.content.decode().count("organisations_excel_semicolon.csv") == 3
    assert second.content.decode().count("contacts.csv") == 5
