"""From an introduced match: the coordinator picks an instrument and opens the draft work
plan, the company edits it, and both export it."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from docx import Document

from funding.models import WorkPlan
from matchmaking.brokering import actions as brokering
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_draft_work_plan_from_match_to_exports(browser, live_server, coordinator):
    company = factories.MembershipFactory.create()
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    need = factories.NeedFactory.create(
        organisation=company.organisation, title="Fatigue testing of welded frames"
    )
    service = factories.ServiceFactory.create(provider=provider.organisation)
    factories.InstrumentFactory.create(
        funder="Business Finland",
        name="R&D grant",
        application_headings=["Excellence", "Impact"],
    )
    match = brokering.match_create(need=need, service=service, by=coordinator, origin="coordinator")
    brokering.match_transition(match=match, by=coordinator, action="introduce")

    coordinator_context = browser.new_context(locale="en-US", base_url=live_server.url)
    page = coordinator_context.new_page()
    page.set_default_timeout(15_000)
    violations: list[str] = []

    def watch(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", watch)
    _sign_in(page, live_server, coordinator)
    page.goto(f"/brokering/matches/{match.pk}/")
    page.select_option("#plan-instrument", label="Business Finland: R&D grant")
    page.get_by_role("button", name="Open a draft work plan").click()
    page.wait_for_url(re.compile(r"/funding/plans/\d+/$"))
    plan = WorkPlan.objects.get(match=match)
    assert page.get_by_label("Excellence").is_visible()

    company_context = browser.new_context(locale="en-US", base_url=live_server.url)
    company_page = company_context.new_page()
    company_page.set_default_timeout(15_000)
    company_page.on("console", watch)
    _sign_in(company_page, live_server, company.user)
    company_page.goto(f"/funding/plans/{plan.pk}/")
    company_page.get_by_label("Excellence").fill("Cold-climate welding know-how.")
    company_page.get_by_label("Budget").fill("Testing | Lab | 40000\nWelding | Company | 12500")
    company_page.get_by_role("button", name="Save a new version").click()
    company_page.wait_for_load_state()
    assert company_page.locator("#budget-total").inner_text().replace(",", "") == "52500"
    with company_page.expect_download() as pdf:
        company_page.get_by_role("link", name="Export to PDF").click()
    assert pdf.value.path().read_bytes().startswith(b"%PDF")

    page.goto(f"/funding/plans/{plan.pk}/")
    with page.expect_download() as docx:
        page.get_by_role("link", name="Export to Word (DOCX)").click()
    document = Document(io.BytesIO(docx.value.path().read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert "Excellence" in texts and "Cold-climate welding know-how." in texts
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "52,500 €" in cells
    page.goto("/funding/calendar/")
    page.goto("/funding/")
    assert violations == []
    coordinator_context.close()
    company_context.close()
