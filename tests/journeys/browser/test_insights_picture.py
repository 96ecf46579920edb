"""The situational picture draws its charts in the browser, in English and Finnish, under
the Content-Security-Policy."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from accounts.models import SmeSize
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_sees_charts_in_both_languages(page, live_server, coordinator):
    for month, size in ((1, SmeSize.MICRO), (2, SmeSize.SMALL), (3, SmeSize.MEDIUM)):
        company = factories.OrganisationFactory.create(sme_size=size)
        factories.NeedFactory.create(
            organisation=company, published_at=datetime(2026, month, 10, tzinfo=UTC)
        )
    factories.ServiceFactory.create(published_at=datetime(2026, 2, 1, tzinfo=UTC))
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    client = Client()
    client.force_login(coordinator)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    page.goto("/insights/?start=2026-01-01&end=2026-04-01")
    assert page.get_by_role("heading", name="The region's situational picture").is_visible()
    # Chart.js ran from the static files and drew both charts.
    page.wait_for_function("() => window.Chart && Chart.getChart('trend-chart') !== undefined")
    assert page.evaluate("() => Chart.getChart('stacked-chart').data.datasets.length") == 3
    assert page.locator("svg.region-map rect").count() == 19
    # A signed-in user's chosen language drives the pages, as the switcher would set it.
    coordinator.language = "fi"
    coordinator.save(update_fields=["language"])
    page.reload()
    assert page.get_by_role("heading", name="Alueen tilannekuva").is_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart('trend-chart') !== undefined")
    page.goto("/insights/open/")
    assert page.get_by_text("CC BY 4.0").first.is_visible()
    assert violations == []
