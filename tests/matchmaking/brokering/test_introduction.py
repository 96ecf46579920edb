"""An introduction connects people: contacts after consent, why, the coordinator's note,
what happens next and a first call, on the match page and in the e-mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership
from companies.models import NeedVisibility
from matchmaking.brokering import actions as brokering
from matchmaking.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db


def _name_contacts(parties):
    for side, phone in (("company", "+358 40 111 2222"), ("provider", "+358 50 333 4444")):
        user = parties[side]
        user.phone = phone
        user.save(update_fields=["phone"])
        Membership.objects.filter(user=user).update(is_contact_person=True, title=f"Head of {side}")


def _introduced(parties, *, note="Both work on cold-climate welding."):
    proposal = Proposal.objects.create(
        need=parties["need"],
        service=parties["service"],
        score=0.8,
        reasons=[{"code": "text", "weight": 0.5}],
        model_version="test",
    )
    match = brokering.proposal_shortlist(proposal=proposal, by=parties["coordinator"])
    return brokering.match_transition(
        match=match, by=parties["coordinator"], action="introduce", note=note
    )


def _page(client, user, match, language="en"):
    client.force_login(user)
    user.language = language
    user.save(update_fields=["language"])
    response = client.get(reverse("match_detail", args=[match.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_both_parties_see_each_others_contact_persons_and_the_next_step(client, parties):
    _name_contacts(parties)
    match = _introduced(parties)
    company_page = _page(client, parties["company"], match)
    assert parties["provider"].email in company_page and "+358 50 333 4444" in company_page
    assert "Head of provider" in company_page and parties["provider"].full_name in company_page
    # One's own contact details are not what one needs to see.
    assert "+358 40 111 2222" not in company_page
    assert "Contact the provider&#x27;s contact person" in company_page
    assert "Both work on cold-climate welding." in company_page
    assert reverse("match_first_call", args=[match.pk]) in company_page

    provider_page = _page(client, parties["provider"], match, language="fi")
    assert parties["company"].email in provider_page and "+358 40 111 2222" in provider_page
    assert "Mitä seuraavaksi" in provider_page
    assert "Ota yhteyttä yrityksen yhteyshenkilöön" in provider_page

    coordinator_page = _page(client, parties["coordinator"], match)
    assert "+358 40 111 2222" in coordinator_page and "+358 50 333 4444" in coordinator_page


def test_every_stage_tells_each_side_what_happens_next(client, parties):
    from matchmaking.brokering.introduction import NEXT_STEPS
    from matchmaking.models import MatchStage

    assert {
        (stage, role) for stage in MatchStage for role in ("company", "provider", "coordinator")
    } <= set(NEXT_STEPS)
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    assert "Check the pair" in _page(client, parties["coordinator"], match)


def test_nothing_of_an_anonymous_company_leaks_before_its_consent(client, parties):
    _name_contacts(parties)
    need = parties["need"]
    need.visibility = NeedVisibility.ANONYMOUS
    need.save(update_fields=["visibility"])
    match = brokering.match_create(
        need=need, service=parties["service"], by=parties["coordinator"], origin="coordinator"
    )
    match = brokering.match_transition(match=match, by=parties["coordinator"], action="shortlist")
    company_page = _page(client, parties["company"], match)
    assert "Agree to the introduction so that the provider may see your company" in company_page
    assert parties["provider"].email not in company_page  # nothing before the introduction
    client.force_login(parties["provider"])
    assert client.get(reverse("match_detail", args=[match.pk])).status_code == 404
    assert client.get(reverse("match_first_call", args=[match.pk])).status_code == 404

    brokering.match_consent(match=match, by=parties["company"])
    brokering.match_transition(match=match, by=parties["coordinator"], action="introduce")
    provider_page = _page(client, parties["provider"], match)
    assert parties["company"].email in provider_page
    assert need.organisation.name in provider_page


def test_a_stranger_gets_no_call_proposal(client, parties):
    match = _introduced(parties)
    client.force_login(factories.UserFactory.create())
    assert client.get(reverse("match_first_call", args=[match.pk])).status_code == 404


def test_the_first_call_proposal_is_an_icalendar_file_for_both_sides(client, parties):
    _name_contacts(parties)
    match = _introduced(parties)
    client.force_login(parties["company"])
    response = client.get(reverse("match_first_call", args=[match.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    unfolded = text.replace("\r\n ", "")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert f"UID:match-{match.pk}-first-call@" in unfolded and "DTSTAMP:" in unfolded
    assert f"mailto:{parties['provider'].email}" in unfolded
    assert (
        f'ORGANIZER;CN="{parties["company"].full_name}":mailto:{parties["company"].email}'
        in unfolded
    )


def test_the_introduction_email_carries_contacts_reasons_note_and_next_step(
    parties, django_capture_on_commit_callbacks
):
    _name_contacts(parties)
    parties["company"].language = "fi"
    parties["company"].save(update_fields=["language"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _introduced(parties)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    to_company = by_recipient[parties["company"].email].body
    assert parties["provider"].email in to_company and "+358 50 333 4444" in to_company
    assert "Mitä seuraavaksi" in to_company and "Ehdotettu seuraava askel" in to_company
    assert "Both work on cold-climate welding." in to_company
    assert "Miksi teidät yhdistettiin" in to_company
    to_provider = by_recipient[parties["provider"].email].body
    assert parties["company"].email in to_provider and "What happens next" in to_provider
    assert "Contact the company" in to_provider


def test_the_introduction_email_to_the_provider_never_names_an_unconsented_company(
    parties, django_capture_on_commit_callbacks
):
    # The rule refuses the introduction before consent; the e-mail is built defensively too.
    from matchmaking.brokering.notify import notify_introduction

    _name_contacts(parties)
    need = parties["need"]
    need.visibility = NeedVisibility.ANONYMOUS
    need.save(update_fields=["visibility"])
    match = brokering.match_create(
        need=need, service=parties["service"], by=parties["coordinator"], origin="coordinator"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify_introduction(match)
    to_provider = next(m for m in mail.outbox if m.to == [parties["provider"].email])
    assert parties["company"].email not in to_provider.body
    assert need.organisation.name not in f"{to_provider.body} {to_provider.subject}"


def test_answers_and_follow_ups_are_worded_in_the_readers_language(client, parties):
    match = _introduced(parties)
    brokering.match_answer(
        match=match, by=parties["company"], answer="interested", text="Sounds good"
    )
    brokering.match_answer(match=match, by=parties["provider"], answer="interested")
    brokering.match_transition(match=match, by=parties["coordinator"], action="discuss")
    brokering.match_transition(
        match=match, by=parties["coordinator"], action="agree", outcome_type="rd_service_purchase"
    )
    finnish = _page(client, parties["coordinator"], match, language="fi")
    assert "Yritys vastasi: Kiinnostunut. Sounds good" in finnish
    assert "Palveluntarjoaja vastasi: Kiinnostunut" in finnish
    assert "Seuranta 3 kuukautta sopimuksen jälkeen" in finnish
    assert "company: interested" not in finnish
    english = _page(client, parties["coordinator"], match, language="en")
    assert "The company answered: Interested" in english
    assert "Follow-up 3 months after the agreement" in english


def test_the_company_is_told_when_a_provider_is_shortlisted_and_what_to_do(
    parties, django_capture_on_commit_callbacks
):
    need = parties["need"]
    need.visibility = NeedVisibility.ANONYMOUS
    need.save(update_fields=["visibility"])
    parties["company"].language = "fi"
    parties["company"].save(update_fields=["language"])
    match = brokering.match_create(
        need=need, service=parties["service"], by=parties["coordinator"], origin="coordinator"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        brokering.match_transition(match=match, by=parties["coordinator"], action="shortlist")
    recipients = [message.to[0] for message in mail.outbox]
    assert parties["provider"].email not in recipients
    (to_company,) = [m for m in mail.outbox if m.to == [parties["company"].email]]
    assert parties["service"].provider.name in to_company.subject
    assert "Hyväksykää esittely" in to_company.body
    assert "Koordinaattori ehdottaa" in to_company.subject


def test_a_partys_home_lists_its_open_matches_with_what_happens_next(client, parties):
    match = _introduced(parties)
    closed = brokering.match_create(
        need=factories.NeedFactory.create(organisation=parties["need"].organisation),
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    brokering.match_transition(
        match=closed, by=parties["coordinator"], action="dismiss", reason="cost"
    )
    client.force_login(parties["provider"])
    home = client.get(reverse("home")).content.decode()
    assert reverse("match_detail", args=[match.pk]) in home
    assert "Contact the company&#x27;s contact person" in home
    client.force_login(parties["company"])
    home = client.get(reverse("home")).content.decode()
    assert "Contact the provider&#x27;s contact person" in home
    # The company sees its dismissed match on its page, but it is not waiting for anyone.
    assert client.get(reverse("match_detail", args=[closed.pk])).status_code == 200
    assert reverse("match_detail", args=[closed.pk]) not in home
    client.force_login(factories.MembershipFactory.create().user)
    assert "what happens next" not in client.get(reverse("home")).content.decode()
