"""Demand, supply, gaps and the cluster scorecard, from the known region of conftest.py."""

from __future__ import annotations

from datetime import date

import pytest

from insights import selectors
from insights.selectors import Filters
from tests import factories

from .conftest import NOW

pytestmark = pytest.mark.django_db


def _counts(rows):
    return {row["label"]: (row["count"], row["orgs"]) for row in rows}


def test_demand_by_region_counts_published_needs_and_their_companies(picture):
    assert _counts(selectors.demand_by("region")) == {"Lapland": (4, 3), "Päijät-Häme": (1, 1)}


def test_demand_by_priority_area_counts_a_need_once_per_area(picture):
    rows = {row["key"]: row["count"] for row in selectors.demand_by("priority_area")}
    areas = picture.areas
    assert rows == {areas["A"].pk: 3, areas["T"].pk: 2, areas["D"].pk: 1}


def test_demand_by_size_kind_category_language_and_trl(picture):
    assert {r["key"]: r["count"] for r in selectors.demand_by("size")} == {
        "micro": 2,
        "small": 1,
        "medium": 1,
        "large": 1,
    }
    assert {r["key"]: r["count"] for r in selectors.demand_by("kind")} == {"company": 5}
    assert {r["label"]: r["count"] for r in selectors.demand_by("category")} == {
        "Testing and measurement": 3,
        "Research and studies": 2,
    }
    assert {r["key"]: r["count"] for r in selectors.demand_by("language")} == {"fi": 3, "en": 2}
    assert {r["key"]: r["count"] for r in selectors.demand_by("trl")} == {4: 1, None: 4}


def test_filters_combine(picture):
    lapland = factories.region("19").pk
    testing = picture.needs["n1"].category_id
    assert selectors.published_needs(Filters(region=lapland, category=testing)).count() == 3
    assert (
        selectors.published_needs(Filters(region=lapland, category=testing, language="fi")).count()
        == 2
    )
    assert (
        selectors.published_needs(
            Filters(priority_area=picture.areas["A"].pk, size="micro")
        ).count()
        == 2
    )
    assert (
        selectors.published_needs(Filters(start=date(2026, 2, 1), end=date(2026, 3, 1))).count()
        == 2
    )


def test_supply_by_language_region_and_type(picture):
    assert {r["key"]: r["count"] for r in selectors.supply_by("language")} == {"fi": 1, "en": 2}
    assert _counts(selectors.supply_by("region")) == {"Lapland": (1, 1), "Päijät-Häme": (1, 1)}
    assert {r["label"]: r["count"] for r in selectors.supply_by("service_type")} == {
        "Testing and analysis": 1,
        "Contract research": 1,
    }
    assert (
        selectors.published_services(
            Filters(language="fi", region=factories.region("07").pk)
        ).count()
        == 0
    )


def test_trend_per_month_quarter_and_year(picture):
    assert [(r["period"], r["count"]) for r in selectors.trend("needs", "month")] == [
        ("2026-01", 2),
        ("2026-02", 2),
        ("2026-03", 1),
    ]
    assert [(r["period"], r["count"]) for r in selectors.trend("needs", "quarter")] == [
        ("2026 Q1", 5)
    ]
    assert [(r["period"], r["count"]) for r in selectors.trend("services", "year")] == [("2026", 2)]


def test_gaps(picture):
    assert selectors.gap_counts(now=NOW) == {
        # n3 (0.1 < 0.4) and n4 (no proposal); n2's 0.5 clears Lapland's 0.4.
        "without_strong_proposal": 2,
        # n1 and n4 were introduced within 30 days.
        "without_introduction": 3,
        "closed_without_outcome": 1,
        # n4: its only match ended without a deal.
        "unmet": 1,
    }
    assert set(selectors.unmet_needs()) == {picture.needs["n4"]}


def test_the_lowest_threshold_of_the_reaching_clusters_applies(picture):
    # A second cluster reaching Lapland with a threshold under 0.1 makes n3's proposal strong.
    factories.ClusterFactory.create(region=factories.region("19"), proposal_threshold=0.05)
    assert set(selectors.needs_without_strong_proposal()) == {picture.needs["n4"]}


def test_supply_gap_cells(picture):
    cells = {
        (c["priority_area"], c["region"]): (
            c["needs"],
            c["services_in_region"],
            c["remote_services"],
            c["outnumbered"],
            c["remote_only"],
        )
        for c in selectors.supply_gap_cells()
    }
    a, t, d = (picture.areas[k].pk for k in "ATD")
    lap, ph = factories.region("19").pk, factories.region("07").pk
    assert cells == {
        (a, lap): (3, 1, 0, True, False),
        (t, lap): (2, 0, 0, True, False),
        (d, ph): (1, 0, 1, False, True),
    }


def test_heat_map_levels_are_proportional_to_the_largest_cell(picture):
    heat = selectors.heat_map()
    assert heat["peak"] == 3
    assert heat["columns"] == ["Lapland", "Päijät-Häme"]
    levels = {
        row["label"]: [(c["count"], c["level"]) for c in row["cells"]] for row in heat["rows"]
    }
    names = {key: area.name for key, area in picture.areas.items()}
    assert levels == {
        names["A"]: [(3, 5), (0, 0)],
        names["D"]: [(0, 0), (1, 2)],
        names["T"]: [(2, 4), (0, 0)],
    }


def test_recurring_words_come_from_unmet_needs_only(picture):
    picture.needs["n4"].description = "Salmon smoking line. Salmon quality."
    picture.needs["n4"].language = "en"
    picture.needs["n4"].save()
    other = factories.NeedFactory.create(
        organisation=picture.orgs["c3"], description="Salmon packaging for export.", language="en"
    )
    other.priority_areas.set([picture.areas["D"]])
    words = {w["word"]: w["count"] for w in selectors.recurring_words()}
    # Two unmet needs mention salmon; the need with a live match (n3) is not read.
    assert words.get("salmon") == 2
    assert all(count >= 2 for count in words.values())


def test_unanswered_needs_for_a_provider_are_in_its_areas(picture):
    from companies.models import DevelopmentNeed

    everything = DevelopmentNeed.objects.all()
    # p2's area is D: n4's match ended without a deal, so n4 is unanswered.
    assert set(selectors.unanswered_needs_for_provider(picture.orgs["p2"], everything)) == {
        picture.needs["n4"]
    }
    # p1's area A: n2 has a strong proposal, n1 a live match, n5 is closed.
    assert not selectors.unanswered_needs_for_provider(picture.orgs["p1"], everything).exists()


def test_cluster_scorecard(picture):
    card = selectors.cluster_scorecard(picture.clusters["K"], date(2026, 1, 1), date(2026, 4, 1))
    assert card["companies_engaged"] == 3
    assert card["needs_received"] == 4
    assert card["answered_within_10_working_days"] == 1
    assert card["answered_share"] == 0.25
    assert card["median_days_to_introduction"] == 5.0
    assert card["matches"] == 2
    assert card["agreements"] == 1
    assert card["conversion"] == 0.5
    assert card["outcomes"]["Joint R&D project"] == 1
    assert sum(card["outcomes"].values()) == 1
    assert (card["business_driven"], card["provider_driven"]) == (1, 1)
    assert card["business_driven_share"] == 0.5
    assert (card["rating_average"], card["rating_count"]) == (3.0, 2)


def test_scorecard_of_another_period_and_cluster(picture):
    card = selectors.cluster_scorecard(picture.clusters["P"], date(2026, 2, 1), date(2026, 3, 1))
    assert card["needs_received"] == 1
    assert card["answered_within_10_working_days"] == 1
    assert card["median_days_to_introduction"] == 10.0
    assert card["matches"] == 1
    assert card["conversion"] == 0.0
    assert card["rating_count"] == 0


def test_months_back():
    assert selectors.months_back(date(2026, 3, 15), 12) == (date(2025, 4, 1), date(2026, 4, 1))
    assert selectors.months_back(date(2026, 12, 1), 1) == (date(2026, 12, 1), date(2027, 1, 1))


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2026, 1, 1), date(2026, 4, 1)), (date(2026, 2, 1), date(2026, 3, 1))],
)
def test_all_scorecards_at_once_agree_with_each_cluster_s_own(picture, start, end):
    # A need reaching K both ways (region and area) must count once.
    picture.clusters["K"].priority_areas.set([picture.areas["A"]])
    together = {card["cluster_id"]: card for card in selectors.scorecards(start, end)}
    for cluster in picture.clusters.values():
        assert together[cluster.pk] == selectors.cluster_scorecard(cluster, start, end)
    assert together[picture.clusters["K"].pk]["needs_received"] == (4 if start.month == 1 else 1)
