"""The introduction, end to end in Chromium, in Finnish and in English: a company posts an
anonymous need and sees proposals; the coordinator accepts one, finds it on the board; the
company agrees to be introduced; the coordinator introduces; both parties see each other's
contact persons and what happens next; they answer; a meeting; an agreement.

Screenshots go to test-artifacts/screenshots/<language>/ (kept by CI as artifacts).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from companies.models import DevelopmentNeed
from matchmaking.matching import proposals as matching
from matchmaking.models import Match
from taxonomy.models import NeedCategory
from tests import factories
from tests.journeys.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALES = {"fi": "fi-FI", "en": "en-US"}
# What each side is told, in the reader's language (matchmaking.brokering.introduction).
NEXT_STEP = {
    "fi": {
        "company": "Ottakaa yhteyttä palveluntarjoajan yhteyshenkilöön",
        "provider": "Ota yhteyttä yrityksen yhteyshenkilöön",
        "consent": "Hyväksykää esittely",
        "agreement": "Sopimus syntyi",
    },
    "en": {
        "company": "Contact the provider's contact person",
        "provider": "Contact the company's contact person",
        "consent": "Agree to the introduction",
        "agreement": "An agreement was reached",
    },
}


def _shot(page: Any, language: str, name: str) -> None:
    folder = ARTIFACTS / "screenshots" / language
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _signed_in(browser: Any, live_server: Any, user: Any, language: str) -> Any:
    """A browser tab of its own for one person, signed in through a session cookie."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale=LOCALES[language], base_url=live_server.url)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def people(coordinator: Any, language: str) -> dict[str, Any]:
    company = factories.MembershipFactory.create(
        user=factories.UserFactory.create(
            full_name="Sanna Yrittäjä", phone="+358 40 010 0001", language=language
        ),
        organisation=factories.OrganisationFactory.create(name="Pakkasmetalli Oy"),
        is_contact_person=True,
        title="Toimitusjohtaja",
    )
    provider = factories.MembershipFactory.create(
        user=factories.UserFactory.create(
            full_name="Tiina Tutkija", phone="+358 40 010 0003", language=language
        ),
        organisation=factories.ProviderFactory.create(name="Tunturin laboratorio"),
        is_contact_person=True,
        title="Tutkimuspäällikkö",
    )
    service = factories.ServiceFactory.create(
        provider=provider.organisation,
        title="Hitsausliitosten väsymistestaus pakkasessa",
        description="Hitsattujen runkojen väsymistestaus -40 °C:ssa, welded joints fatigue.",
        languages=["fi", "en"],
    )
    factories.ServiceFactory.create(
        provider=provider.organisation,
        title="Matkailun markkinointi",
        description="Matkailuyritysten markkinointi ja some.",
    )
    matching.engine_refit(rematch=False)
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    return {
        "company": company.user,
        "provider": provider.user,
        "coordinator": coordinator,
        "service": service,
    }


@pytest.mark.parametrize("language", ["fi", "en"])
def test_an_introduction_connects_the_company_and_the_provider(
    browser, live_server, people, language
):
    company = _signed_in(browser, live_server, people["company"], language)
    coordinator = _signed_in(browser, live_server, people["coordinator"], language)
    provider = _signed_in(browser, live_server, people["provider"], language)
    service = people["service"]
    title = "Hitsattujen runkojen väsymistestaus kylmässä"

    # The company posts an anonymous need with the primary button and sees proposals.
    company.goto("/needs/new/")
    company.fill("#id_title", title)
    company.fill(
        "#id_description", "Tarvitsemme hitsausliitosten väsymistestausta pakkasessa, -40 °C."
    )
    company.select_option("#id_category", str(NeedCategory.objects.get(slug="testing").pk))
    company.select_option("#id_visibility", "anonymous")
    company.fill("#id_keywords", "hitsaus, väsymistestaus, pakkanen")
    company.locator("button.btn-primary[name=publish]").click()
    company.wait_for_url(re.compile(r"/needs/\d+/$"))
    need = DevelopmentNeed.objects.get(title=title)
    assert need.status == "published"
    company.get_by_role("link", name=service.title).first.wait_for()
    _shot(company, language, "1-company-sees-proposals")

    # The coordinator accepts the proposal, lands on the match and finds it on the board.
    coordinator.goto("/proposals/?min_score=0")
    coordinator.locator("button[name=status][value=accepted]").first.click()
    coordinator.wait_for_url(re.compile(r"/brokering/matches/\d+/$"))
    match = Match.objects.get(need=need)
    assert match.stage == "shortlisted" and match.service_id == service.pk
    coordinator.goto("/brokering/board/")
    assert coordinator.get_by_text(title).first.is_visible()
    _shot(coordinator, language, "2-coordinator-board")

    # The company is asked to agree first (the provider must not know it yet), and agrees.
    provider.goto(f"/brokering/matches/{match.pk}/")
    assert "Pakkasmetalli" not in provider.content()
    company.goto(f"/brokering/matches/{match.pk}/")
    assert NEXT_STEP[language]["consent"] in company.locator("[data-testid=next-step]").inner_text()
    company.locator("form[action$='/consent/'] button[type=submit]").click()
    company.wait_for_load_state()

    # The coordinator introduces.
    coordinator.goto(f"/brokering/matches/{match.pk}/")
    coordinator.locator("button[name=action][value=introduce]").click()
    coordinator.wait_for_load_state()
    match.refresh_from_db()
    assert match.stage == "introduced"

    # Both parties see each other's contact persons and their next step.
    company.goto(f"/brokering/matches/{match.pk}/")
    contacts = company.locator("[data-testid=contacts-provider]").inner_text()
    assert "Tiina Tutkija" in contacts and "+358 40 010 0003" in contacts
    assert people["provider"].email in contacts and "Tutkimuspäällikkö" in contacts
    assert NEXT_STEP[language]["company"] in company.locator("[data-testid=next-step]").inner_text()
    assert company.locator(f"a[href$='/brokering/matches/{match.pk}/first-call.ics']").count()
    _shot(company, language, "3-company-sees-provider-contacts")

    provider.goto(f"/brokering/matches/{match.pk}/")
    contacts = provider.locator("[data-testid=contacts-company]").inner_text()
    assert "Sanna Yrittäjä" in contacts and "+358 40 010 0001" in contacts
    assert "Pakkasmetalli Oy" in provider.content()
    next_step = provider.locator("[data-testid=next-step]").inner_text()
    assert NEXT_STEP[language]["provider"] in next_step
    _shot(provider, language, "4-provider-sees-company-contacts")

    # Both answer that they are interested.
    for party in (company, provider):
        party.locator("button[name=answer][value=interested]").click()
        party.wait_for_load_state()
    match.refresh_from_db()
    assert match.company_answer == match.provider_answer == "interested"

    # A meeting, logged, and the agreement.
    coordinator.goto(f"/brokering/matches/{match.pk}/")
    coordinator.select_option("#log-kind", "meeting")
    coordinator.fill("#log-text", "Tapaaminen laboratoriossa: koeohjelma sovittu.")
    coordinator.locator("form[action$='/log/'] button[type=submit]").click()
    coordinator.wait_for_load_state()
    coordinator.locator("button[name=action][value=discuss]").click()
    coordinator.wait_for_load_state()
    coordinator.select_option(f"#outcome-{match.pk}", "rd_service_purchase")
    coordinator.locator("button[name=action][value=agree]").click()
    coordinator.wait_for_load_state()
    match.refresh_from_db()
    assert match.stage == "agreement" and match.tasks.count() == 3
    assert coordinator.get_by_text("Tapaaminen laboratoriossa: koeohjelma sovittu.").is_visible()
    _shot(coordinator, language, "5-coordinator-agreement")

    company.goto(f"/brokering/matches/{match.pk}/")
    agreed = company.locator("[data-testid=next-step]").inner_text()
    assert NEXT_STEP[language]["agreement"] in agreed
    _shot(company, language, "6-company-after-agreement")
    for page in (company, coordinator, provider):
        page.context.close()
