"""Coordinators and staff need a second factor whatever way they come in: session, API
token or the admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from accounts import actions
from tests import factories

pytestmark = pytest.mark.django_db

SECOND_FACTOR_MESSAGE = "two-factor authentication"


def _coordinator_without_totp() -> Any:
    user = factories.UserFactory.create()
    factories.ClusterFactory.create().coordinators.add(user)
    return user


def _token_client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {actions.api_token_rotate(user=user)}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    return client


@pytest.mark.parametrize("who", ["coordinator", "staff", "superuser"])
@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/needs/", "/api/search/?q=robot"])
def test_a_token_without_a_second_factor_is_refused_for_coordinators_and_staff(who, path):
    user = {
        "coordinator": _coordinator_without_totp,
        "staff": lambda: factories.UserFactory.create(is_staff=True),
        "superuser": lambda: factories.UserFactory.create(is_superuser=True),
    }[who]()
    response = _token_client(user).get(path)
    assert response.status_code == 403, response.content
    assert SECOND_FACTOR_MESSAGE in response.json()["detail"]


def test_a_token_works_once_the_second_factor_is_activated(coordinator):
    staff = factories.with_totp(factories.UserFactory.create(is_staff=True))
    for user in (coordinator, staff):
        assert _token_client(user).get("/api/v1/me/").status_code == 200


def test_a_member_needs_no_second_factor_for_the_api(company_member):
    assert _token_client(company_member.user).get("/api/v1/me/").status_code == 200


def test_a_session_without_a_second_factor_is_refused_on_the_api(client):
    client.force_login(_coordinator_without_totp())
    response = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert SECOND_FACTOR_MESSAGE in response.json()["detail"]


def _api_views(patterns: list[Any]) -> list[Any]:
    views = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            views += _api_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            if view is not None:
                views.append(view)
    return views


def test_every_api_view_authenticates_only_with_the_second_factor_check():
    from accounts.api_auth import SecondFactorAuthentication

    views = _api_views(get_resolver().url_patterns)
    assert len(views) > 10
    for view in views:
        for authentication in view().get_authenticators():
            assert isinstance(authentication, SecondFactorAuthentication), (view, authentication)


# --- the admin ------------------------------------------------------------------------


def _current_code(secret: str = factories.TOTP_SECRET) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_the_admin_login_form_is_replaced_by_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    assert client.get("/admin/").url.startswith("/admin/login/")


def test_a_password_posted_to_the_admin_login_signs_nobody_in(client):
    staff = factories.UserFactory.create(is_staff=True, is_superuser=True)
    for _ in range(30):
        client.post("/admin/login/", {"username": staff.email, "password": "wrong-password"})
    response = client.post(
        "/admin/login/", {"username": staff.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_staff_sign_in_to_the_admin_with_password_and_totp(client, staff_user):
    staff = staff_user
    login = client.post(
        "/accounts/login/?next=/admin/", {"login": staff.email, "password": factories.PASSWORD}
    )
    assert login.status_code == 302
    assert login.url == "/accounts/2fa/authenticate/"
    # The password alone gives no session.
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    second = client.post("/accounts/2fa/authenticate/", {"code": _current_code()})
    assert second.status_code == 302
    assert second.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_without_totp_are_sent_to_set_it_up_before_any_page(client):
    staff = factories.UserFactory.create(is_staff=True, is_superuser=True)
    client.force_login(staff)
    for path in ("/admin/", "/home/", "/brokering/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == "/accounts/2fa/totp/activate/", path
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302


def test_a_signed_in_member_is_refused_the_admin_login_without_a_redirect_loop(
    client, company_member
):
    client.force_login(company_member.user)
    assert client.get("/admin/login/?next=/admin/").status_code == 403
