"""Notifications: one in-app item and one e-mail per event, preferences, unsubscribe."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from matchmaking.brokering import actions as brokering
from notifications.models import Notification, OutboundEmail, Preference
from notifications.notify import notify, unsubscribe_token
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def introduced(db, coordinator, django_capture_on_commit_callbacks):
    company = factories.MembershipFactory.create(user=factories.UserFactory.create(language="fi"))
    provider = factories.MembershipFactory.create(
        organisation=factories.ProviderFactory.create(),
        user=factories.UserFactory.create(language="en"),
    )
    need = factories.NeedFactory.create(organisation=company.organisation, title="Kylmätestaus")
    service = factories.ServiceFactory.create(provider=provider.organisation)
    match = brokering.match_create(need=need, service=service, by=coordinator, origin="coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        match = brokering.match_transition(match=match, by=coordinator, action="introduce")
    return {
        "match": match,
        "company": company.user,
        "provider": provider.user,
        "coordinator": coordinator,
    }


def test_an_introduction_gives_each_party_one_item_and_one_email(introduced):
    for party in ("company", "provider"):
        items = Notification.objects.filter(recipient=introduced[party], event="introduction")
        assert items.count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [introduced["company"].email, introduced["provider"].email]
    )
    assert OutboundEmail.objects.filter(status="sent").count() == 2


def test_emails_are_written_in_the_recipients_language(introduced):
    by_recipient = {m.to[0]: m for m in mail.outbox}
    finnish = by_recipient[introduced["company"].email]
    english = by_recipient[introduced["provider"].email]
    assert "Hei " in finnish.body and "Sinut on esitelty" in finnish.subject
    assert "Hello" in english.body
    html = getattr(english, "alternatives", [])
    assert html and "<a href=" in str(html[0][0])


def test_repeating_an_event_sends_nothing_twice(introduced, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[introduced["provider"]],
            event="introduction",
            object_key=f"match:{introduced['match'].pk}",
            title="Again",
        )
    assert Notification.objects.filter(recipient=introduced["provider"]).count() == 1
    assert len(mail.outbox) == 2


def test_preferences_turn_emails_off_but_keep_the_in_app_item(
    introduced, django_capture_on_commit_callbacks
):
    user = introduced["coordinator"]
    Preference.objects.create(user=user, event="party_answer", delivery="off")
    with django_capture_on_commit_callbacks(execute=True):
        brokering.match_answer(
            match=introduced["match"], by=introduced["company"], answer="interested"
        )
    assert Notification.objects.filter(recipient=user, event="party_answer").count() == 1
    assert user.email not in [m.to[0] for m in mail.outbox]


def test_unsubscribe_works_without_login_and_cannot_be_forged(client, introduced):
    provider = introduced["provider"]
    link = re.search(
        r"http://127\.0\.0\.1:8000(/notifications/unsubscribe/\S+/)",
        next(str(m.body) for m in mail.outbox if m.to == [provider.email]),
    )
    assert link
    assert client.get(link.group(1)).status_code == 200
    client.post(link.group(1))
    assert Preference.objects.get(user=provider, event="introduction").delivery == "off"
    forged = unsubscribe_token(provider.pk, "introduction")[:-2] + "xx"
    response = client.post(reverse("notification_unsubscribe", args=[forged]))
    assert response.status_code == 400


def test_interest_reaches_the_coordinators(
    coordinator, provider_member, django_capture_on_commit_callbacks
):
    need = factories.NeedFactory.create()
    service = factories.ServiceFactory.create(provider=provider_member.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        brokering.match_create(
            need=need,
            service=service,
            by=provider_member.user,
            origin="provider_interest",
            note="We can help",
        )
    item = Notification.objects.get(recipient=coordinator, event="interest")
    assert "We can help" in item.body


def test_centre_shows_unread_count_and_marks_read(client, introduced):
    client.force_login(introduced["provider"])
    page = client.get(reverse("notification_centre"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You are introduced to" in page and 'class="badge"' in page
    client.post(reverse("notification_centre"))
    assert not Notification.objects.filter(
        recipient=introduced["provider"], read_at__isnull=True
    ).exists()


def test_preferences_page_saves_choices(client, company_member):
    client.force_login(company_member.user)
    assert client.get(reverse("notification_preferences")).status_code == 200
    data = {
        event: "weekly"
        for event in (
            "new_proposal",
            "introduction",
            "party_answer",
            "interest",
            "follow_up_due",
            "need_stalled",
            "need_expiring",
            "weekly_digest",
            "funding_call_closing",
            "rating_request",
            "impact_form_due",
        )
    }
    client.post(reverse("notification_preferences"), data)
    assert Preference.objects.filter(user=company_member.user, delivery="weekly").count() == 11


def test_reminders_for_stalled_and_expiring_needs_are_sent_once_per_period(
    company_member, settings
):
    from datetime import timedelta

    from django.utils import timezone

    from companies.reminders import send_need_reminders
    from core.dates import iso_week

    old = timezone.now() - timedelta(days=settings.NEED_STALLED_DAYS + 1)
    stalled = factories.NeedFactory.create(
        organisation=company_member.organisation, published_at=old
    )
    expiring = factories.NeedFactory.create(
        organisation=company_member.organisation, deadline=timezone.localdate() + timedelta(days=3)
    )
    assert send_need_reminders() >= 2
    assert send_need_reminders() == 0  # the same week and the same deadline: nothing new
    events = set(
        Notification.objects.filter(recipient=company_member.user).values_list("event", "url")
    )
    assert ("need_stalled", stalled.get_absolute_url()) in events
    assert ("need_expiring", expiring.get_absolute_url()) in events
    # The keys of the release before the move: a deploy on a reminder day sends nothing twice.
    user_id = company_member.user.pk
    keys = set(
        Notification.objects.filter(recipient=company_member.user).values_list("key", flat=True)
    )
    assert f"{user_id}:need_stalled:need:{stalled.pk}:{iso_week(timezone.localdate())}" in keys
    assert f"{user_id}:need_expiring:need:{expiring.pk}:{expiring.deadline}" in keys


def test_follow_up_due_reminds_the_assignee(coordinator):
    from django.utils import timezone

    from matchmaking.brokering.reminders import send_follow_up_reminders
    from matchmaking.models import FollowUpTask, Match

    match = Match.objects.create(
        need=factories.NeedFactory.create(),
        service=factories.ServiceFactory.create(),
        origin="coordinator",
    )
    task = FollowUpTask.objects.create(
        match=match, title="Ask how it went", due_date=timezone.localdate(), assignee=coordinator
    )
    assert send_follow_up_reminders() == 1
    assert send_follow_up_reminders() == 0
    reminder = Notification.objects.get(recipient=coordinator)
    assert reminder.event == "follow_up_due"
    assert reminder.key == f"{coordinator.pk}:follow_up_due:task:{task.pk}:"


def test_weekly_digest_runs_twice_and_sends_one(
    provider_member, django_capture_on_commit_callbacks
):
    from core.dates import iso_week
    from search.digest import send_weekly_digest
    from search.models import SavedSearch

    factories.ServiceFactory.create(provider=provider_member.organisation)
    from django.utils import timezone

    factories.NeedFactory.create(title="Uusi testaustarve", published_at=timezone.now())
    SavedSearch.objects.create(user=provider_member.user, name="Testaus", query_string="q=fatigue")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digest() == 1
        assert send_weekly_digest() == 0
    digest = Notification.objects.get(recipient=provider_member.user, event="weekly_digest")
    assert "Uusi testaustarve" in digest.body and "Testaus:" in digest.body
    user_id = provider_member.user.pk
    assert digest.key == f"{user_id}:weekly_digest:digest:{iso_week(timezone.localdate())}"
    assert len(mail.outbox) == 1


def test_new_proposals_above_the_cluster_threshold_reach_its_coordinators(
    coordinator, settings, tmp_path
):
    from matchmaking.matching import proposals as matching
    from taxonomy.models import Cluster

    settings.MATCHING_MODEL_DIR = tmp_path
    matching.forget_cached_engine()
    Cluster.objects.filter(coordinators=coordinator).update(proposal_threshold=0.05)
    factories.ServiceFactory.create(
        title="Fatigue testing of welded joints", description="Fatigue testing of welded joints."
    )
    need = factories.NeedFactory.create(
        title="Welded joints crack", description="Fatigue testing of welded joints."
    )
    matching.engine_refit(rematch=False)
    matching.proposals_refresh_for_need(need_id=need.pk)
    matching.proposals_refresh_for_need(need_id=need.pk)
    items = Notification.objects.filter(recipient=coordinator, event="new_proposal")
    assert items.count() == 1 and need.title in items.get().title
    Cluster.objects.filter(coordinators=coordinator).update(proposal_threshold=1.0)
    other = factories.NeedFactory.create(
        title="Welded frames", description="Fatigue testing of welded frames."
    )
    matching.proposals_refresh_for_need(need_id=other.pk)
    assert items.count() == 1
    matching.forget_cached_engine()


def test_daily_preference_gathers_items_into_one_email_per_day(
    company_member, django_capture_on_commit_callbacks
):
    from notifications.digests import send_preference_digests

    user = company_member.user
    Preference.objects.create(user=user, event="need_stalled", delivery="daily")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            notify(
                recipients=[user],
                event="need_stalled",
                object_key=f"need:{number}",
                title=f"Reminder {number}",
            )
        assert mail.outbox == []  # not immediately
        assert send_preference_digests(delivery="daily") == 1
        assert send_preference_digests(delivery="daily") == 1  # same key: the outbox dedups
    assert len(mail.outbox) == 1
    assert all(f"Reminder {n}" in mail.outbox[0].body for n in range(3))
    assert "/notifications/unsubscribe/" in mail.outbox[0].body
    # The outbox key of the release before the move: a rerun after the deploy dedups too.
    from django.utils import timezone

    from notifications.models import OutboundEmail

    assert OutboundEmail.objects.get().idempotency_key == (
        f"digest:daily:{user.pk}:{timezone.localdate()}"
    )
