"""Sign-up, e-mail verification, login, rate limits, password reset and coordinator 2FA."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from notifications.models import EmailStatus, OutboundEmail
from tests import factories

pytestmark = pytest.mark.django_db


def _link(message: str) -> str:
    match = re.search(r"http://testserver(/accounts/[^\s]+)", message)
    assert match, message
    return match.group(1)


def test_sign_up_verify_and_log_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "Liisa@Example.org",
                "password1": "kiertotalous-2026",
                "password2": "kiertotalous-2026",
                "full_name": "Liisa Laine",
                "language": "fi",
            },
        )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="liisa@example.org")
    assert user.full_name == "Liisa Laine"

    # The verification e-mail went through the outbox and was sent by the task.
    assert OutboundEmail.objects.get().status == EmailStatus.SENT
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["liisa@example.org"]

    # Not verified yet: logging in leads back to the verification notice.
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "liisa@example.org", "password": "kiertotalous-2026"}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    confirm_url = _link(str(mail.outbox[0].body))
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "liisa@example.org", "password": "kiertotalous-2026"}
    )
    assert response.status_code == 302
    assert response.url == reverse("onboarding")
    assert client.get(reverse("onboarding")).status_code == 200


def test_sign_up_with_a_taken_address_creates_nothing_and_warns_the_owner(
    client, django_capture_on_commit_callbacks
):
    # Allauth does not reveal that the address is registered; the owner gets an e-mail.
    factories.UserFactory.create(email="taken@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "taken@example.org",
                "password1": "kiertotalous-2026",
                "password2": "kiertotalous-2026",
                "full_name": "X",
                "language": "en",
            },
        )
    assert response.status_code == 302
    assert User.objects.filter(email="taken@example.org").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["taken@example.org"]


def test_sign_up_with_mismatched_passwords_shows_a_form_error(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "kiertotalous-2026",
            "password2": "kiertotalous-2027",
            "full_name": "X",
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(email="new@example.org").exists()


def test_repeated_failed_logins_are_rate_limited(client):
    user = factories.UserFactory.create(email="target@example.org")
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": "wrong-password"}
        )
        assert response.status_code == 200
    # Even the right password is refused now, with a message on the form.
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": factories.PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in str(response.context["form"].errors)
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(client, django_capture_on_commit_callbacks):
    user = factories.UserFactory.create(email="forgetful@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    reset_url = _link(str(mail.outbox[0].body))
    form_page = client.get(reset_url, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_url,
        {"password1": "uusi-salasana-2026", "password2": "uusi-salasana-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("uusi-salasana-2026")


def test_coordinator_without_totp_must_set_it_up(client, api_client, db):
    user = factories.UserFactory.create()
    factories.ClusterFactory.create().coordinators.add(user)
    client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    # The password was typed at sign-in a moment ago: the set-up does not ask for it again
    # (tests/accounts/test_two_factor_pages.py: an older sign-in does).
    activation = client.get(reverse("mfa_activate_totp"))
    assert activation.status_code == 200
    assert 'name="code"' in activation.content.decode()
    api_client.force_login(user)
    assert api_client.get("/api/v1/needs/").status_code == 403


def test_coordinator_with_totp_reaches_the_home_page(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("home")).status_code == 200


def test_two_factor_is_offered_to_everyone(client, company_member):
    client.post(
        reverse("account_login"),
        {"login": company_member.user.email, "password": factories.PASSWORD},
    )
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_allauth_pages_use_the_product_layout(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "TKI-silta" in page and 'class="skip-link' in page and 'id="main"' in page
    assert 'for="id_login"' in page
