"""A coordinator opens the inbox, shortlists, introduces, logs a meeting, records a deal."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from matchmaking.brokering import actions as brokering
from matchmaking.models import Match, Proposal
from tests import factories
from tests.journeys.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_brokers_a_match_in_the_browser(page, live_server, coordinator):
    company = factories.MembershipFactory.create()
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    need = factories.NeedFactory.create(
        organisation=company.organisation, title="Fatigue testing of welded frames"
    )
    service = factories.ServiceFactory.create(
        provider=provider.organisation, title="Cold-climate fatigue laboratory"
    )
    Proposal.objects.create(
        need=need,
        service=service,
        score=0.74,
        features={"text": 0.7},
        model_version="v1",
        reasons=[{"code": "shared_terms", "terms": ["fatigue", "welded"]}],
    )
    # The coordinator is signed in (with TOTP set up) through a session cookie.
    client = Client()
    client.force_login(coordinator)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto("/brokering/inbox/")
    assert page.get_by_text("Shared key terms: fatigue, welded").is_visible()
    page.get_by_role("button", name="Shortlist").first.click()
    page.wait_for_url(re.compile(r"/brokering/matches/\d+/$"))
    match = Match.objects.get()
    page.get_by_role("button", name="Introduce").click()
    page.wait_for_load_state()
    for party in (company.user, provider.user):
        brokering.match_answer(match=match, by=party, answer="interested")

    page.reload()
    page.select_option("#log-kind", "meeting")
    page.fill("#log-text", "Met at the laboratory; scope agreed.")
    page.get_by_role("button", name="Add to timeline").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Meeting held").click()
    page.wait_for_load_state()
    page.select_option(f"#outcome-{match.pk}", "rd_service_purchase")
    page.get_by_role("button", name="Record agreement").click()
    page.wait_for_load_state()
    assert page.locator("main .badge").first.inner_text() == "Agreement"
    assert page.get_by_text("Met at the laboratory; scope agreed.").is_visible()
    screenshot(page, "coordinator-journey")
    match.refresh_from_db()
    assert match.stage == "agreement" and match.outcome_type == "rd_service_purchase"
    assert match.tasks.count() == 3
