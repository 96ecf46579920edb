"""A need whose match reaches an agreement is matched: it has found its provider."""

from __future__ import annotations

import pytest

from companies.actions import need_close, need_publish
from companies.models import DevelopmentNeed, NeedStatus
from core.models import AuditEntry
from matchmaking.brokering import actions as brokering
from matchmaking.models import Match, MatchStage
from tests import factories

pytestmark = pytest.mark.django_db


def _agree(need, coordinator):
    match = brokering.match_create(
        need=need, service=factories.ServiceFactory.create(), by=coordinator, origin="coordinator"
    )
    Match.objects.filter(pk=match.pk).update(stage=MatchStage.IN_DISCUSSION)
    return brokering.match_transition(
        match=match, by=coordinator, action="agree", outcome_type="joint_rd_project"
    )


def test_an_agreement_makes_a_published_need_matched(coordinator):
    need = factories.NeedFactory.create(status=NeedStatus.PUBLISHED)

    _agree(need, coordinator)

    assert DevelopmentNeed.objects.get(pk=need.pk).status == NeedStatus.MATCHED
    entry = AuditEntry.objects.get(object_type="companies.developmentneed")
    assert (entry.action, entry.actor, entry.object_id) == ("matched", coordinator, need.pk)


def test_a_second_agreement_leaves_the_need_matched_and_records_nothing_more(coordinator):
    need = factories.NeedFactory.create(status=NeedStatus.PUBLISHED)
    _agree(need, coordinator)
    _agree(need, coordinator)
    assert DevelopmentNeed.objects.get(pk=need.pk).status == NeedStatus.MATCHED
    assert AuditEntry.objects.filter(action="matched").count() == 1


@pytest.mark.parametrize("status", [NeedStatus.CLOSED, NeedStatus.EXPIRED])
def test_a_closed_or_expired_need_keeps_its_status_on_agreement(coordinator, status):
    need = factories.NeedFactory.create(status=status)
    _agree(need, coordinator)
    assert DevelopmentNeed.objects.get(pk=need.pk).status == status


def test_a_matched_need_can_be_published_again_or_closed(company_member, coordinator):
    need = factories.NeedFactory.create(organisation=company_member.organisation)
    _agree(need, coordinator)
    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED
    need_publish(need=need, by=company_member.user)
    assert DevelopmentNeed.objects.get(pk=need.pk).status == NeedStatus.PUBLISHED
    _agree(need, coordinator)
    need_close(need=need, by=company_member.user, reason="solved_here")
    assert DevelopmentNeed.objects.get(pk=need.pk).status == NeedStatus.CLOSED
