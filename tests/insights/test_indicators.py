"""ERDF common indicators from the known region of conftest.py, with the records they count."""

from __future__ import annotations

from datetime import date

import pytest

from insights import indicators

pytestmark = pytest.mark.django_db


def _figures(start=None, end=None):
    return {f["code"]: f["value"] for f in indicators.indicator_figures(start, end)}


def test_every_indicator_over_all_time(picture):
    assert _figures() == {
        # c1 (m1) and c3 (m3) were introduced; c2's match never was.
        "RCO01": 2,
        "RCO04": 2,
        # p1 in the joint R&D agreement m1; m3 ended without a deal.
        "RCO07": 1,
        "RCO10": 1,
        # The latest answered form (6 months) holds the cumulative figure, not 10 000 + 25 000.
        "RCR02": 25_000,
        "RCR03": 1,
        "RCR04": 1,
    }


def test_rco01_by_size_class(picture):
    assert indicators.by_size() == {"micro": 1, "small": 0, "medium": 1, "large": 0, "": 0}


def test_a_period_counts_what_happened_in_it(picture):
    # February: m3's introduction (25 Feb) and m1's agreement (19 Feb); m1's introduction was in
    # January.
    assert _figures(date(2026, 2, 1), date(2026, 3, 1)) == {
        "RCO01": 1,
        "RCO04": 1,
        "RCO07": 1,
        "RCO10": 1,
        "RCR02": 25_000,
        "RCR03": 1,
        "RCR04": 1,
    }
    assert _figures(date(2026, 3, 1), date(2026, 4, 1)) == dict.fromkeys(
        ("RCO01", "RCO04", "RCO07", "RCO10", "RCR02", "RCR03", "RCR04"), 0
    )


def test_records_are_what_the_figures_count(picture):
    assert set(indicators.records("RCO01")) == {picture.orgs["c1"], picture.orgs["c3"]}
    assert set(indicators.records("RCO07")) == {picture.orgs["p1"]}
    assert [f.months for f in indicators.records("RCR02")] == [6]


def test_a_large_company_is_no_sme_in_the_innovation_results(picture):
    picture.orgs["c1"].sme_size = "large"
    picture.orgs["c1"].save()
    assert _figures()["RCR03"] == 0
    assert _figures()["RCO01"] == 2
