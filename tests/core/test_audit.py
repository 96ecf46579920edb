"""The audit trail records who changed what on needs, services, matches and memberships."""

from __future__ import annotations

import pytest

from accounts.actions import membership_change_role
from companies.actions import need_publish, need_update
from core.models import AuditEntry
from matchmaking.brokering import actions as brokering
from services.actions import service_archive
from tests import factories

pytestmark = pytest.mark.django_db


def test_need_changes_are_recorded_field_by_field(company_member):
    need = factories.NeedFactory.create(
        organisation=company_member.organisation,
        status="draft",
        published_at=None,
        title="Old title",
    )
    need_update(need=need, by=company_member.user, title="New title")
    need_publish(need=need, by=company_member.user)
    entries = list(
        AuditEntry.objects.filter(object_type="companies.developmentneed").order_by("pk")
    )
    assert [e.action for e in entries] == ["update", "publish"]
    assert entries[0].changes == {"title": ["Old title", "New title"]}
    assert entries[0].actor == company_member.user


def test_an_update_that_changes_nothing_leaves_no_entry(company_member):
    need = factories.NeedFactory.create(organisation=company_member.organisation, title="Same")
    need_update(need=need, by=company_member.user, title="Same")
    assert not AuditEntry.objects.exists()


def test_services_memberships_and_matches_are_recorded(
    provider_member, company_member, coordinator
):
    service = factories.ServiceFactory.create(provider=provider_member.organisation)
    service_archive(service=service, by=provider_member.user)
    colleague = factories.MembershipFactory.create(
        organisation=company_member.organisation, role="member"
    )
    membership_change_role(membership=colleague, by=company_member.user, role="owner")
    need = factories.NeedFactory.create(organisation=company_member.organisation)
    match = brokering.match_create(
        need=need, service=factories.ServiceFactory.create(), by=coordinator, origin="coordinator"
    )
    brokering.match_transition(match=match, by=coordinator, action="shortlist")
    actions = set(AuditEntry.objects.values_list("object_type", "action"))
    assert ("services.rdservice", "status:archived") in actions
    assert ("accounts.membership", "update") in actions
    assert ("matchmaking.match", "create:coordinator") in actions
    assert ("matchmaking.match", "stage:shortlisted") in actions
    role_change = AuditEntry.objects.get(object_type="accounts.membership")
    assert role_change.changes == {"role": ["member", "owner"]}
