"""The OpenAPI schema is generated without warnings and validates against OpenAPI 3."""

import pytest
import yaml
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_generates_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/needs/",
        "/api/v1/needs/{id}/publish/",
        "/api/v1/services/",
        "/api/v1/organisations/",
        "/api/v1/invitations/accept/",
        "/api/v1/regions/",
    ):
        assert path in schema["paths"], path
    security = {
        name for entry in schema["paths"]["/api/v1/needs/"]["post"]["security"] for name in entry
    }
    assert {"cookieAuth", "tokenAuth"} <= security


@pytest.mark.django_db
def test_schema_and_reference_page_are_served_offline(client):
    assert client.get("/api/schema/").status_code == 200
    page = client.get("/api/docs/").content.decode()
    assert "cdn" not in page.lower()
    assert "/static/drf_spectacular_sidecar/" in page
