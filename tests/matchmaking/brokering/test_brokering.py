"""The brokering pipeline: stages per role, concurrency, anonymity, labels for the engine."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from companies.models import NeedVisibility
from matchmaking.brokering import actions as brokering
from matchmaking.matching import proposals as matching
from matchmaking.models import Match, MatchStage, Proposal, ProposalStatus
from tests import factories
from tests.conftest import service_unavailable

pytestmark = pytest.mark.django_db


def _post(client, user, url, data=None):
    client.force_authenticate(user=user)
    return client.post(url, data or {}, format="json")


def test_a_coordinator_brokers_a_match_to_an_agreement(api_client, parties):
    created = _post(
        api_client,
        parties["coordinator"],
        "/api/v1/matches/",
        {
            "need": parties["need"].pk,
            "service": parties["service"].pk,
            "origin": "coordinator",
            "note": "Met them at the fair",
        },
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/matches/{created.json()['id']}/"
    for action in ("shortlist", "introduce"):
        assert (
            _post(
                api_client, parties["coordinator"], url + "transition/", {"action": action}
            ).status_code
            == 200
        )
    for party in ("company", "provider"):
        response = _post(api_client, parties[party], url + "answer/", {"answer": "interested"})
        assert response.status_code == 200, response.content
    assert (
        _post(
            api_client,
            parties["coordinator"],
            url + "transition/",
            {"action": "discuss", "note": "Meeting held"},
        ).status_code
        == 200
    )
    missing = _post(api_client, parties["coordinator"], url + "transition/", {"action": "agree"})
    assert missing.status_code == 400 and "outcome_type" in missing.json()
    done = _post(
        api_client,
        parties["coordinator"],
        url + "transition/",
        {"action": "agree", "outcome_type": "joint_rd_project"},
    )
    body = done.json()
    assert body["stage"] == "agreement" and body["outcome_type"] == "joint_rd_project"
    assert [e["to_stage"] for e in body["events"] if e["kind"] == "stage"] == [
        "shortlisted",
        "introduced",
        "in_discussion",
        "agreement",
    ]
    # The decision taught the engine: a positive label for the pair.
    proposal = Proposal.objects.get(need=parties["need"], service=parties["service"])
    assert proposal.status == ProposalStatus.AGREEMENT
    assert [e.label for e in matching._training_examples()] == [1]


@pytest.mark.parametrize("role", ["company", "provider"])
def test_parties_cannot_move_stages(api_client, parties, role):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    brokering.match_transition(match=match, by=parties["coordinator"], action="introduce")
    response = _post(
        api_client, parties[role], f"/api/v1/matches/{match.pk}/transition/", {"action": "discuss"}
    )
    assert response.status_code == 403


def test_illegal_transitions_are_refused_with_a_reason(api_client, parties):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    url = f"/api/v1/matches/{match.pk}/transition/"
    agree = _post(
        api_client, parties["coordinator"], url, {"action": "agree", "outcome_type": "other"}
    )
    assert agree.status_code == 400 and "stage" in agree.json()
    dismiss = _post(api_client, parties["coordinator"], url, {"action": "dismiss"})
    assert dismiss.status_code == 400 and "reason" in dismiss.json()
    ok = _post(
        api_client,
        parties["coordinator"],
        url,
        {"action": "dismiss", "reason": "benefit_unclear", "reason_text": "Too vague"},
    )
    assert ok.json()["stage"] == "dismissed"
    again = _post(api_client, parties["coordinator"], url, {"action": "shortlist"})
    assert again.status_code == 400
    assert Proposal.objects.get(need=parties["need"]).status == ProposalStatus.DISMISSED


def test_discussion_needs_both_parties_interested_and_declines_need_a_reason(parties):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    match = brokering.match_transition(match=match, by=parties["coordinator"], action="introduce")
    with pytest.raises(ValidationError):
        brokering.match_transition(match=match, by=parties["coordinator"], action="discuss")
    with pytest.raises(ValidationError) as error:
        brokering.match_answer(match=match, by=parties["provider"], answer="declined")
    assert "reason" in error.value.message_dict
    match = brokering.match_answer(
        match=match,
        by=parties["provider"],
        answer="declined",
        reason="capacity",
        text="Lab booked until spring",
    )
    assert match.provider_answer == "declined" and match.reason == "capacity"


def test_stale_version_is_a_conflict(api_client, parties):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    url = f"/api/v1/matches/{match.pk}/transition/"
    assert (
        _post(
            api_client, parties["coordinator"], url, {"action": "shortlist", "version": 1}
        ).status_code
        == 200
    )
    stale = _post(api_client, parties["coordinator"], url, {"action": "introduce", "version": 1})
    assert stale.status_code == 409 and "version" in stale.json()


def test_anonymous_needs_stay_anonymous_until_the_company_consents(api_client, parties):
    need = parties["need"]
    need.visibility = NeedVisibility.ANONYMOUS
    need.save()
    match = brokering.match_create(
        need=need, service=parties["service"], by=parties["coordinator"], origin="coordinator"
    )
    url = f"/api/v1/matches/{match.pk}/"
    # Before a coordinator shortlists it, the company does not even see the match.
    assert _post(api_client, parties["company"], url + "consent/").status_code == 404
    _post(api_client, parties["coordinator"], url + "transition/", {"action": "shortlist"})
    refused = _post(
        api_client, parties["coordinator"], url + "transition/", {"action": "introduce"}
    )
    assert refused.status_code == 400
    assert _post(api_client, parties["provider"], url + "consent/").status_code == 404
    assert _post(api_client, parties["company"], url + "consent/").status_code == 200
    _post(api_client, parties["coordinator"], url + "transition/", {"action": "introduce"})
    api_client.force_authenticate(user=parties["provider"])
    assert api_client.get(url).json()["company"] == need.organisation.name


def test_provider_sees_an_anonymous_company_only_after_consent(api_client, parties):
    need = parties["need"]
    need.visibility = NeedVisibility.ANONYMOUS
    need.save()
    match = brokering.match_create(
        need=need, service=parties["service"], by=parties["provider"], origin="provider_interest"
    )
    api_client.force_authenticate(user=parties["provider"])
    assert api_client.get(f"/api/v1/matches/{match.pk}/").json()["company"] is None
    api_client.force_authenticate(user=parties["coordinator"])
    assert (
        api_client.get(f"/api/v1/matches/{match.pk}/").json()["company"] == need.organisation.name
    )


def test_interest_and_questions_start_matches_coordinators_see(api_client, parties):
    interest = _post(
        api_client,
        parties["provider"],
        "/api/v1/matches/",
        {
            "need": parties["need"].pk,
            "service": parties["service"].pk,
            "origin": "provider_interest",
        },
    )
    assert interest.status_code == 201
    duplicate = _post(
        api_client,
        parties["company"],
        "/api/v1/matches/",
        {
            "need": parties["need"].pk,
            "service": parties["service"].pk,
            "origin": "company_question",
        },
    )
    assert duplicate.status_code == 400
    other = factories.ServiceFactory.create()
    question = _post(
        api_client,
        parties["company"],
        "/api/v1/matches/",
        {"need": parties["need"].pk, "service": other.pk, "origin": "company_question"},
    )
    assert question.status_code == 201
    api_client.force_authenticate(user=parties["coordinator"])
    listed = {row["id"] for row in api_client.get("/api/v1/matches/").json()["results"]}
    assert {interest.json()["id"], question.json()["id"]} <= listed
    stranger = factories.MembershipFactory.create(
        organisation=factories.ProviderFactory.create()
    ).user
    forged = _post(
        api_client,
        stranger,
        "/api/v1/matches/",
        {
            "need": parties["need"].pk,
            "service": parties["service"].pk,
            "origin": "provider_interest",
        },
    )
    assert forged.status_code == 403


def test_coordinators_of_other_regions_do_not_see_the_match(api_client, parties):
    from allauth.mfa.models import Authenticator

    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    other = factories.UserFactory.create()
    factories.ClusterFactory.create(region=factories.region("07")).coordinators.add(other)
    Authenticator.objects.create(user=other, type=Authenticator.Type.TOTP, data={"secret": "x"})
    response = _post(
        api_client, other, f"/api/v1/matches/{match.pk}/transition/", {"action": "shortlist"}
    )
    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_at_once_end_in_one_state_and_one_refusal(coordinator):
    if connection.vendor != "postgresql":
        service_unavailable("row locks need PostgreSQL")
    second = factories.UserFactory.create(is_staff=True)
    need = factories.NeedFactory.create()
    service = factories.ServiceFactory.create()
    match = brokering.match_create(need=need, service=service, by=coordinator, origin="coordinator")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(user):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            brokering.match_transition(match=match, by=user, action="shortlist")
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=act, args=(user,)) for user in (coordinator, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    match.refresh_from_db()
    assert match.stage == MatchStage.SHORTLISTED and match.version == 2
    assert match.events.filter(kind="stage").count() == 1
    assert Match.objects.count() == 1


def test_activity_tasks_and_funnel_over_the_api(api_client, parties):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    url = f"/api/v1/matches/{match.pk}/"
    brokering.match_transition(match=match, by=parties["coordinator"], action="shortlist")
    logged = _post(
        api_client, parties["company"], url + "log/", {"kind": "call", "text": "Called the lab"}
    )
    assert logged.status_code == 200
    assert logged.json()["events"][-1]["text"] == "Called the lab"
    bad = _post(api_client, parties["company"], url + "log/", {"kind": "gossip", "text": "x"})
    assert bad.status_code == 400 and "kind" in bad.json()
    api_client.force_authenticate(user=parties["coordinator"])
    figures = api_client.get("/api/v1/matches/funnel/").json()
    assert figures["total"] == 1
    assert {row["stage"]: row["count"] for row in figures["rows"]}["shortlisted"] == 1
    assert {row["stage"]: row["percent"] for row in figures["rows"]}["shortlisted"] == 100
    assert figures["conversion_percent"] == 0


def test_match_list_queries_are_bounded(api_client, parties):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        api_client.force_authenticate(user=parties["coordinator"])
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/v1/matches/").status_code == 200
        return len(queries)

    brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    few = count()
    for _ in range(5):
        brokering.match_create(
            need=factories.NeedFactory.create(),
            service=factories.ServiceFactory.create(),
            by=parties["coordinator"],
            origin="coordinator",
        )
    assert count() == few


STAGES = [
    "proposed",
    "shortlisted",
    "introduced",
    "in_discussion",
    "agreement",
    "no_deal",
    "dismissed",
]
ACTION_ARGS: dict[str, dict[str, Any]] = {
    "agree": {"outcome_type": "joint_rd_project"},
    "dismiss": {"reason": "other"},
    "no_deal": {"reason": "cost"},
}


@pytest.mark.parametrize("role", ["coordinator", "staff", "company", "provider"])
@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("action", sorted(brokering.TRANSITIONS))
def test_every_transition_for_every_role(parties, role, stage, action):
    from django.core.exceptions import PermissionDenied

    match = Match.objects.create(
        need=parties["need"],
        service=parties["service"],
        origin="coordinator",
        stage=stage,
        company_answer="interested",
        provider_answer="interested",
    )
    user = factories.UserFactory.create(is_staff=True) if role == "staff" else parties[role]
    allowed = role in ("coordinator", "staff") and stage in brokering.TRANSITIONS[action].source
    try:
        moved = brokering.match_transition(
            match=match, by=user, action=action, **ACTION_ARGS.get(action, {})
        )
    except PermissionDenied:
        assert role in ("company", "provider")
        outcome = "forbidden"
    except ValidationError as error:
        assert "stage" in error.message_dict
        outcome = "illegal"
    else:
        assert moved.stage == brokering.TRANSITIONS[action].target
        outcome = "moved"
    assert (outcome == "moved") == allowed
    if outcome != "moved":
        match.refresh_from_db()
        assert match.stage == stage


def test_funnel_reports_outcomes_and_the_eu_indicator(parties):
    from django.utils import timezone

    from matchmaking.brokering.funnel import funnel

    company = parties["need"].organisation
    second_need = factories.NeedFactory.create(organisation=company)
    other_company_need = factories.NeedFactory.create()
    for need, outcome in (
        (parties["need"], "joint_rd_project"),
        (second_need, "joint_rd_project"),
        (other_company_need, "rd_service_purchase"),
    ):
        Match.objects.create(
            need=need,
            service=factories.ServiceFactory.create(),
            origin="coordinator",
            stage="agreement",
            outcome_type=outcome,
        )
    # Outcomes count on agreements only: neither an agreement without one, nor an outcome
    # left on a match that is not (or no longer) an agreement, nor its company.
    for stage, outcome in (("agreement", ""), ("in_discussion", "joint_rd_project")):
        Match.objects.create(
            need=factories.NeedFactory.create(),
            service=factories.ServiceFactory.create(),
            origin="coordinator",
            stage=stage,
            outcome_type=outcome,
        )
    summary = funnel(Match.objects.all(), timezone.now())
    assert summary["outcomes"] == {"joint_rd_project": 2, "rd_service_purchase": 1}
    # Two joint projects by one company: the indicator counts the enterprise once.
    assert summary["enterprises_cooperating"] == 1
    assert summary["counts"]["agreement"] == 4 and summary["counts"]["in_discussion"] == 1


def test_parties_see_matches_only_from_their_stage(api_client, parties):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )

    def visible(role):
        api_client.force_authenticate(user=parties[role])
        return api_client.get(f"/api/v1/matches/{match.pk}/").status_code == 200

    assert not visible("company") and not visible("provider")
    match = brokering.match_transition(match=match, by=parties["coordinator"], action="shortlist")
    assert visible("company") and not visible("provider")
    brokering.match_transition(match=match, by=parties["coordinator"], action="introduce")
    assert visible("company") and visible("provider")


def test_assignment_and_follow_up_tasks_over_the_api(api_client, parties):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    url = f"/api/v1/matches/{match.pk}/"
    assigned = _post(
        api_client, parties["coordinator"], url + "assign/", {"assignee": parties["coordinator"].pk}
    )
    assert assigned.status_code == 200
    match.refresh_from_db()
    assert match.assignee == parties["coordinator"]
    _post(api_client, parties["coordinator"], url + "transition/", {"action": "introduce"})
    for party in ("company", "provider"):
        _post(api_client, parties[party], url + "answer/", {"answer": "interested"})
    _post(api_client, parties["coordinator"], url + "transition/", {"action": "discuss"})
    _post(
        api_client,
        parties["coordinator"],
        url + "transition/",
        {"action": "agree", "outcome_type": "other"},
    )
    api_client.force_authenticate(user=parties["coordinator"])
    tasks = api_client.get("/api/v1/follow-up-tasks/").json()["results"]
    assert len(tasks) == 3 and tasks[0]["assignee"] == parties["coordinator"].pk
    assert (
        _post(api_client, parties["company"], url + "assign/", {"assignee": None}).status_code
        == 403
    )
    assert (
        _post(
            api_client, parties["company"], f"/api/v1/follow-up-tasks/{tasks[0]['id']}/done/"
        ).status_code
        == 403
    )
    done = _post(
        api_client, parties["coordinator"], f"/api/v1/follow-up-tasks/{tasks[0]['id']}/done/"
    )
    assert done.status_code == 200 and done.json()["done_at"]


def test_accepting_a_proposal_through_the_api_shortlists_its_match(api_client, parties):
    proposal = Proposal.objects.create(
        need=parties["need"],
        service=parties["service"],
        score=0.8,
        features={"text": 0.8},
        model_version="v1",
    )
    url = f"/api/v1/proposals/{proposal.pk}/decide/"
    for status in ("introduced", "agreement"):
        refused = _post(api_client, parties["coordinator"], url, {"status": status})
        assert refused.status_code == 400 and "status" in refused.json()
    response = _post(api_client, parties["coordinator"], url, {"status": "accepted"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    match = Match.objects.get()
    assert match.stage == MatchStage.SHORTLISTED and match.origin == "engine"
    assert match.proposal_id == proposal.pk


def test_accepting_a_proposal_shortlists_a_match_a_party_started(parties):
    proposal = Proposal.objects.create(
        need=parties["need"],
        service=parties["service"],
        score=0.8,
        features={"text": 0.8},
        model_version="v1",
    )
    interest = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["provider"],
        origin="provider_interest",
    )
    match = brokering.proposal_shortlist(proposal=proposal, by=parties["coordinator"])
    assert match.pk == interest.pk and match.stage == MatchStage.SHORTLISTED
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.ACCEPTED
    with pytest.raises(ValidationError):
        brokering.proposal_shortlist(proposal=proposal, by=parties["coordinator"])
    with pytest.raises(PermissionDenied):
        brokering.proposal_shortlist(proposal=proposal, by=parties["company"])


def test_match_changes_lock_the_match_row_only():
    from matchmaking.brokering.selectors import match_for_update

    query = match_for_update().query
    assert query.select_for_update and query.select_for_update_of == ("self",)
