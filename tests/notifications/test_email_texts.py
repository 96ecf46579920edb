"""E-mail texts: whole translated sentences, and the site's name where allauth shows it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from matchmaking.brokering import actions as brokering
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("party", "finnish", "english"),
    [
        ("company", "Yritys vastasi: Kiinnostunut", "The company answered: Interested"),
        ("provider", "Palveluntarjoaja vastasi: Kiinnostunut", "The provider answered: Interested"),
    ],
)
def test_a_party_answer_is_one_translated_sentence_in_each_coordinator_language(
    coordinator, django_capture_on_commit_callbacks, party, finnish, english
):
    finnish_coordinator = factories.UserFactory.create(language="fi")
    coordinator.coordinated_clusters.first().coordinators.add(finnish_coordinator)
    company = factories.MembershipFactory.create()
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    need = factories.NeedFactory.create(organisation=company.organisation)
    service = factories.ServiceFactory.create(provider=provider.organisation)
    match = brokering.match_create(need=need, service=service, by=coordinator, origin="coordinator")
    match = brokering.match_transition(match=match, by=coordinator, action="introduce")
    mail.outbox.clear()
    answering = {"company": company.user, "provider": provider.user}[party]
    with django_capture_on_commit_callbacks(execute=True):
        brokering.match_answer(match=match, by=answering, answer="interested")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert finnish in subjects[finnish_coordinator.email]
    assert "The company" not in subjects[finnish_coordinator.email]
    assert "The provider" not in subjects[finnish_coordinator.email]
    assert english in subjects[coordinator.email]


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_verification_email_names_the_site(
    client, django_capture_on_commit_callbacks, settings, language
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "liisa@example.org",
                "password1": "kiertotalous-2026",
                "password2": "kiertotalous-2026",
                "full_name": "Liisa Laine",
                "language": language,
            },
            HTTP_ACCEPT_LANGUAGE=language,
        )
    (message,) = mail.outbox
    assert settings.SITE_NAME == "TKI-silta"
    assert "TKI-silta" in message.subject
    assert "TKI-silta" in message.body
    assert urlsplit(settings.SITE_URL).netloc in message.body  # "an account on <domain>"
