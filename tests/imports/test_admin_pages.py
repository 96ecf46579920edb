"""Staff read imports and personal-data requests in the admin: lists and detail pages open,
nothing is added or edited there, and no stored file, archive or download token is shown."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from imports.models import ImportJob, ImportKey, ImportProblem, ImportSource
from privacy.models import DataExport, InactivityWarning
from tests import factories

from .conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(importer):
    job = upload(importer, "organisations_excel_semicolon.csv", "organisations")
    ImportProblem.objects.create(job=job, row=2, message="Row two is wrong", value="Acme")
    ImportKey.objects.create(
        source=job.source, object_type="accounts.organisation", external_id="T-1", object_id=1
    )
    person = factories.UserFactory.create()
    export = DataExport.objects.create(user=person, archive=b"PK-secret-archive")
    warning = InactivityWarning.objects.create(user=person, warned_at=timezone.now())
    return {
        "job": job,
        "source": job.source,
        "export": export,
        "warning": warning,
        "key": ImportKey.objects.get(),
    }


@pytest.mark.parametrize(
    "model", [ImportJob, ImportSource, ImportKey, DataExport, InactivityWarning]
)
def test_staff_read_the_new_models_in_the_admin_and_cannot_add_or_edit(
    client, staff_user, rows, model
):
    client.force_login(staff_user)
    meta = model._meta
    changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert changelist.status_code == 200
    obj = model.objects.first()
    change = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200
    page = change.content.decode()
    # Read-only: no save button, and no add page.
    assert 'name="_save"' not in page
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
    for secret in (rows["export"].token, "PK-secret-archive", "Lapin Kone Oy;1234560-4"):
        assert secret not in page
        assert secret not in changelist.content.decode()


def test_the_job_page_shows_its_report(client, staff_user, rows):
    client.force_login(staff_user)
    page = client.get(reverse("admin:imports_importjob_change", args=[rows["job"].pk]))
    assert "Row two is wrong" in page.content.decode()


def test_coordinators_do_not_reach_the_admin(client, importer, rows):
    client.force_login(importer)
    response = client.get(reverse("admin:imports_importjob_changelist"))
    assert response.status_code == 302
