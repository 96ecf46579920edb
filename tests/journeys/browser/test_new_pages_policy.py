"""The funding, import and personal-data pages render under the Content-Security-Policy in
Finnish and in English: no policy violation, no script error, no server error."""

from __future__ import annotations

import pytest
from django.test import Client

from funding import actions as funding_actions
from imports import actions as import_actions
from matchmaking.brokering import actions as brokering
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages(staff_user, coordinator):
    company = factories.MembershipFactory.create()
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    need = factories.NeedFactory.create(organisation=company.organisation)
    service = factories.ServiceFactory.create(provider=provider.organisation)
    instrument = factories.InstrumentFactory.create(application_headings=["Impact"])
    factories.CallFactory.create(instrument=instrument)
    match = brokering.match_create(need=need, service=service, by=coordinator, origin="coordinator")
    brokering.match_transition(match=match, by=coordinator, action="introduce")
    plan = funding_actions.plan_open(match=match, by=coordinator, instrument=instrument)
    job = import_actions.import_upload(
        by=staff_user,
        kind="organisations",
        source_name="Lista",
        filename="o.csv",
        content=b"Nimi;Kunta\nLapin Kone Oy;Rovaniemi\n",
    )
    other = factories.OrganisationFactory.create()
    return [
        "/funding/",
        "/funding/new/",
        "/funding/import/",
        "/funding/calendar/",
        "/funding/partnerships/",
        "/funding/plans/",
        f"/funding/plans/{plan.pk}/",
        f"/funding/plans/{plan.pk}/versions/1/",
        f"/funding/{instrument.slug}/",
        f"/funding/{instrument.slug}/edit/",
        f"/funding/matches/{match.pk}/applications/new/",
        f"/funding/needs/{need.pk}/een/",
        f"/brokering/matches/{match.pk}/",
        "/imports/",
        f"/imports/{job.pk}/",
        f"/imports/{job.pk}/columns/",
        "/privacy/",
        "/privacy/my-data/",
        "/privacy/requests/",
        "/duplicates/",
        f"/duplicates/merge/?survivor={company.organisation.pk}&duplicate={other.pk}",
    ]


@pytest.mark.parametrize("locale", ["fi-FI", "en-US"])
def test_new_pages_render_without_policy_violations(
    browser, live_server, staff_user, coordinator, locale
):
    urls = _pages(staff_user, coordinator)
    # A signed-in user's chosen language drives the pages, the browser's only before sign-in.
    staff_user.language = locale[:2]
    staff_user.save(update_fields=["language"])
    context = browser.new_context(locale=locale, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    client = Client()
    client.force_login(staff_user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    language = locale[:2]
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status < 400, (url, response and response.status)
        page.wait_for_load_state("load")
        # Not sent elsewhere (a sign-in or TOTP page would hide the page under test).
        assert page.url == live_server.url + url, (url, page.url)
        assert page.locator("html").get_attribute("lang") == language, url
        assert problems == [], (url, problems)
    context.close()
