"""`make demo` loads a living pipeline: every stage in both coordinated regions, with
timelines, answers, decline reasons and agreements with follow-ups, so the board, the
funnel and "my matches" are full on first look."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from demo import pipeline
from matchmaking.models import FollowUpTask, Match, MatchEvent, MatchStage
from notifications.models import Notification, OutboundEmail
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_demo_has_matches_in_every_stage_in_both_regions_and_full_pages(client, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Brokering pipeline: 21 matches made now." in out.getvalue()

    stages = set(Match.objects.values_list("need__region__code", "stage"))
    for region in ("19", "07"):
        for stage in MatchStage.values:
            assert (region, stage) in stages, (region, stage)
    assert MatchEvent.objects.filter(kind="answer").exists()
    # The demo's history fills the notification centres but e-mails nobody.
    assert Notification.objects.filter(recipient__email="company@tki-demo.example").exists()
    assert not OutboundEmail.objects.exists()
    assert MatchEvent.objects.filter(kind="meeting").exists()
    assert Match.objects.filter(stage="no_deal").exclude(reason="").count() >= 2
    agreements = Match.objects.filter(stage="agreement")
    assert FollowUpTask.objects.filter(match__in=agreements).count() == 3 * agreements.count()
    # Dated back: the matches did not all happen just now, and not on one day.
    assert len({m.created_at.date() for m in Match.objects.all()}) > 5
    # Contacts are named, with a title and a phone, for the introduced parties to see.
    company = User.objects.get(email="company@tki-demo.example")
    assert company.phone and company.memberships.filter(is_contact_person=True).exists()

    coordinator = factories.with_totp(User.objects.get(email="coordinator@tki-demo.example"))
    client.force_login(coordinator)
    board = client.get(reverse("brokering_board")).content.decode()
    assert board.count(reverse("match_detail", args=[0]).replace("0/", "")) >= 14
    funnel = client.get(reverse("brokering_board"), {"format": "csv"}).content.decode()
    # The funnel row of agreements is worded in the coordinator's language and counts the
    # pipeline's two agreements at least (the situational picture's history may add more).
    agreement_rows = [
        line.split(",")
        for line in funnel.splitlines()
        if line.split(",")[0] in {"Agreement", "Sopimus"}
    ]
    assert agreement_rows and int(agreement_rows[0][1]) >= 2
    client.force_login(company)
    mine = client.get(reverse("my_matches")).content.decode()
    assert reverse("match_detail", args=[0]).replace("0/", "") in mine

    assert pipeline.load_pipeline(coordinators={"19": (coordinator, 2)}) == 0
