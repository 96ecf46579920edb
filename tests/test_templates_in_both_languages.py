"""Every template is rendered, with a realistic world, in Finnish and in English; a page or
e-mail in one language shows no sentence of the other.

Pages are fetched as each role would (company, provider, coordinator, staff, visitor), with
the user's chosen language; e-mails are produced by the actions that send them. The
catalogue's sentences (msgids that Finnish translates differently) are then looked for in
the text of the other language. tests/test_translations.py checks the catalogue itself
covers every marked string.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import polib
import pytest
from django.test.signals import template_rendered
from django.urls import reverse

from accounts import actions as account_actions
from matchmaking.brokering import actions as brokering
from matchmaking.models import Proposal
from notifications.digests import send_preference_digests
from notifications.models import Delivery, OutboundEmail, Preference
from notifications.notify import unsubscribe_token
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
PO = ROOT / "locale" / "fi" / "LC_MESSAGES" / "django.po"

# Rendered only by flows a page walk cannot reach in one request; each is named here with
# the reason, so a new template is never skipped silently.
NOT_WALKED = {
    "api/swagger_ui.html": "the API docs page is third-party UI text",
    "allauth/layouts/base.html": "our entrance and manage layouts extend base.html directly",
}


def _sentences() -> list[tuple[str, str]]:
    """(English, Finnish) pairs long and distinct enough to be telling when found."""
    pairs = []
    for entry in polib.pofile(str(PO)):
        if entry.obsolete or entry.msgid_plural or not entry.msgstr:
            continue
        if "%" in entry.msgid or "{" in entry.msgid or entry.msgid == entry.msgstr:
            continue
        # Short words (a Finnish term quoted in English, "Y-tunnus") would be false alarms.
        if all(len(text) >= 18 and " " in text for text in (entry.msgid, entry.msgstr)):
            pairs.append((entry.msgid, entry.msgstr))
    return pairs


def _text(body: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body))


@pytest.fixture
def rendered():
    """The names of the templates rendered from here on (pages and e-mails alike)."""
    used: set[str] = set()

    def collect(sender, template, context, **kwargs):
        if template.name:
            used.add(template.name)

    template_rendered.connect(collect)
    yield used
    template_rendered.disconnect(collect)


@pytest.fixture
def world(rendered, parties, staff_user, language):
    """A company, a provider, a coordinator and staff, all reading `language`, with matches
    in several stages (their e-mails written on the way)."""
    for user in (*(parties[r] for r in ("company", "provider", "coordinator")), staff_user):
        user.language = language
        user.save(update_fields=["language"])
    coordinator = parties["coordinator"]
    need, service = parties["need"], parties["service"]
    Proposal.objects.create(
        need=need,
        service=service,
        score=0.9,
        reasons=[{"code": "shared_terms", "terms": ["fatigue"]}],
        model_version="t",
    )
    match = brokering.proposal_shortlist(
        proposal=Proposal.objects.get(), by=coordinator, note="Good fit"
    )
    match = brokering.match_transition(match=match, by=coordinator, action="introduce")
    brokering.match_answer(match=match, by=parties["company"], answer="interested", text="Yes")
    brokering.match_answer(match=match, by=parties["provider"], answer="interested")
    brokering.match_transition(match=match, by=coordinator, action="discuss")
    brokering.match_log(match=match, by=coordinator, kind="meeting", text="Met at the lab")
    brokering.match_transition(
        match=match, by=coordinator, action="agree", outcome_type="rd_service_purchase"
    )
    second = factories.ServiceFactory.create(provider=service.provider)
    declined = brokering.match_create(
        need=need, service=second, by=coordinator, origin="coordinator"
    )
    declined = brokering.match_transition(match=declined, by=coordinator, action="introduce")
    brokering.match_answer(
        match=declined, by=parties["provider"], answer="declined", reason="capacity"
    )
    brokering.match_transition(match=declined, by=coordinator, action="no_deal", reason="capacity")
    # An open pair for the coordinator's stage buttons, on a need still taking matches.
    open_need = factories.NeedFactory.create(organisation=need.organisation)
    open_match = brokering.match_create(
        need=open_need, service=second, by=coordinator, origin="coordinator"
    )
    organisation = need.organisation
    invitation = account_actions.invitation_create(
        organisation=organisation, by=parties["company"], email="new@example.org"
    )
    return {
        **parties,
        "staff": staff_user,
        "match": match,
        "open_match": open_match,
        "organisation": organisation,
        "invitation": invitation,
    }


def _pages(world) -> list[tuple[str | None, str]]:
    need, service, match = world["need"], world["service"], world["match"]
    organisation = world["organisation"]
    provider_org = service.provider
    token = unsubscribe_token(world["company"].pk, "introduction")
    return [
        (None, reverse("landing")),
        (None, reverse("need_directory")),
        (None, reverse("service_directory")),
        (None, reverse("organisation_list")),
        (None, reverse("search") + "?q=fatigue"),
        (None, reverse("account_login")),
        (None, reverse("account_signup")),
        (None, reverse("account_reset_password")),
        (None, reverse("notification_unsubscribe", args=[token])),
        (None, reverse("service_detail", args=[service.pk])),
        (None, reverse("organisation_detail", args=[provider_org.slug])),
        ("company", reverse("home")),
        ("company", reverse("need_list")),
        ("company", reverse("need_create")),
        ("company", reverse("need_edit", args=[need.pk])),
        ("company", reverse("need_detail", args=[need.pk])),
        ("company", reverse("service_detail", args=[service.pk])),
        ("company", reverse("organisation_detail", args=[organisation.slug])),
        ("company", reverse("organisation_edit", args=[organisation.slug])),
        ("company", reverse("organisation_members", args=[organisation.slug])),
        ("company", reverse("organisation_create")),
        ("company", reverse("onboarding")),
        ("company", reverse("profile")),
        ("company", reverse("api_token")),
        ("company", reverse("my_matches")),
        ("company", reverse("match_detail", args=[match.pk])),
        ("company", reverse("notification_centre")),
        ("company", reverse("notification_preferences")),
        ("company", reverse("saved_search_list")),
        ("provider", reverse("home")),
        ("provider", reverse("service_list")),
        ("provider", reverse("service_create")),
        ("provider", reverse("service_edit", args=[service.pk])),
        ("provider", reverse("need_detail", args=[need.pk])),
        ("provider", reverse("match_detail", args=[match.pk])),
        ("provider", reverse("invitation_accept", args=[world["invitation"].token])),
        ("coordinator", reverse("home")),
        ("coordinator", reverse("brokering_inbox")),
        ("coordinator", reverse("brokering_board")),
        ("coordinator", reverse("proposal_list") + "?min_score=0"),
        ("coordinator", reverse("need_detail", args=[need.pk])),
        ("coordinator", reverse("match_detail", args=[match.pk])),
        ("coordinator", reverse("match_detail", args=[world["open_match"].pk])),
        ("coordinator", reverse("need_detail", args=[world["open_match"].need_id])),
        ("company", reverse("account_email")),
        ("company", reverse("account_change_password")),
        ("company", reverse("mfa_index")),
        ("company", reverse("account_logout")),
        ("company", reverse("account_reset_password")),
        ("staff", reverse("home")),
    ]


def _emails(world) -> list[str]:
    """Every e-mail the world's actions wrote to the outbox, plus a daily digest."""
    Preference.objects.create(
        user=world["coordinator"], event="party_answer", delivery=Delivery.DAILY
    )
    send_preference_digests(delivery=Delivery.DAILY)
    return [
        f"{email.subject}\n{email.body_text}\n{_text(email.body_html)}"
        for email in OutboundEmail.objects.all()
    ]


@pytest.mark.parametrize("language", ["fi", "en"])
def test_every_template_renders_in_the_language_of_its_reader(client, world, rendered, language):
    texts = []
    for role, url in _pages(world):
        client.logout()
        if role:
            client.force_login(world[role])
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (role, url, response.status_code)
        texts.append((url, _text(response.content.decode())))
    texts += [("e-mail", body) for body in _emails(world)]

    every = {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*")
        if path.is_file() and path.suffix in (".html", ".txt")
    }
    missing = every - rendered - set(NOT_WALKED)
    assert not missing, f"Templates never rendered in {language}: {sorted(missing)}"

    leaks = []
    for english, finnish in _sentences():
        other = english if language == "fi" else finnish
        for where, text in texts:
            if other in text:
                leaks.append((where, other))
    assert not leaks, leaks
