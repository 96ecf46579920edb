"""Brokering pages and the funnel figures, computed from known data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.scope import forget_scope
from matchmaking.brokering import actions as brokering
from matchmaking.brokering.funnel import funnel
from matchmaking.models import FollowUpTask, Match, MatchEvent, Proposal
from tests import factories

pytestmark = pytest.mark.django_db


def _at(match: Match, created, steps):
    Match.objects.filter(pk=match.pk).update(created_at=created)
    for stage, when in steps:
        event = MatchEvent.objects.create(match=match, kind="stage", to_stage=stage)
        MatchEvent.objects.filter(pk=event.pk).update(created_at=when)
    Match.objects.filter(pk=match.pk).update(stage=steps[-1][0] if steps else "proposed")


def test_funnel_figures_from_known_data(db, django_assert_max_num_queries):
    start = timezone.now() - timedelta(days=10)
    now = start + timedelta(days=10)
    a, b, c, d = (
        Match.objects.create(
            need=factories.NeedFactory.create(),
            service=factories.ServiceFactory.create(),
            origin="coordinator",
        )
        for _ in range(4)
    )
    _at(
        a,
        start,
        [
            ("shortlisted", start + timedelta(days=2)),
            ("introduced", start + timedelta(days=5)),
            ("agreement", start + timedelta(days=9)),
        ],
    )
    _at(b, start, [("dismissed", start + timedelta(days=1))])
    _at(c, now - timedelta(days=3), [])
    _at(d, start, [("shortlisted", start + timedelta(days=4))])
    # Counted by the database in a fixed number of queries (stages, outcomes and enterprises
    # in one GROUP BY, matches' dates, events), however many matches there are.
    with django_assert_max_num_queries(3):
        summary = funnel(Match.objects.all(), now)
    rows = {row["stage"]: row for row in summary["rows"]}
    assert {
        s: rows[s]["count"]
        for s in ("proposed", "shortlisted", "agreement", "dismissed", "introduced")
    } == {"proposed": 1, "shortlisted": 1, "agreement": 1, "dismissed": 1, "introduced": 0}
    assert rows["proposed"]["median_days"] == 2.5  # a 2, b 1, c 3, d 4
    assert rows["shortlisted"]["median_days"] == 4.5  # a 3, d 6 and counting
    assert rows["introduced"]["median_days"] == 4.0
    assert summary["conversion"] == 0.25 and summary["total"] == 4


def test_inbox_shows_proposals_and_shortlisting_starts_a_match(client, parties):
    Proposal.objects.create(
        need=parties["need"],
        service=parties["service"],
        score=0.8,
        features={"text": 0.8},
        model_version="v1",
        reasons=[{"code": "shared_terms", "terms": ["fatigue"]}],
    )
    client.force_login(parties["coordinator"])
    page = client.get(reverse("brokering_inbox"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert parties["service"].title in page and "Shared key terms: fatigue" in page
    response = client.post(
        reverse("match_start"),
        {"need": parties["need"].pk, "service": parties["service"].pk, "origin": "engine"},
    )
    match = Match.objects.get()
    assert response.url == reverse("match_detail", args=[match.pk])
    assert match.stage == "shortlisted" and match.origin == "engine"
    assert Proposal.objects.get().status == "accepted"


def test_board_moves_cards_exports_csv_and_bulk_assigns(client, parties):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    client.force_login(parties["coordinator"])
    board = client.get(reverse("brokering_board"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert parties["need"].title in board and "Conversion to agreement" in board
    client.post(
        reverse("match_transition", args=[match.pk]),
        {"action": "shortlist", "version": match.version, "next": reverse("brokering_board")},
    )
    match.refresh_from_db()
    assert match.stage == "shortlisted"
    csv = client.get(reverse("brokering_board") + "?format=csv").content.decode()
    assert "Shortlisted,1" in csv and parties["need"].title in csv
    client.post(reverse("brokering_bulk"), {"match": [match.pk], "bulk": "assign_me"})
    match.refresh_from_db()
    assert match.assignee == parties["coordinator"]
    assert (
        client.get(reverse("brokering_board") + "?assignee=none")
        .content.decode()
        .count(f'id="pick-{match.pk}"')
        == 0
    )


def test_parties_cannot_open_the_board(client, parties):
    client.force_login(parties["company"])
    assert client.get(reverse("brokering_board")).status_code == 403
    assert client.get(reverse("brokering_inbox")).status_code == 403


def test_match_page_logs_a_meeting_and_an_agreement_creates_follow_ups(client, parties):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    match = brokering.match_transition(match=match, by=parties["coordinator"], action="introduce")
    for party in ("company", "provider"):
        client.force_login(parties[party])
        client.post(reverse("match_answer", args=[match.pk]), {"answer": "interested"})
    client.force_login(parties["coordinator"])
    client.post(
        reverse("match_log", args=[match.pk]), {"kind": "meeting", "text": "Visited the lab"}
    )
    client.post(reverse("match_transition", args=[match.pk]), {"action": "discuss"})
    client.post(
        reverse("match_transition", args=[match.pk]),
        {
            "action": "agree",
            "outcome_type": "funding_application",
            "funding_kind": "innovation_voucher",
        },
    )
    match.refresh_from_db()
    assert match.stage == "agreement" and match.funding_kind == "innovation_voucher"
    page = client.get(
        reverse("match_detail", args=[match.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Visited the lab" in page
    due = sorted(t.due_date for t in FollowUpTask.objects.filter(match=match))
    today = timezone.localdate()
    assert len(due) == 3 and 80 <= (due[0] - today).days <= 95
    assert 355 <= (due[2] - today).days <= 370


def test_provider_expresses_interest_from_the_need_page(client, parties):
    client.force_login(parties["provider"])
    page = client.get(
        reverse("need_detail", args=[parties["need"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Express interest" in page
    client.post(
        reverse("match_start"),
        {
            "need": parties["need"].pk,
            "service": parties["service"].pk,
            "origin": "provider_interest",
            "note": "We can",
        },
    )
    match = Match.objects.get()
    assert match.origin == "provider_interest"
    assert client.get(reverse("my_matches")).content.decode().count(parties["need"].title) == 1


def test_company_asks_about_a_service_from_its_page(client, parties):
    client.force_login(parties["company"])
    page = client.get(
        reverse("service_detail", args=[parties["service"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Ask about this service" in page
    client.post(
        reverse("match_start"),
        {
            "need": parties["need"].pk,
            "service": parties["service"].pk,
            "origin": "company_question",
        },
    )
    assert Match.objects.get().origin == "company_question"


def test_organisation_page_shows_its_matches_reasons_and_activity(client, parties):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    brokering.match_transition(
        match=match,
        by=parties["coordinator"],
        action="dismiss",
        reason="timing",
        reason_text="Next spring is better",
    )
    client.force_login(parties["company"])
    page = client.get(
        reverse("organisation_detail", args=[parties["need"].organisation.slug]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "Timing: Next spring is better" in page
    assert "Activity" in page and "Stage changed" in page
    client.logout()
    outsider = client.get(
        reverse("organisation_detail", args=[parties["need"].organisation.slug])
    ).content.decode()
    assert "Next spring is better" not in outsider


def test_coordinator_adds_a_match_the_engine_missed_with_a_note(client, parties):
    client.force_login(parties["coordinator"])
    page = client.get(
        reverse("need_detail", args=[parties["need"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Add a match" in page
    client.post(
        reverse("match_start"),
        {
            "need": parties["need"].pk,
            "service": parties["service"].pk,
            "origin": "coordinator",
            "note": "Known partner",
        },
    )
    match = Match.objects.get()
    assert match.origin == "coordinator"
    assert match.events.earliest("pk").text == "Known partner"
    client.force_login(parties["company"])
    assert (
        "Add a match"
        not in client.get(reverse("need_detail", args=[parties["need"].pk])).content.decode()
    )


def _proposal(need, score):
    service = factories.ServiceFactory.create(title=f"Scoring {score}")
    return Proposal.objects.create(
        need=need, service=service, score=score, features={"text": score}, model_version="v1"
    )


def test_inbox_shows_the_proposals_above_the_thresholds_of_the_users_clusters(client, parties):
    from taxonomy.models import Cluster

    Cluster.objects.filter(coordinators=parties["coordinator"]).update(proposal_threshold=0.5)
    for score in (0.15, 0.4, 0.6):
        _proposal(parties["need"], score)
    client.force_login(parties["coordinator"])
    page = client.get(reverse("brokering_inbox")).content.decode()
    assert "Scoring 0.6" in page
    assert "Scoring 0.4" not in page and "Scoring 0.15" not in page
    # A cluster that wants to hear of weaker proposals sees them in its inbox too.
    Cluster.objects.filter(coordinators=parties["coordinator"]).update(proposal_threshold=0.1)
    page = client.get(reverse("brokering_inbox")).content.decode()
    assert all(f"Scoring {score}" in page for score in (0.15, 0.4, 0.6))


def test_inbox_applies_each_clusters_threshold_to_the_needs_it_reaches(client, parties):
    from taxonomy.models import Cluster, PriorityArea

    # Two clusters asking for different thresholds: each applies to the needs it reaches,
    # by region or by priority area, and neither lowers the other's.
    Cluster.objects.filter(coordinators=parties["coordinator"]).update(proposal_threshold=0.5)
    area = PriorityArea.objects.create(
        region=factories.region("02"), slug="bio-economy", name_fi="Biotalous", name_en="Bio"
    )
    lenient = factories.ClusterFactory.create(region=factories.region("01"), proposal_threshold=0.2)
    lenient.coordinators.add(parties["coordinator"])
    lenient.priority_areas.add(area)
    by_region = factories.NeedFactory.create(
        organisation=factories.OrganisationFactory.create(region=factories.region("01"))
    )
    by_area = factories.NeedFactory.create(
        organisation=factories.OrganisationFactory.create(region=factories.region("02"))
    )
    by_area.priority_areas.add(area)
    for score in (0.3, 0.6):
        _proposal(parties["need"], score)
    for need in (by_region, by_area):
        _proposal(need, 0.25)
    forget_scope(parties["coordinator"])
    client.force_login(parties["coordinator"])
    page = client.get(reverse("brokering_inbox")).content.decode()
    assert "Scoring 0.6" in page and "Scoring 0.3" not in page
    assert page.count("Scoring 0.25") == 2


def test_board_filters_by_the_needs_a_cluster_reaches(client, parties):
    from taxonomy.models import Cluster, PriorityArea

    cluster = Cluster.objects.get(coordinators=parties["coordinator"])
    area = PriorityArea.objects.create(
        region=factories.region("01"), slug="health-tech", name_fi="Terveys", name_en="Health"
    )
    cluster.priority_areas.add(area)
    by_area = factories.NeedFactory.create(
        organisation=factories.OrganisationFactory.create(region=factories.region("01"))
    )
    by_area.priority_areas.add(area)
    other_cluster = factories.ClusterFactory.create(region=factories.region("01"))
    for need in (parties["need"], by_area):
        brokering.match_create(
            need=need, service=parties["service"], by=parties["coordinator"], origin="coordinator"
        )
    client.force_login(parties["coordinator"])
    board = client.get(reverse("brokering_board"), {"cluster": cluster.slug}).content.decode()
    assert parties["need"].title in board and by_area.title in board
    board = client.get(reverse("brokering_board"), {"cluster": other_cluster.slug})
    assert parties["need"].title not in board.content.decode()
    assert by_area.title in board.content.decode()


def _world_proposal(parties, score=0.8):
    return Proposal.objects.create(
        need=parties["need"],
        service=parties["service"],
        score=score,
        features={"text": score},
        model_version="v1",
        reasons=[{"code": "shared_terms", "terms": ["fatigue"]}],
    )


def test_accepting_on_the_proposals_page_puts_a_shortlisted_match_on_the_board(client, parties):
    proposal = _world_proposal(parties)
    client.force_login(parties["coordinator"])
    response = client.post(
        reverse("proposal_decide", args=[proposal.pk]), {"status": "accepted", "note": "Good fit"}
    )
    match = Match.objects.get(need=parties["need"], service=parties["service"])
    # Accepting does not lose the proposal: the coordinator lands on its match.
    assert response.url == reverse("match_detail", args=[match.pk])
    assert match.stage == "shortlisted" and match.origin == "engine"
    assert match.proposal_id == proposal.pk
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.decided_by == parties["coordinator"]
    assert proposal.decision_note == "Good fit"
    # Off the inbox's new proposals, onto the board.
    inbox = client.get(reverse("brokering_inbox"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="origin" value="engine"' not in inbox
    board = client.get(reverse("brokering_board"), {"format": "csv"}).content.decode()
    assert f"{match.pk},{parties['need'].title}," in board and ",Shortlisted," in board


def test_a_proposal_is_accepted_once(client, parties):
    proposal = _world_proposal(parties)
    client.force_login(parties["coordinator"])
    for _ in range(2):
        client.post(reverse("proposal_decide", args=[proposal.pk]), {"status": "accepted"})
    assert Match.objects.get().stage == "shortlisted"
    assert MatchEvent.objects.filter(kind="stage").count() == 1


def test_the_proposals_page_only_accepts_or_dismisses(client, parties):
    proposal = _world_proposal(parties)
    client.force_login(parties["coordinator"])
    client.post(reverse("proposal_decide", args=[proposal.pk]), {"status": "agreement"})
    proposal.refresh_from_db()
    assert proposal.status == "proposed" and not Match.objects.exists()
    client.post(reverse("proposal_decide", args=[proposal.pk]), {"status": "dismissed"})
    proposal.refresh_from_db()
    assert proposal.status == "dismissed" and not Match.objects.exists()


def test_match_page_reads_the_needs_areas_once_for_all_its_rules(client, parties):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from taxonomy.models import Cluster, PriorityArea

    # A need the coordinator's cluster reaches by area only: every rule on the page
    # (coordinating, the company, the contacts, the funding panel) asks for its areas.
    area = PriorityArea.objects.create(
        region=factories.region("02"), slug="bio-economy", name_fi="Biotalous", name_en="Bio"
    )
    Cluster.objects.get(coordinators=parties["coordinator"]).priority_areas.add(area)
    need = factories.NeedFactory.create(
        organisation=factories.OrganisationFactory.create(region=factories.region("02"))
    )
    need.priority_areas.add(area)
    match = brokering.match_create(
        need=need, service=parties["service"], by=parties["coordinator"], origin="coordinator"
    )
    forget_scope(parties["coordinator"])
    client.force_login(parties["coordinator"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("match_detail", args=[match.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert need.organisation.name in response.content.decode()  # coordinated: named
    reads = [
        q
        for q in queries
        if 'FROM "taxonomy_priorityarea" INNER JOIN "companies_developmentneed_priority_areas"'
        in q["sql"]
    ]
    assert len(reads) == 1, [q["sql"][:200] for q in reads]
