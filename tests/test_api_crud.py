"""Create, read, update and delete through the API, with field errors on bad input."""

from __future__ import annotations

import pytest

from companies.models import DevelopmentNeed, NeedStatus
from services.models import RDService
from taxonomy.models import NeedCategory, PriorityArea, ServiceType

from . import factories


@pytest.fixture
def member_client(api_client, company_member):
    api_client.force_login(company_member.user)
    api_client.membership = company_member
    return api_client


def _need_payload(organisation_id: int, **overrides):
    payload = {
        "organisation": organisation_id,
        "title": "Fatigue testing of welded frames",
        "description": "We need fatigue tests of welded frames at -40 °C.",
        "language": "en",
        "category": NeedCategory.objects.get(slug="testing").pk,
        "priority_areas": [PriorityArea.objects.get(slug="circular-economy-arctic-industry").pk],
        "keywords": ["welding", "fatigue", " welding "],
        "trl_now": 4,
        "trl_target": 6,
        "budget": "5k_20k",
        "deadline": "2099-12-31",
        "funding_interest": ["innovation_voucher"],
        "visibility": "anonymous",
    }
    payload.update(overrides)
    return payload


def test_need_create_read_update_publish_close_delete(member_client):
    org = member_client.membership.organisation
    created = member_client.post("/api/v1/needs/", _need_payload(org.pk), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft"
    assert body["keywords"] == ["welding", "fatigue"]
    assert body["region"]["id"] == org.region_id
    assert body["organisation"]["id"] == org.pk
    need_id = body["id"]

    assert member_client.get(f"/api/v1/needs/{need_id}/").json()["title"] == (
        "Fatigue testing of welded frames"
    )
    updated = member_client.patch(f"/api/v1/needs/{need_id}/", {"trl_target": 7}, format="json")
    assert updated.status_code == 200 and updated.json()["trl_target"] == 7

    published = member_client.post(f"/api/v1/needs/{need_id}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    closed = member_client.post(
        f"/api/v1/needs/{need_id}/close/",
        {"reason": "solved_elsewhere", "note": "Found a lab"},
        format="json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert member_client.delete(f"/api/v1/needs/{need_id}/").status_code == 204
    assert not DevelopmentNeed.objects.filter(pk=need_id).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"language": "de"}, "language"),
        ({"visibility": "secret"}, "visibility"),
        ({"budget": "lots"}, "budget"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 8001}, "description"),
        ({"title": None}, "title"),
        ({"category": 999999}, "category"),
        ({"priority_areas": [999999]}, "priority_areas"),
        ({"trl_now": 10}, "trl_now"),
        ({"organisation": 999999}, "organisation"),
        ({"keywords": ["x" * 61]}, "keywords"),
        ({"funding_interest": ["lottery"]}, "funding_interest"),
        ({"deadline": "not-a-date"}, "deadline"),
        ({"trl_now": 7, "trl_target": 3}, "trl_target"),
        ({"wished_start": "2099-06-01", "deadline": "2099-01-01"}, "deadline"),
    ],
)
def test_need_create_rejects_bad_input_with_field_errors(member_client, overrides, field):
    org = member_client.membership.organisation
    payload = _need_payload(org.pk, **overrides)
    if overrides.get("title", "") is None:
        del payload["title"]
    response = member_client.post("/api/v1/needs/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not DevelopmentNeed.objects.exists()


def test_need_for_a_company_the_user_does_not_belong_to_is_refused(member_client):
    other = factories.OrganisationFactory.create()
    response = member_client.post("/api/v1/needs/", _need_payload(other.pk), format="json")
    assert response.status_code == 400
    assert "organisation" in response.json()


def test_provider_cannot_post_needs(api_client, provider_member):
    api_client.force_login(provider_member.user)
    response = api_client.post(
        "/api/v1/needs/", _need_payload(provider_member.organisation_id), format="json"
    )
    assert response.status_code == 400
    assert "organisation" in response.json()


def test_illegal_transition_is_a_400_and_keeps_the_row(member_client):
    need = factories.NeedFactory.create(
        organisation=member_client.membership.organisation, status=NeedStatus.CLOSED
    )
    response = member_client.post(f"/api/v1/needs/{need.pk}/publish/")
    assert response.status_code == 400
    assert "status" in response.json()
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED


def test_close_without_reason_is_a_400(member_client):
    need = factories.NeedFactory.create(organisation=member_client.membership.organisation)
    response = member_client.post(f"/api/v1/needs/{need.pk}/close/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()


def test_failed_update_leaves_the_saved_need_untouched(member_client):
    need = factories.NeedFactory.create(
        organisation=member_client.membership.organisation, title="Original"
    )
    response = member_client.patch(
        f"/api/v1/needs/{need.pk}/", {"title": "New", "trl_now": 8, "trl_target": 2}, format="json"
    )
    assert response.status_code == 400
    need.refresh_from_db()
    assert need.title == "Original"


def _service_payload(provider_id: int, **overrides):
    payload = {
        "provider": provider_id,
        "title": "Climate chamber testing",
        "description": "Walk-in climate chamber down to -70 °C.",
        "languages": ["fi", "en"],
        "service_type": ServiceType.objects.get(slug="equipment-access").pk,
        "trl_min": 3,
        "trl_max": 8,
        "price_model": "daily",
        "indicative_price": "1 200 € / day",
        "lead_time_weeks": 4,
        "remote": False,
    }
    payload.update(overrides)
    return payload


def test_service_create_read_update_publish_archive_delete(api_client, provider_member):
    api_client.force_login(provider_member.user)
    created = api_client.post(
        "/api/v1/services/",
        _service_payload(provider_member.organisation_id, contact_person=provider_member.user_id),
        format="json",
    )
    assert created.status_code == 201, created.content
    service_id = created.json()["id"]
    assert created.json()["contact_person"]["email"] == provider_member.user.email
    assert (
        api_client.patch(
            f"/api/v1/services/{service_id}/", {"lead_time_weeks": 2}, format="json"
        ).json()["lead_time_weeks"]
        == 2
    )
    assert api_client.post(f"/api/v1/services/{service_id}/publish/").json()["status"] == (
        "published"
    )
    assert api_client.post(f"/api/v1/services/{service_id}/archive/").json()["status"] == (
        "archived"
    )
    assert api_client.delete(f"/api/v1/services/{service_id}/").status_code == 204
    assert not RDService.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"languages": []}, "languages"),
        ({"languages": ["de"]}, "languages"),
        ({"price_model": "barter"}, "price_model"),
        ({"service_type": 424242}, "service_type"),
        ({"trl_min": 8, "trl_max": 3}, "trl_max"),
        ({"lead_time_weeks": -1}, "lead_time_weeks"),
        ({"title": "t" * 201}, "title"),
        ({"contact_person": 987654}, "contact_person"),
    ],
)
def test_service_create_rejects_bad_input(api_client, provider_member, overrides, field):
    api_client.force_login(provider_member.user)
    response = api_client.post(
        "/api/v1/services/",
        _service_payload(provider_member.organisation_id, **overrides),
        format="json",
    )
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_service_contact_must_belong_to_the_provider(api_client, provider_member):
    api_client.force_login(provider_member.user)
    stranger = factories.UserFactory.create()
    response = api_client.post(
        "/api/v1/services/",
        _service_payload(provider_member.organisation_id, contact_person=stranger.pk),
        format="json",
    )
    assert response.status_code == 400 and "contact_person" in response.json()


def test_organisation_create_makes_the_creator_its_owner(api_client, db):
    user = factories.UserFactory.create()
    api_client.force_login(user)
    response = api_client.post(
        "/api/v1/organisations/",
        {
            "name": "Revontuli Testing Oy",
            "kind": "company",
            "business_id": "0112038-9",
            "sme_size": "micro",
            "region": 1,
            "languages": ["fi"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    me = api_client.get("/api/v1/me/").json()
    assert me["memberships"][0]["role"] == "owner"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"business_id": "0112038-8"}, "business_id"),
        ({"business_id": ""}, "business_id"),
        ({"kind": "pirate"}, "kind"),
        ({"region": 99999}, "region"),
        ({"website": "not a url"}, "website"),
        ({"languages": ["xx"]}, "languages"),
    ],
)
def test_organisation_create_rejects_bad_input(api_client, db, payload, field):
    api_client.force_login(factories.UserFactory.create())
    base = {"name": "Bad Oy", "kind": "company", "business_id": "0112038-9", "region": 1}
    response = api_client.post("/api/v1/organisations/", {**base, **payload}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_duplicate_business_id_is_a_field_error(api_client, company_member):
    api_client.force_login(factories.UserFactory.create())
    response = api_client.post(
        "/api/v1/organisations/",
        {
            "name": "Copycat Oy",
            "kind": "company",
            "region": 1,
            "business_id": company_member.organisation.business_id,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "business_id" in response.json()


def test_unauthenticated_writes_are_refused(api_client, db):
    response = api_client.post("/api/v1/needs/", {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert api_client.post("/api/v1/organisations/", {}, format="json").status_code == 401


def test_token_authentication_works(api_client, company_member):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=company_member.user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get("/api/v1/me/").json()["email"] == company_member.user.email


def test_list_filters_and_ordering(api_client, db):
    first = factories.NeedFactory.create(title="Alpha need", language="fi")
    factories.NeedFactory.create(title="Beta need", language="en")
    response = api_client.get("/api/v1/needs/?language=fi")
    assert [row["id"] for row in response.json()["results"]] == [first.pk]
    titles = [
        row["title"] for row in api_client.get("/api/v1/needs/?ordering=-title").json()["results"]
    ]
    assert titles == ["Beta need", "Alpha need"]
    assert api_client.get("/api/v1/needs/?ordering=nonsense").status_code == 200
    assert api_client.get("/api/v1/needs/?category=abc").status_code == 400


def test_taxonomies_are_public(api_client, db):
    assert len(api_client.get("/api/v1/regions/").json()) == 19
    divisions = api_client.get("/api/v1/industries/").json()
    assert {"code": "72"}.items() <= next(d for d in divisions if d["code"] == "72").items()
    assert [t["level"] for t in api_client.get("/api/v1/trl-levels/").json()] == list(range(1, 10))
