"""The coordinator's review is one flow (inbox, proposals, board), accepting lands on the
match, and the coordinator's home lists only the needs of their own clusters."""

from __future__ import annotations

import pytest
from django.urls import reverse

from matchmaking.models import Match, Proposal
from tests import factories

pytestmark = pytest.mark.django_db


def test_accepting_on_the_proposals_page_lands_on_the_match_which_is_on_the_board(client, parties):
    proposal = Proposal.objects.create(
        need=parties["need"], service=parties["service"], score=0.9, model_version="t"
    )
    client.force_login(parties["coordinator"])
    review = client.get(reverse("proposal_list") + "?min_score=0").content.decode()
    assert reverse("brokering_inbox") in review and reverse("brokering_board") in review
    response = client.post(reverse("proposal_decide", args=[proposal.pk]), {"status": "accepted"})
    match = Match.objects.get(proposal=proposal)
    assert response.status_code == 302
    assert response.url == reverse("match_detail", args=[match.pk])
    page = client.get(response.url).content.decode()
    assert parties["need"].title in page and "Introduce the parties" in page
    board = client.get(reverse("brokering_board")).content.decode()
    assert reverse("match_detail", args=[match.pk]) in board


def test_the_inbox_links_the_rest_of_the_flow(client, parties):
    client.force_login(parties["coordinator"])
    inbox = client.get(reverse("brokering_inbox")).content.decode()
    assert reverse("proposal_list") in inbox and reverse("brokering_board") in inbox


def test_the_coordinators_home_lists_only_needs_of_their_clusters(client, coordinator):
    # The coordinator's cluster is in Lapland (region 19); a need elsewhere is not theirs.
    mine = factories.NeedFactory.create(title="Lapland need in my cluster")
    elsewhere = factories.NeedFactory.create(
        title="Uusimaa need of another cluster",
        organisation=factories.OrganisationFactory.create(region=factories.region("01")),
    )
    other = factories.UserFactory.create()
    factories.ClusterFactory.create(region=factories.region("01")).coordinators.add(other)
    client.force_login(coordinator)
    home = client.get(reverse("home")).content.decode()
    assert mine.title in home
    assert elsewhere.title not in home
