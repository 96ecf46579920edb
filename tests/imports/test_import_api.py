"""Import jobs over the API: progress and report, for their coordinator and staff only."""

from __future__ import annotations

import pytest

from tests import factories

from .conftest import check, upload

pytestmark = pytest.mark.django_db


def test_a_coordinator_follows_the_job_and_reads_its_report(api_client, importer):
    job = check(upload(importer, "organisations_excel_semicolon.csv", "organisations"), importer)
    api_client.force_authenticate(importer)

    listing = api_client.get("/api/v1/imports/")
    detail = api_client.get(f"/api/v1/imports/{job.pk}/")
    problems = api_client.get(f"/api/v1/imports/{job.pk}/problems/")

    assert [row["id"] for row in listing.json()["results"]] == [job.pk]
    body = detail.json()
    assert (body["status"], body["total_rows"], body["processed_rows"], body["percent"]) == (
        "checked",
        6,
        6,
        100,
    )
    assert body["counts"] == {"create": 2, "update": 0, "unchanged": 0, "error": 4}
    rows = problems.json()["results"]
    assert [(row["row"], row["column"]) for row in rows] == [
        (4, "Y-tunnus"),
        (5, "Kunta"),
        (6, "Y-tunnus"),
        (7, "Koko"),
    ]


def test_other_people_do_not_see_import_jobs(api_client, importer, company_member):
    job = upload(importer, "organisations_excel_semicolon.csv", "organisations")
    other = factories.with_totp(factories.UserFactory.create())
    factories.ClusterFactory.create().coordinators.add(other)

    api_client.force_authenticate(company_member.user)
    assert api_client.get("/api/v1/imports/").status_code == 403
    api_client.force_authenticate(other)
    assert api_client.get(f"/api/v1/imports/{job.pk}/").status_code == 404
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/imports/").status_code in (401, 403)
