"""Edits save only the fields they change, under a row lock, and nothing when nothing changed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.actions import organisation_update
from accounts.models import Organisation
from companies.actions import need_update
from companies.models import DevelopmentNeed
from core.models import AuditEntry
from services.actions import service_update
from services.models import RDService
from taxonomy.models import PriorityArea

from . import factories

pytestmark = pytest.mark.django_db


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]


def test_a_need_edit_keeps_a_field_changed_since_the_need_was_loaded(company_member):
    need = factories.NeedFactory.create(
        organisation=company_member.organisation, title="Old title", description="Old text"
    )
    # Someone else saves the description after this request loaded the need.
    DevelopmentNeed.objects.filter(pk=need.pk).update(description="Their text")

    updated = need_update(need=need, by=company_member.user, title="New title")

    assert updated.title == "New title"
    need.refresh_from_db()
    assert (need.title, need.description) == ("New title", "Their text")


def test_a_service_edit_keeps_a_field_changed_since_the_service_was_loaded(provider_member):
    service = factories.ServiceFactory.create(
        provider=provider_member.organisation, title="Old title", lead_time_weeks=4
    )
    RDService.objects.filter(pk=service.pk).update(lead_time_weeks=9)

    service_update(service=service, by=provider_member.user, title="New title")

    service.refresh_from_db()
    assert (service.title, service.lead_time_weeks) == ("New title", 9)


def test_an_organisation_edit_keeps_a_field_changed_since_it_was_loaded(company_member):
    organisation = company_member.organisation
    Organisation.objects.filter(pk=organisation.pk).update(description="Their text")

    organisation_update(
        organisation=organisation, by=company_member.user, name="Renamed company Oy"
    )

    organisation.refresh_from_db()
    assert (organisation.name, organisation.description) == ("Renamed company Oy", "Their text")


def test_a_need_edit_that_changes_nothing_saves_nothing_and_records_nothing(company_member):
    need = factories.NeedFactory.create(
        organisation=company_member.organisation, title="Same", keywords=["a", "b"]
    )
    updated_at = DevelopmentNeed.objects.get(pk=need.pk).updated_at

    with CaptureQueriesContext(connection) as queries:
        need_update(
            need=need,
            by=company_member.user,
            title="Same",
            keywords=["a", "b"],
            priority_areas=list(need.priority_areas.all()),
            category=need.category,
        )

    assert _writes(queries) == []
    assert not AuditEntry.objects.exists()
    assert DevelopmentNeed.objects.get(pk=need.pk).updated_at == updated_at


def test_a_service_or_organisation_edit_that_changes_nothing_saves_nothing(
    provider_member,
):
    service = factories.ServiceFactory.create(provider=provider_member.organisation)
    organisation = provider_member.organisation
    with CaptureQueriesContext(connection) as queries:
        service_update(service=service, by=provider_member.user, title=service.title)
        organisation_update(
            organisation=organisation, by=provider_member.user, name=organisation.name
        )
    assert _writes(queries) == []
    assert not AuditEntry.objects.exists()


def test_changing_only_the_priority_areas_is_saved_and_recorded(company_member):
    need = factories.NeedFactory.create(organisation=company_member.organisation)
    other = PriorityArea.objects.first()
    updated_at = DevelopmentNeed.objects.get(pk=need.pk).updated_at

    need_update(need=need, by=company_member.user, priority_areas=[other])

    assert list(need.priority_areas.all()) == [other]
    entry = AuditEntry.objects.get(action="update")
    assert list(entry.changes) == ["priority_areas"]
    assert DevelopmentNeed.objects.get(pk=need.pk).updated_at > updated_at


def test_the_edited_row_is_read_for_update(company_member, provider_member):
    if not connection.features.has_select_for_update:
        pytest.skip("the database has no row locks (SQLite)")
    need = factories.NeedFactory.create(organisation=company_member.organisation)
    service = factories.ServiceFactory.create(provider=provider_member.organisation)
    with CaptureQueriesContext(connection) as queries:
        need_update(need=need, by=company_member.user, title="Locked need")
        service_update(service=service, by=provider_member.user, title="Locked service")
        organisation_update(
            organisation=company_member.organisation, by=company_member.user, name="Locked Oy"
        )
    locked = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    tables = ("companies_developmentneed", "services_rdservice", "accounts_organisation")
    for table in tables:
        assert any(f'FROM "{table}"' in sql for sql in locked), table
