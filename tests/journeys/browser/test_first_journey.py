"""Sign up, verify the e-mail, create a company, post a need and see it listed."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.journeys.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_company_user_posts_a_need_and_sees_it_listed(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.fill("#id_email", "founder@example.org")
    page.fill("#id_password1", "arktinen-testi-2026")
    page.fill("#id_password2", "arktinen-testi-2026")
    page.fill("#id_full_name", "Fanni Founder")
    page.select_option("#id_language", "en")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", str(mail.outbox[0].body))
    assert link
    page.goto(link.group(1))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/welcome/$"))
    screenshot(page, "journey-1-onboarding")

    page.get_by_role("link", name="Create a company").click()
    page.fill("#id_name", "Pakkasen Testi Oy")
    page.fill("#id_business_id", "0112038-9")
    page.select_option("#id_region", label="Lapland")
    page.select_option("#id_sme_size", "micro")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/organisations/pakkasen-testi-oy/$"))
    assert page.get_by_role("heading", name="Pakkasen Testi Oy").is_visible()

    page.get_by_role("link", name="Our needs").click()
    page.get_by_role("link", name="Post a development need").first.click()
    page.fill("#id_title", "Cold-climate fatigue testing of welded frames")
    page.fill("#id_description", "We need fatigue tests of welded frames at -40 °C.")
    page.select_option("#id_category", label="Testing and measurement")
    page.fill("#id_keywords", "welding, fatigue, cold")
    page.get_by_role("button", name="Save and publish").click()
    page.wait_for_url(re.compile(r"/needs/\d+/$"))
    assert page.get_by_text("The need is published.").is_visible()

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Development needs"
    ).click()
    listed = page.get_by_role("link", name="Cold-climate fatigue testing of welded frames")
    assert listed.is_visible()
    screenshot(page, "journey-2-need-listed")
