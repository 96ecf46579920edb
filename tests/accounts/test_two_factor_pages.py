"""The two-factor set-up says why it asks for the password again, says when two-factor is
required, and its recovery codes lead on to the service."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import hotp_value
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"


def _sign_in(client: Any, user: Any) -> None:
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": factories.PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302


def _coordinator_without_totp() -> Any:
    user = factories.UserFactory.create()
    factories.ClusterFactory.create().coordinators.add(user)
    return user


@pytest.mark.parametrize("who", ["coordinator", "staff"])
def test_the_set_up_page_says_two_factor_is_required_for_coordinators_and_staff(client, who):
    user = (
        _coordinator_without_totp()
        if who == "coordinator"
        else factories.UserFactory.create(is_staff=True)
    )
    _sign_in(client, user)
    assert client.get(reverse("home")).url == ACTIVATE
    page = client.get(ACTIVATE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Two-factor authentication is required for your account." in page
    assert "QR code for your authenticator app" in page
    # A signed-in user's chosen language drives the pages, not the browser's.
    user.language = "fi"
    user.save(update_fields=["language"])
    fi = client.get(ACTIVATE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Kaksivaiheinen tunnistautuminen on pakollinen" in fi


def test_the_set_up_page_tells_a_member_it_is_optional(client, company_member):
    _sign_in(client, company_member.user)
    page = client.get(ACTIVATE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "is required for your account" not in page
    assert "optional for company and R&D provider members" in page


def test_asking_for_the_password_again_says_why(client, company_member):
    # A session without a recent sign-in (force_login records none) must re-authenticate.
    client.force_login(company_member.user)
    response = client.get(ACTIVATE)
    assert response.status_code == 302 and "reauthenticate" in response.url
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You are about to change how you sign in" in page
    assert "prove again that it is you" in page


def test_the_recovery_codes_page_continues_to_the_service(client):
    user = _coordinator_without_totp()
    _sign_in(client, user)
    client.get(ACTIVATE)
    secret = client.session["mfa.totp.secret"]
    code = hotp_value(secret, int(time.time()) // 30)
    response = client.post(ACTIVATE, {"code": f"{code:06d}"})
    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<a class="btn btn-primary" href="{reverse("home")}">Continue</a>' in page
    # And the way onward is open now that TOTP is active.
    assert client.get(reverse("home")).status_code == 200


def test_a_sign_in_older_than_the_timeout_asks_for_the_password_again(client, company_member):
    _sign_in(client, company_member.user)
    assert client.get(ACTIVATE).status_code == 200
    session = client.session
    records = session["account_authentication_methods"]
    records[-1]["at"] = time.time() - 3600
    session["account_authentication_methods"] = records
    session.save()
    response = client.get(ACTIVATE)
    assert response.status_code == 302 and "reauthenticate" in response.url


def test_the_two_factor_page_warns_a_coordinator_that_it_must_stay_on(
    client, coordinator, company_member
):
    client.force_login(coordinator)
    page = client.get(reverse("mfa_index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "required for coordinators and staff" in page
    assert "Authenticator App" in page  # allauth's own panels are still there
    client.force_login(company_member.user)
    page = client.get(reverse("mfa_index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "required for coordinators and staff" not in page
