"""A signed-in user's chosen language drives the interface; the phone an introduction
shows is kept on the user and edited in the profile and the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_users_language_drives_the_interface_after_login(client):
    user = factories.UserFactory.create(language="fi")
    client.force_login(user)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code in (200, 302)
    assert '<html lang="fi">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_language_switcher_stores_the_signed_in_users_choice(client):
    user = factories.UserFactory.create(language="en")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "fi", "next": "/"})
    user.refresh_from_db()
    assert user.language == "fi"
    assert '<html lang="fi">' in client.get("/").content.decode()


def test_the_language_switcher_still_works_signed_out(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()


def test_an_unknown_language_changes_nothing(client):
    user = factories.UserFactory.create(language="en")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


def test_the_profile_edits_the_phone_and_refuses_letters(client, company_member):
    user = company_member.user
    client.force_login(user)
    client.post(
        reverse("profile"), {"full_name": "A B", "language": "en", "phone": "+358 40 123 4567"}
    )
    user.refresh_from_db()
    assert user.phone == "+358 40 123 4567"
    response = client.post(
        reverse("profile"), {"full_name": "A B", "language": "en", "phone": "call me"}
    )
    assert response.status_code == 200 and "Enter a phone number" in response.content.decode()
    user.refresh_from_db()
    assert user.phone == "+358 40 123 4567"


def test_the_api_reads_and_edits_ones_own_phone(api_client, company_member):
    user = company_member.user
    api_client.force_authenticate(user)
    response = api_client.patch("/api/v1/me/", {"phone": "040 765 4321"}, format="json")
    assert response.status_code == 200 and response.json()["phone"] == "040 765 4321"
    user.refresh_from_db()
    assert user.phone == "040 765 4321"
    bad = api_client.patch("/api/v1/me/", {"phone": "<script>"}, format="json")
    assert bad.status_code == 400 and "phone" in bad.json()
    members = api_client.get("/api/v1/memberships/").json()
    rows = members["results"] if isinstance(members, dict) else members
    assert rows[0]["user_phone"] == "040 765 4321"
