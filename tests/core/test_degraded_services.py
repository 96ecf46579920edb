"""Faults in a dependency degrade the product instead of failing every request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from config.settings import redis_cache
from core.cache import FailOpenRedisCache
from tests import factories

# Nothing listens on port 1: every cache call fails at once with a connection error.
CLOSED_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings, monkeypatch):
    monkeypatch.setattr(FailOpenRedisCache, "_last_warning", -FailOpenRedisCache.WARNING_INTERVAL)
    settings.CACHES = {"default": redis_cache(CLOSED_REDIS, "tki-test-down")}
    return settings


@pytest.mark.django_db
def test_api_list_answers_when_the_cache_is_down(redis_down, api_client, company_member):
    factories.NeedFactory.create(organisation=company_member.organisation)
    assert api_client.get("/api/v1/needs/").status_code == 200
    api_client.force_authenticate(company_member.user)
    assert api_client.get("/api/v1/needs/").status_code == 200


@pytest.mark.django_db
def test_search_answers_when_the_cache_is_down(redis_down, api_client, client):
    assert api_client.get("/api/search/", {"q": "metalli"}).status_code == 200
    assert api_client.get("/api/search/suggest/", {"q": "met"}).status_code == 200
    assert client.get(reverse("search"), {"q": "metalli"}).status_code == 200


@pytest.mark.django_db
def test_login_answers_when_the_cache_is_down(redis_down, client, caplog):
    user = factories.UserFactory.create(password="kiertotalous-2026")
    wrong = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-one"})
    assert wrong.status_code == 200  # the form again, with its error
    right = client.post(
        reverse("account_login"), {"login": user.email, "password": "kiertotalous-2026"}
    )
    assert right.status_code == 302
    assert "rate limits are not enforced" in caplog.text


@pytest.mark.django_db
def test_password_reset_answers_when_the_cache_is_down(redis_down, client):
    user = factories.UserFactory.create()
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302


@pytest.mark.django_db
def test_health_check_names_the_cache_when_it_is_down(redis_down, client):
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["down"] == ["cache"]
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_health_check_is_ok_when_everything_answers(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["down"] == []
