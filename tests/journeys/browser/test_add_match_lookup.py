"""A coordinator adds a match by typing: the services appear as they type (no reload, no
list of every service), and the chosen one becomes a match."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from matchmaking.models import Match
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_finds_a_service_by_typing_and_adds_it(page, live_server, coordinator):
    need = factories.NeedFactory.create(title="Kylmätestaus")
    provider = factories.ProviderFactory.create(name="Arktinen laboratorio")
    wanted = factories.ServiceFactory.create(provider=provider, title="Cold chamber testing")
    factories.ServiceFactory.create_batch(25, provider=provider)
    client = Client()
    client.force_login(coordinator)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    # Every request the page makes answers (the favicon is another helper's work).
    failed: list[str] = []
    page.on(
        "response",
        lambda response: (
            failed.append(response.url)
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.goto(f"/needs/{need.pk}/")
    assert page.locator("#add-match-results input[type=radio]").count() == 0
    page.locator("#add-match-q").press_sequentially("chamber", delay=20)
    radio = page.locator(f"#add-service-{wanted.pk}")
    radio.wait_for()
    assert page.locator("#add-match-results input[type=radio]").count() == 1
    assert page.url.endswith(f"/needs/{need.pk}/")  # no reload
    page.fill("#coordinator-note", "Found by typing")
    page.locator("#add-match button[type=submit].btn-primary").click()
    page.wait_for_url(re.compile(r"/brokering/matches/\d+/$"))
    assert Match.objects.get(need=need).service_id == wanted.pk
    assert not failed, failed
