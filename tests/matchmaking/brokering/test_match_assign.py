"""Who a match may be assigned to: coordinators of the need's clusters and staff only."""

from __future__ import annotations

from typing import Any

import pytest

from matchmaking.brokering import actions as brokering
from matchmaking.models import Match, MatchEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def match(coordinator: Any) -> Match:
    return brokering.match_create(
        need=factories.NeedFactory.create(),
        service=factories.ServiceFactory.create(),
        by=coordinator,
        origin="coordinator",
    )


def _assign(api_client: Any, by: Any, match: Match, assignee_id: Any) -> Any:
    api_client.force_authenticate(user=by)
    return api_client.post(
        f"/api/v1/matches/{match.pk}/assign/", {"assignee": assignee_id}, format="json"
    )


def test_a_coordinator_assigns_a_match_to_another_coordinator_of_the_need(
    api_client, coordinator, match
):
    colleague = factories.UserFactory.create()
    factories.ClusterFactory.create(region=match.need.region).coordinators.add(colleague)
    response = _assign(api_client, coordinator, match, colleague.pk)
    assert response.status_code == 200, response.content
    match.refresh_from_db()
    assert match.assignee == colleague


def test_staff_can_be_assigned_and_the_assignment_can_be_cleared(api_client, coordinator, match):
    staff = factories.UserFactory.create(is_staff=True)
    assert _assign(api_client, coordinator, match, staff.pk).status_code == 200
    assert _assign(api_client, coordinator, match, None).status_code == 200
    match.refresh_from_db()
    assert match.assignee is None


def test_a_stranger_an_inactive_user_and_a_missing_id_get_the_same_field_error(
    api_client, coordinator, match
):
    stranger = factories.UserFactory.create(full_name="Secret Stranger")
    company_member = factories.MembershipFactory.create(organisation=match.need.organisation).user
    other_region = factories.UserFactory.create()
    factories.ClusterFactory.create(region=factories.region("01")).coordinators.add(other_region)
    inactive_staff = factories.UserFactory.create(is_staff=True, is_active=False)
    missing = max(stranger.pk, company_member.pk, other_region.pk, inactive_staff.pk) + 1000
    bodies = []
    for candidate in (stranger.pk, company_member.pk, other_region.pk, inactive_staff.pk, missing):
        response = _assign(api_client, coordinator, match, candidate)
        assert response.status_code == 400, response.content
        assert "assignee" in response.json()
        bodies.append(response.json())
    # One message for all: it must not tell an existing user from a missing id.
    assert all(body == bodies[0] for body in bodies)
    match.refresh_from_db()
    assert match.assignee is None
    assert not MatchEvent.objects.filter(match=match, text__contains="Secret Stranger").exists()


def test_the_service_refuses_an_assignee_outside_the_needs_coordinators(coordinator, match):
    from django.core.exceptions import ValidationError

    stranger = factories.UserFactory.create()
    with pytest.raises(ValidationError) as raised:
        brokering.match_assign(match=match, by=coordinator, assignee_id=stranger.pk)
    assert "assignee" in raised.value.message_dict
