"""The demo's history makes every chart of the situational picture meaningful."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from insights import indicators, selectors
from insights.models import ImpactFollowUp, IntroductionRating
from matchmaking.models import Match, MatchOrigin

pytestmark = pytest.mark.django_db


def test_every_chart_has_data_after_loading_the_demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    trend = selectors.trend("needs", "month")
    assert len(trend) >= 12  # a line, not a point
    heat = selectors.heat_map()
    assert len(heat["columns"]) >= 2 and len(heat["rows"]) >= 3
    assert len(selectors.stacked("priority_area", "size")["series"]) >= 3
    gaps = selectors.gap_counts()
    assert all(value > 0 for value in gaps.values()), gaps
    start, end = selectors.months_back(today, 18)
    cards = [c for c in selectors.scorecards(start, end) if c["matches"]]
    assert cards and any(c["agreements"] for c in cards)
    assert any(c["rating_count"] for c in cards)
    assert any(c["median_days_to_introduction"] for c in cards)
    figures = {f["code"]: f["value"] for f in indicators.indicator_figures()}
    assert figures["RCO01"] > 0 and figures["RCR02"] > 0 and figures["RCO10"] > 0
    assert sum(indicators.by_size().values()) == figures["RCO01"]
    assert {m.origin for m in Match.objects.all()} >= {
        MatchOrigin.ENGINE,
        MatchOrigin.PROVIDER_INTEREST,
    }
    assert IntroductionRating.objects.filter(score__isnull=False).exists()
    assert ImpactFollowUp.objects.filter(answered_at__isnull=False).exists()

    # Loading again adds no history twice.
    ratings, forms = IntroductionRating.objects.count(), ImpactFollowUp.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert (IntroductionRating.objects.count(), ImpactFollowUp.objects.count()) == (ratings, forms)
