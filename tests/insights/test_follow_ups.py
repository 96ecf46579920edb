"""Rating introductions and answering impact forms (logged in, or by a signed link)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from insights import actions
from insights.models import ImpactFollowUp, IntroductionRating
from matchmaking.models import Match, MatchOrigin, MatchStage
from notifications.models import Notification, OutboundEmail, Preference
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(picture):
    return {
        key: factories.MembershipFactory.create(organisation=picture.orgs[key]).user
        for key in ("c1", "p1", "c3", "c2")
    }


def test_both_parties_of_each_introduced_match_are_asked_once(picture, members):
    IntroductionRating.objects.all().delete()
    assert actions.ratings_ask() == 4  # m1 and m3, two parties each; m2 was never introduced
    assert actions.ratings_ask() == 0
    asked = Notification.objects.filter(key__contains=":rating:")
    assert {n.recipient for n in asked} == {members["c1"], members["p1"], members["c3"]}
    assert {n.event for n in asked} == {"rating_request"}
    assert IntroductionRating.objects.filter(score__isnull=True).count() == 4


def test_rating_requests_follow_their_own_preference_not_the_introduction_s(picture, members):
    IntroductionRating.objects.all().delete()
    Preference.objects.create(user=members["c1"], event="rating_request", delivery="off")
    Preference.objects.create(user=members["p1"], event="introduction", delivery="off")
    actions.ratings_ask()
    mailed = set(
        OutboundEmail.objects.filter(subject__icontains="useful").values_list("to", flat=True)
    )
    assert members["c1"].email not in mailed
    assert members["p1"].email in mailed


def test_a_party_rates_and_a_stranger_cannot(client, picture, members):
    IntroductionRating.objects.all().delete()
    actions.ratings_ask()
    rating = IntroductionRating.objects.get(match=picture.matches["m1"], party="company")
    client.force_login(members["c1"])
    response = client.post(
        reverse("insights_rate", args=[rating.pk]), {"score": "5", "comment": "Good lead"}
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.score, rating.comment, rating.rated_by) == (5, "Good lead", members["c1"])
    # The provider's member is not the company: the company's question is not theirs.
    client.force_login(members["p1"])
    assert client.get(reverse("insights_rate", args=[rating.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.rating_submit(rating=rating, by=members["p1"], score=1)


def test_a_score_outside_one_to_five_is_a_form_error(client, picture, members):
    rating = IntroductionRating.objects.create(match=picture.matches["m3"], party="company")
    client.force_login(members["c3"])
    response = client.post(reverse("insights_rate", args=[rating.pk]), {"score": "9"})
    assert response.status_code == 200
    rating.refresh_from_db()
    assert rating.score is None
    with pytest.raises(ValidationError):
        actions.rating_submit(rating=rating, by=members["c3"], score="0")


def test_ratings_api_lists_own_questions_and_takes_an_answer(api_client, picture, members):
    rating = IntroductionRating.objects.create(match=picture.matches["m3"], party="company")
    api_client.force_authenticate(members["c3"])
    listed = api_client.get("/api/v1/introduction-ratings/").json()
    assert [r["id"] for r in listed["results"]] == [rating.pk]
    bad = api_client.patch(f"/api/v1/introduction-ratings/{rating.pk}/", {"score": 6})
    assert bad.status_code == 400 and "score" in bad.json()
    good = api_client.patch(
        f"/api/v1/introduction-ratings/{rating.pk}/", {"score": 3, "comment": "ok"}
    )
    assert good.status_code == 200 and good.json()["score"] == 3
    api_client.force_authenticate(members["c1"])
    assert api_client.get(f"/api/v1/introduction-ratings/{rating.pk}/").status_code == 404


def _agreement(picture, agreed_on: date) -> Match:
    match = Match.objects.create(
        need=picture.needs["n2"],
        service=picture.services["s1"],
        origin=MatchOrigin.COORDINATOR,
        stage=MatchStage.AGREEMENT,
    )
    Match.objects.filter(pk=match.pk).update(
        stage_changed_at=datetime(agreed_on.year, agreed_on.month, agreed_on.day, 10, tzinfo=UTC)
    )
    return match


def test_impact_forms_are_scheduled_3_6_and_12_months_on_and_asked_when_due(picture, members):
    match = _agreement(picture, date(2026, 1, 31))
    assert actions.impact_follow_ups_schedule(today=date(2026, 4, 1)) == 0
    forms = ImpactFollowUp.objects.filter(match=match).order_by("months")
    assert [(f.months, f.due_date) for f in forms] == [
        (3, date(2026, 4, 28)),
        (6, date(2026, 7, 28)),
        (12, date(2027, 1, 28)),
    ]
    # m1's own forms (conftest) are older and unanswered at 12 months: not yet due.
    assert actions.impact_follow_ups_schedule(today=date(2026, 4, 28)) == 1
    assert actions.impact_follow_ups_schedule(today=date(2026, 4, 28)) == 0
    note = Notification.objects.get(key__contains=f":impact:{forms[0].pk}")
    assert note.recipient == members["c1"]
    assert note.event == "impact_form_due"
    assert note.url.startswith("/insights/impact/answer/")


def test_the_signed_link_answers_without_login(client, picture):
    follow_up = ImpactFollowUp.objects.get(match=picture.matches["m1"], months=12)
    url = reverse("insights_impact_link", args=[actions.impact_token(follow_up)])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "project_started": "on",
            "funding_applied": "on",
            "funding_granted": "on",
            "funding_instrument": "Business Finland",
            "funding_amount_eur": "40000",
            "private_investment_eur": "60000",
            "jobs_created": "2",
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.answered_at is not None and follow_up.answered_by is None
    assert (follow_up.private_investment_eur, follow_up.jobs_created) == (60_000, 2)
    from insights import indicators

    # The 12-month answer is now the latest: RCR02 follows it.
    assert {f["code"]: f["value"] for f in indicators.indicator_figures()}["RCR02"] == 60_000


def test_inconsistent_funding_answers_are_form_errors(client, picture):
    follow_up = ImpactFollowUp.objects.get(match=picture.matches["m1"], months=12)
    url = reverse("insights_impact_link", args=[actions.impact_token(follow_up)])
    response = client.post(url, {"funding_granted": "on", "private_investment_eur": "-5"})
    assert response.status_code == 200
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


def test_a_forged_or_expired_link_is_refused(client, picture, settings):
    follow_up = ImpactFollowUp.objects.get(match=picture.matches["m1"], months=12)
    forged = signing.dumps({"f": follow_up.pk}, salt="something else")
    assert client.get(reverse("insights_impact_link", args=[forged])).status_code == 404
    token = actions.impact_token(follow_up)
    settings.INSIGHTS_IMPACT_LINK_DAYS = 0
    import time

    time.sleep(1.1)
    assert client.get(reverse("insights_impact_link", args=[token])).status_code == 410


def test_logged_in_members_and_coordinators_answer_others_do_not(client, picture, members):
    follow_up = ImpactFollowUp.objects.get(match=picture.matches["m1"], months=12)
    url = reverse("insights_impact", args=[follow_up.pk])
    client.force_login(members["c1"])
    assert client.get(url).status_code == 200
    client.force_login(members["c2"])
    assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.impact_answer(follow_up=follow_up, by=members["c2"], data={})
    assert timedelta(days=actions.impact_link_days()).days == 60
