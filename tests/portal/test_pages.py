"""The accessibility statement in both languages, and the error pages."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title", "law"),
    [
        ("en", "Accessibility statement", "Act on the Provision of Digital Services (306/2019)"),
        ("fi", "Saavutettavuusseloste", "digitaalisten palvelujen tarjoamisesta annetun lain"),
    ],
)
def test_the_accessibility_statement_is_in_both_languages(client, settings, language, title, law):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "palaute@example.org"
    page = client.get(reverse("accessibility"), HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    assert page.status_code == 200
    assert f"<h1>{title}</h1>" in html and law in html
    assert "WCAG" in html and 'href="mailto:palaute@example.org"' in html
    # Every page links to it.
    landing = client.get(reverse("landing"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<a href="{reverse("accessibility")}">{title}</a>' in landing


def test_a_coordinator_without_totp_may_still_read_the_statement(client):
    from tests import factories

    user = factories.UserFactory.create()
    factories.ClusterFactory.create().coordinators.add(user)
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 302
    assert client.get(reverse("accessibility")).status_code == 200


@pytest.mark.parametrize(("language", "text"), [("en", "Page not found"), ("fi", "Sivua ei löydy")])
def test_an_unknown_address_gets_the_not_found_page(client, language, text):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    html = response.content.decode()
    assert f"<h1>{text}</h1>" in html and 'id="main"' in html


def test_a_forbidden_page_says_who_it_is_for(client, company_member):
    client.force_login(company_member.user)
    response = client.get(reverse("brokering_board"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>No access</h1>" in html and "This page is for other roles" in html


def test_the_server_error_page_renders_without_a_request_context():
    request = RequestFactory().get("/")
    with translation.override("fi"):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Jokin meni vikaan</h1>" in html and 'href="/"' in html


def test_every_page_links_the_favicon(client):
    html = client.get(reverse("landing")).content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html
