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
import time
from datetime import timedelta
from pathlib import Path

import polib
import pytest
from allauth.mfa.totp.internal.auth import hotp_value
from django.test import RequestFactory
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone, translation
from django.views.defaults import server_error

from accounts import actions as account_actions
from funding import actions as funding_actions
from funding.models import SmartSpecialisationPartnership
from insights.models import ImpactFollowUp, IntroductionRating
from matchmaking.brokering import actions as brokering
from matchmaking.models import Proposal
from notifications.digests import send_preference_digests
from notifications.models import Delivery, OutboundEmail, Preference
from notifications.notify import unsubscribe_token
from privacy.actions import inactive_accounts_sweep
from tests import factories
from tests.imports.conftest import check, upload

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
PO = ROOT / "locale" / "fi" / "LC_MESSAGES" / "django.po"

# Rendered only by flows a page walk cannot reach in one request; each is named here with
# the reason, so a new template is never skipped silently.
NOT_WALKED = {
    "api/swagger_ui.html": "the API docs page is third-party UI text",
    "allauth/layouts/base.html": "our entrance and manage layouts extend base.html directly",
    "allauth/elements/table.html": "only allauth's passkey and session lists use it; neither "
    "is enabled (MFA_SUPPORTED_TYPES is TOTP and recovery codes, no allauth.usersessions)",
    "allauth/elements/button_group.html": "only allauth's sign-in-by-code, passkey, trusted "
    "browser and OpenID pages use it (our reauthentication page does not); none is enabled",
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
    # Funding: an instrument with a call, a partnership, the agreed pair's work plan.
    instrument = factories.InstrumentFactory.create(
        application_headings=["Excellence", "Impact"], international_partners_required=True
    )
    factories.CallFactory.create(instrument=instrument)
    partnership = SmartSpecialisationPartnership.objects.create(
        name="Arctic Batteries",
        theme="Batteries",
        partner_regions="Norrbotten",
        region=factories.region("19"),
    )
    plan = funding_actions.plan_open(match=match, by=coordinator, instrument=instrument)
    # Imports: one file waiting for its columns, one checked with its report.
    mapping_job = upload(coordinator, "organisations_excel_semicolon.csv", "organisations")
    checked_job = check(upload(coordinator, "needs_finnish_dates.csv", "needs"), coordinator)
    # Insights: the company's rating question and impact form on the agreed pair.
    rating = IntroductionRating.objects.create(match=match, party="company")
    follow_up = ImpactFollowUp.objects.create(match=match, months=3, due_date=timezone.localdate())
    # Staff's duplicate list: two organisations with alike names.
    survivor = factories.OrganisationFactory.create(name="Lapin Kone Oy")
    duplicate = factories.OrganisationFactory.create(name="LAPIN KONE, osakeyhtiö")
    return {
        **parties,
        "staff": staff_user,
        "match": match,
        "open_match": open_match,
        "organisation": organisation,
        "invitation": invitation,
        "instrument": instrument,
        "partnership": partnership,
        "plan": plan,
        "mapping_job": mapping_job,
        "checked_job": checked_job,
        "rating": rating,
        "follow_up": follow_up,
        "survivor": survivor,
        "duplicate": duplicate,
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
        (None, reverse("privacy_notice")),
        (None, reverse("accessibility")),
        (None, reverse("insights_open")),
        ("company", reverse("privacy_account")),
        ("company", reverse("funding_instrument_list")),
        ("company", reverse("funding_instrument_detail", args=[world["instrument"].slug])),
        ("company", reverse("funding_calendar")),
        ("company", reverse("funding_plan_list")),
        ("company", reverse("funding_plan_detail", args=[world["plan"].pk])),
        ("company", reverse("funding_plan_version", args=[world["plan"].pk, 1])),
        ("company", reverse("funding_application_create", args=[match.pk])),
        ("company", reverse("funding_een_profile", args=[need.pk])),
        ("company", reverse("insights_rate", args=[world["rating"].pk])),
        ("company", reverse("insights_impact", args=[world["follow_up"].pk])),
        ("company", reverse("insights_my_follow_ups")),
        ("provider", reverse("insights_provider_gaps")),
        ("coordinator", reverse("funding_instrument_create")),
        ("coordinator", reverse("funding_instrument_import")),
        ("coordinator", reverse("funding_partnership_list")),
        ("coordinator", reverse("funding_partnership_edit", args=[world["partnership"].pk])),
        ("coordinator", reverse("import_list")),
        ("coordinator", reverse("import_mapping", args=[world["mapping_job"].pk])),
        ("coordinator", reverse("import_detail", args=[world["checked_job"].pk])),
        ("coordinator", reverse("insights_dashboard")),
        ("coordinator", reverse("insights_indicator_records", args=["RCO07"])),
        ("staff", reverse("privacy_staff")),
        ("staff", reverse("duplicates")),
        (
            "staff",
            reverse("organisation_merge")
            + f"?survivor={world['survivor'].pk}&duplicate={world['duplicate'].pk}",
        ),
    ]


def _refusals(world) -> list[tuple[str | None, str, int]]:
    """The error pages, reached as a visitor would: an unknown address, another role's page,
    a broken answer link."""
    return [
        (None, "/no-such-page/", 404),
        ("company", reverse("brokering_board"), 403),
        (None, reverse("insights_impact_link", args=["not-a-token"]), 404),
    ]


def _flows(client, world, language) -> list[tuple[str, str]]:
    """Pages behind a form or a fresh sign-in, followed as their user would."""
    texts = []

    def page(response, expected=200):
        assert response.status_code == expected, (response.request["PATH_INFO"], expected)
        texts.append((response.request["PATH_INFO"], _text(response.content.decode())))

    # A new organisation whose name is like an existing one's: "this may already exist".
    client.logout()
    client.force_login(world["company"])
    form = {
        "name": "Lapin Kone Ab",
        "kind": "company",
        "business_id": factories.valid_business_id(900),
        "region": world["survivor"].region_id,
        "languages": ["fi"],
    }
    page(client.post(reverse("organisation_create"), form, HTTP_ACCEPT_LANGUAGE=language))
    # Two-factor set-up: a session without a recent sign-in asks for the password first.
    activate = reverse("mfa_activate_totp")
    response = client.get(activate, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302 and "reauthenticate" in response.url
    page(client.get(response.url, HTTP_ACCEPT_LANGUAGE=language))
    # Signed in just now, the member activates TOTP and is shown the recovery codes.
    client.logout()
    signed_in = client.post(
        reverse("account_login"),
        {"login": world["provider"].email, "password": factories.PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert signed_in.status_code == 302
    page(client.get(activate, HTTP_ACCEPT_LANGUAGE=language))
    code = hotp_value(client.session["mfa.totp.secret"], int(time.time()) // 30)
    response = client.post(activate, {"code": f"{code:06d}"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302, response.status_code
    page(client.get(response.url, HTTP_ACCEPT_LANGUAGE=language))
    # A coordinator signing in with the password is asked for the authenticator's code.
    client.logout()
    signed_in = client.post(
        reverse("account_login"),
        {"login": world["coordinator"].email, "password": factories.PASSWORD},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert signed_in.status_code == 302 and signed_in.url == reverse("mfa_authenticate")
    page(client.get(signed_in.url, HTTP_ACCEPT_LANGUAGE=language))
    # A server error is answered by the 500 handler, which the walk must not provoke.
    with translation.override(language):
        error = server_error(RequestFactory().get("/"))
    assert error.status_code == 500
    texts.append(("500", _text(error.content.decode())))
    return texts


def _emails(world) -> list[str]:
    """Every e-mail the world's actions wrote to the outbox, plus a daily digest."""
    Preference.objects.create(
        user=world["coordinator"], event="party_answer", delivery=Delivery.DAILY
    )
    send_preference_digests(delivery=Delivery.DAILY)
    # An account unused for long is warned before it is removed.
    dormant = factories.UserFactory.create(language=world["company"].language)
    dormant.last_login = timezone.now() - timedelta(days=3650)
    dormant.save(update_fields=["last_login"])
    inactive_accounts_sweep()
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
    for role, url, status in _refusals(world):
        client.logout()
        if role:
            client.force_login(world[role])
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == status, (role, url, response.status_code)
        texts.append((url, _text(response.content.decode())))
    texts += _flows(client, world, language)
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
