"""Every role against every page and endpoint that shows or changes a need, service or
organisation. Other organisations' private objects give 404, never 403."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import MembershipRole
from companies.models import NeedStatus, NeedVisibility
from services.models import ServiceStatus

from . import factories

ROLES = [
    "anonymous",
    "outsider",
    "owner_a",
    "member_a",
    "owner_b",
    "provider",
    "coordinator",
    "staff",
]


@dataclass
class World:
    users: dict[str, Any]
    objects: dict[str, Any]


@pytest.fixture
def world(db: Any, coordinator: Any, staff_user: Any) -> World:
    company_a = factories.OrganisationFactory.create(name="Company A")
    company_b = factories.OrganisationFactory.create(name="Company B")
    provider_org = factories.ProviderFactory.create(name="Provider P")
    users = {
        "anonymous": None,
        "outsider": factories.UserFactory.create(),
        "owner_a": factories.MembershipFactory.create(organisation=company_a).user,
        "member_a": factories.MembershipFactory.create(
            organisation=company_a, role=MembershipRole.MEMBER
        ).user,
        "owner_b": factories.MembershipFactory.create(organisation=company_b).user,
        "provider": factories.MembershipFactory.create(organisation=provider_org).user,
        "coordinator": coordinator,
        "staff": staff_user,
    }
    objects = {
        "need_public": factories.NeedFactory.create(organisation=company_a),
        "need_anonymous": factories.NeedFactory.create(
            organisation=company_a, visibility=NeedVisibility.ANONYMOUS
        ),
        "need_coordinators": factories.NeedFactory.create(
            organisation=company_a, visibility=NeedVisibility.COORDINATORS
        ),
        "need_draft": factories.NeedFactory.create(
            organisation=company_a, status=NeedStatus.DRAFT, published_at=None
        ),
        "service_published": factories.ServiceFactory.create(provider=provider_org),
        "service_draft": factories.ServiceFactory.create(
            provider=provider_org, status=ServiceStatus.DRAFT
        ),
        "company_a": company_a,
    }
    return World(users, objects)


def _client(client: Any, world: World, role: str) -> Any:
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


ALL_200 = dict.fromkeys(ROLES, 200)

NEED_DETAIL = {
    "need_public": ALL_200,
    "need_anonymous": ALL_200,
    "need_coordinators": {
        **dict.fromkeys(ROLES, 404),
        "owner_a": 200,
        "member_a": 200,
        "coordinator": 200,
        "staff": 200,
    },
    "need_draft": {**dict.fromkeys(ROLES, 404), "owner_a": 200, "member_a": 200, "staff": 200},
}

NEED_EDIT = {
    "need_public": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "owner_a": 200,
        "member_a": 200,
        "staff": 200,
    },
    "need_anonymous": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "owner_a": 200,
        "member_a": 200,
        "staff": 200,
    },
    "need_coordinators": {
        **dict.fromkeys(ROLES, 404),
        "anonymous": 302,
        "owner_a": 200,
        "member_a": 200,
        "coordinator": 403,
        "staff": 200,
    },
    "need_draft": {
        **dict.fromkeys(ROLES, 404),
        "anonymous": 302,
        "owner_a": 200,
        "member_a": 200,
        "staff": 200,
    },
}

SERVICE_DETAIL = {
    "service_published": ALL_200,
    "service_draft": {**dict.fromkeys(ROLES, 404), "provider": 200, "staff": 200},
}

SERVICE_EDIT = {
    "service_published": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "provider": 200,
        "staff": 200,
    },
    "service_draft": {**dict.fromkeys(ROLES, 404), "anonymous": 302, "provider": 200, "staff": 200},
}

ORGANISATION_PAGES = {
    "organisation_detail": ALL_200,
    "organisation_edit": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "owner_a": 200,
        "staff": 200,
    },
    "organisation_members": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "owner_a": 200,
        "member_a": 200,
        "staff": 200,
    },
}


def _cases(table: dict[str, dict[str, int]]) -> list[tuple[str, str, int]]:
    return [(obj, role, code) for obj, codes in table.items() for role, code in codes.items()]


@pytest.mark.parametrize(("obj", "role", "expected"), _cases(NEED_DETAIL))
def test_need_detail_page(client, world, obj, role, expected):
    need = world.objects[obj]
    response = _client(client, world, role).get(reverse("need_detail", args=[need.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(("obj", "role", "expected"), _cases(NEED_DETAIL))
def test_need_detail_endpoint(api_client, world, obj, role, expected):
    need = world.objects[obj]
    response = _client(api_client, world, role).get(f"/api/v1/needs/{need.pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize(("obj", "role", "expected"), _cases(NEED_EDIT))
def test_need_edit_page(client, world, obj, role, expected):
    need = world.objects[obj]
    response = _client(client, world, role).get(reverse("need_edit", args=[need.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(("obj", "role", "expected"), _cases(NEED_EDIT))
def test_need_update_endpoint(api_client, world, obj, role, expected):
    need = world.objects[obj]
    response = _client(api_client, world, role).patch(
        f"/api/v1/needs/{need.pk}/", {"title": "Changed title"}, format="json"
    )
    # The API answers an anonymous write with 401 where the page redirects to login.
    assert response.status_code == (401 if expected == 302 else expected)
    need.refresh_from_db()
    assert (need.title == "Changed title") == (expected == 200)


@pytest.mark.parametrize(("obj", "role", "expected"), _cases(NEED_EDIT))
def test_need_publish_and_delete_follow_edit_rights(api_client, world, obj, role, expected):
    need = world.objects[obj]
    response = _client(api_client, world, role).delete(f"/api/v1/needs/{need.pk}/")
    assert response.status_code == (
        401 if expected == 302 else 204 if expected == 200 else expected
    )


@pytest.mark.parametrize(("obj", "role", "expected"), _cases(SERVICE_DETAIL))
def test_service_detail_page_and_endpoint(client, api_client, world, obj, role, expected):
    service = world.objects[obj]
    assert (
        _client(client, world, role).get(reverse("service_detail", args=[service.pk])).status_code
        == expected
    )
    assert (
        _client(api_client, world, role).get(f"/api/v1/services/{service.pk}/").status_code
        == expected
    )


@pytest.mark.parametrize(("obj", "role", "expected"), _cases(SERVICE_EDIT))
def test_service_edit_page_and_endpoint(client, api_client, world, obj, role, expected):
    service = world.objects[obj]
    assert (
        _client(client, world, role).get(reverse("service_edit", args=[service.pk])).status_code
        == expected
    )
    response = _client(api_client, world, role).patch(
        f"/api/v1/services/{service.pk}/", {"title": "Renamed"}, format="json"
    )
    assert response.status_code == (401 if expected == 302 else expected)


@pytest.mark.parametrize(("page", "role", "expected"), _cases(ORGANISATION_PAGES))
def test_organisation_pages(client, world, page, role, expected):
    slug = world.objects["company_a"].slug
    response = _client(client, world, role).get(reverse(page, args=[slug]))
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_organisation_update_endpoint(api_client, world, role):
    slug = world.objects["company_a"].slug
    response = _client(api_client, world, role).patch(
        f"/api/v1/organisations/{slug}/", {"description": "New text"}, format="json"
    )
    assert response.status_code == (
        200 if role in ("owner_a", "staff") else 401 if role == "anonymous" else 403
    )


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("anonymous", {"need_public", "need_anonymous"}),
        ("outsider", {"need_public", "need_anonymous"}),
        ("owner_a", {"need_public", "need_anonymous", "need_coordinators", "need_draft"}),
        ("owner_b", {"need_public", "need_anonymous"}),
        ("coordinator", {"need_public", "need_anonymous", "need_coordinators"}),
        ("staff", {"need_public", "need_anonymous", "need_coordinators", "need_draft"}),
    ],
)
def test_need_list_endpoint_is_scoped(api_client, world, role, visible):
    response = _client(api_client, world, role).get("/api/v1/needs/")
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {world.objects[name].pk for name in visible}


@pytest.mark.parametrize(
    ("role", "shows_company"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("owner_b", False),
        ("provider", False),
        ("owner_a", True),
        ("coordinator", True),
        ("staff", True),
    ],
)
def test_anonymous_need_hides_its_company(client, api_client, world, role, shows_company):
    need = world.objects["need_anonymous"]
    page = _client(client, world, role).get(reverse("need_detail", args=[need.pk]))
    assert ("Company A" in page.content.decode()) == shows_company
    data = _client(api_client, world, role).get(f"/api/v1/needs/{need.pk}/").json()
    assert (data["organisation"] is not None) == shows_company


def test_anonymous_need_is_not_listed_on_its_companys_public_page(client, world):
    need = world.objects["need_anonymous"]
    page = client.get(reverse("organisation_detail", args=[world.objects["company_a"].slug]))
    assert need.title not in page.content.decode()
    assert world.objects["need_public"].title in page.content.decode()


# --- the funding path, imports and personal data (issues 13 and 14) -----------------------

LOGGED_IN_200 = {**ALL_200, "anonymous": 302}
EDITORS = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "coordinator": 200, "staff": 200}
STAFF_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "staff": 200}

NEW_PAGES = {
    "funding_instrument_list": LOGGED_IN_200,
    "funding_calendar": LOGGED_IN_200,
    "funding_partnership_list": LOGGED_IN_200,
    "funding_plan_list": LOGGED_IN_200,
    "funding_instrument_create": EDITORS,
    "funding_instrument_import": EDITORS,
    "import_list": EDITORS,
    "privacy_notice": ALL_200,
    "privacy_account": LOGGED_IN_200,
    "privacy_staff": STAFF_ONLY,
    "duplicates": STAFF_ONLY,
}


@pytest.mark.parametrize(("page", "role", "expected"), _cases(NEW_PAGES))
def test_funding_import_and_privacy_pages(client, world, page, role, expected):
    response = _client(client, world, role).get(reverse(page))
    assert response.status_code == expected


# The EEN partnership profile: the need's company, its coordinators and staff; a need the
# viewer may not see at all answers 404, one they see but may not export 403.
EEN_PROFILE = {
    "need_public": {**NEED_EDIT["need_public"], "coordinator": 200},
    "need_anonymous": {**NEED_EDIT["need_anonymous"], "coordinator": 200},
    "need_coordinators": {**NEED_EDIT["need_coordinators"], "coordinator": 200},
    "need_draft": NEED_EDIT["need_draft"],
}


@pytest.mark.parametrize(("obj", "role", "expected"), _cases(EEN_PROFILE))
def test_een_profile_page(client, world, obj, role, expected):
    need = world.objects[obj]
    response = _client(client, world, role).get(reverse("funding_een_profile", args=[need.pk]))
    assert response.status_code == expected


NEW_ENDPOINTS = {
    # Signed-in users, like the catalogue pages.
    "/api/v1/funding-instruments/": {**ALL_200, "anonymous": 401},
    "/api/v1/funding-calls/": {**ALL_200, "anonymous": 401},
    "/api/v1/imports/": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 401,
        "coordinator": 200,
        "staff": 200,
    },
}


@pytest.mark.parametrize(("url", "role", "expected"), _cases(NEW_ENDPOINTS))
def test_funding_and_import_endpoints(api_client, world, url, role, expected):
    assert _client(api_client, world, role).get(url).status_code == expected
