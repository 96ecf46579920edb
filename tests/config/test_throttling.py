"""The anonymous API throttle counts clients by an address they cannot choose."""

from __future__ import annotations

import pytest
from rest_framework.throttling import AnonRateThrottle


@pytest.fixture
def one_anonymous_call_a_minute(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})


@pytest.mark.django_db
def test_forged_forwarded_for_headers_share_one_throttle_bucket(
    one_anonymous_call_a_minute, api_client
):
    first = api_client.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = api_client.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert first.status_code == 200
    assert second.status_code == 429


@pytest.mark.django_db
def test_a_configured_proxy_passes_on_the_client_address(
    one_anonymous_call_a_minute, api_client, settings
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    first = api_client.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR="198.51.100.1")
    other_client = api_client.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR="198.51.100.2")
    same_again = api_client.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert (first.status_code, other_client.status_code) == (200, 200)
    assert same_again.status_code == 429
