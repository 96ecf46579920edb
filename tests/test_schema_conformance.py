"""Real responses validate against the published OpenAPI schema (/api/schema/)."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest

from matchmaking.models import Proposal

from . import factories

pytestmark = pytest.mark.django_db

# RFC 3986: a scheme, then only unreserved, reserved and percent-encoded characters.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects as JSON Schema: `nullable` becomes a null alternative."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@pytest.fixture
def schema(client):
    return client.get("/api/schema/", {"format": "json"}).json()


def assert_conforms(schema, path, method, response):
    """The response's body validates against what the schema documents for its status."""
    documented = schema["paths"][path][method]["responses"][str(response.status_code)]
    body_schema = documented["content"]["application/json"]["schema"]
    root = {"components": _json_schema(schema["components"]), **_json_schema(body_schema)}
    jsonschema.Draft7Validator(root, format_checker=FORMATS).validate(response.json())


@pytest.fixture
def world(db, coordinator):
    company = factories.MembershipFactory.create()
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    need = factories.NeedFactory.create(organisation=company.organisation)
    service = factories.ServiceFactory.create(provider=provider.organisation)
    Proposal.objects.create(
        need=need, service=service, score=0.8, model_version="v1", features={"text": 0.8}
    )
    return {"company": company, "provider": provider, "need": need, "service": service}


def test_needs_and_services_with_their_region_terms_match_the_schema(api_client, schema, world):
    for path, url in (
        ("/api/v1/needs/", "/api/v1/needs/"),
        ("/api/v1/needs/{id}/", f"/api/v1/needs/{world['need'].pk}/"),
        ("/api/v1/services/", "/api/v1/services/"),
        ("/api/v1/services/{id}/", f"/api/v1/services/{world['service'].pk}/"),
    ):
        response = api_client.get(url)
        assert response.status_code == 200
        assert_conforms(schema, path, "get", response)


def test_need_suggestions_match_the_schema(api_client, schema, world):
    api_client.force_login(world["company"].user)
    response = api_client.get(f"/api/v1/needs/{world['need'].pk}/suggestions/")
    assert response.status_code == 200
    assert_conforms(schema, "/api/v1/needs/{id}/suggestions/", "get", response)


def test_needs_for_a_service_match_the_schema(api_client, schema, world):
    api_client.force_login(world["provider"].user)
    response = api_client.get(f"/api/v1/services/{world['service'].pk}/needs/")
    assert response.status_code == 200
    assert_conforms(schema, "/api/v1/services/{id}/needs/", "get", response)


@pytest.mark.parametrize(
    "website",
    ["", "https://example.org/", "http://example.org/a?b=c", "https://ääkkönen.fi/tiedot/ä"],
)
def test_an_accepted_website_is_a_uri_in_the_response(api_client, schema, world, website):
    organisation = world["company"].organisation
    api_client.force_login(world["company"].user)
    response = api_client.patch(
        f"/api/v1/organisations/{organisation.slug}/", {"website": website}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert_conforms(schema, "/api/v1/organisations/{slug}/", "patch", response)
    read = api_client.get(f"/api/v1/organisations/{organisation.slug}/")
    assert_conforms(schema, "/api/v1/organisations/{slug}/", "get", read)


@pytest.mark.parametrize(
    "website", ["ftp://example.org/", "javascript:alert(1)", "mailto:a@example.org", "example"]
)
def test_a_website_that_is_not_an_http_address_is_a_400(api_client, world, website):
    organisation = world["company"].organisation
    api_client.force_login(world["company"].user)
    response = api_client.patch(
        f"/api/v1/organisations/{organisation.slug}/", {"website": website}, format="json"
    )
    assert response.status_code == 400
    assert "website" in response.json()


def test_the_uri_check_of_these_tests_can_fail():
    assert not _is_uri("https://ääkkönen.fi/")
    assert not _is_uri("not a uri")
    assert _is_uri("https://xn--kknen-graa0c.fi/")
