"""Pages work under the Content-Security-Policy: the browser reports no violation."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_and_api_reference_run_without_policy_violations(page, live_server):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for url in ("/", "/needs/", "/accounts/login/"):
        page.goto(url)
    page.goto("/api/docs/")
    # Swagger UI renders the schema only if its script ran.
    page.locator(".swagger-ui .info .title").wait_for()
    assert violations == []
