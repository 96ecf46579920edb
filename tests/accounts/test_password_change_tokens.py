"""A new password ends every other way in: API tokens and other sessions."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from accounts import actions
from tests import factories

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-and-long-passphrase-42"


def _token_works(key: str) -> bool:
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/me/").status_code == 200


@pytest.fixture
def user_with_token() -> tuple[Any, str]:
    user = factories.MembershipFactory.create().user
    key = actions.api_token_rotate(user=user)
    assert _token_works(key)
    return user, key


def test_changing_the_password_revokes_api_tokens_and_other_sessions(client, user_with_token):
    user, key = user_with_token
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": factories.PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content
    assert not Token.objects.filter(user=user).exists()
    assert not _token_works(key)
    # The session that changed the password stays signed in; the other one is signed out.
    assert client.get("/accounts/password/change/").status_code == 200
    assert other_device.get("/accounts/password/change/").status_code == 302


def test_resetting_the_password_revokes_api_tokens(client, user_with_token):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    user, key = user_with_token
    url = (
        f"/accounts/password/reset/key/{user_pk_to_url_str(user)}-"
        f"{default_token_generator.make_token(user)}/"
    )
    form_url = client.get(url)["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302, response.content
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not Token.objects.filter(user=user).exists()
    assert not _token_works(key)


def test_a_password_set_in_the_admin_revokes_api_tokens(client, staff_user, user_with_token):
    user, key = user_with_token
    client.force_login(staff_user)
    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not Token.objects.filter(user=user).exists()
    assert not _token_works(key)


def test_changepassword_on_the_command_line_revokes_api_tokens(monkeypatch):
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    user = factories.UserFactory.create()
    token = Token.objects.create(user=user)
    answers = iter(["a-new-Long-passphrase-42", "a-new-Long-passphrase-42"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))

    call_command("changepassword", user.email, stdout=io.StringIO())

    user.refresh_from_db()
    assert user.check_password("a-new-Long-passphrase-42")
    assert not Token.objects.filter(pk=token.pk).exists()
