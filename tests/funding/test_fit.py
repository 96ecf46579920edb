"""The fit, case by case: each dimension in range, out of range and with data missing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.utils import translation

from funding.fit import InstrumentFacts, Subject, Verdict, fit, fit_all

TODAY = date(2027, 1, 10)

INSTRUMENT = InstrumentFacts(
    pk=1,
    name="R&D grant",
    funder="Funder",
    eligible_kinds=frozenset({"company"}),
    eligible_sizes=frozenset({"micro", "small", "medium"}),
    trl_min=3,
    trl_max=6,
    region_scope="listed",
    region_ids=frozenset({19}),
    project_min_eur=50_000,
    project_max_eur=500_000,
    research_partner_required=True,
    international_partners_required=False,
    deadlines=(date(2027, 3, 15),),
)

SUBJECT = Subject(
    org_kind="company",
    org_kind_label="Company",
    sme_size="small",
    region_id=19,
    region_name="Lapland",
    area_names={7: "Arctic testing"},
    trl=4,
    budget_low=80_000,
    budget_high=80_000,
    budget_known=True,
    research_partner=True,
    research_partner_name="Tunturi UAS",
    is_match=True,
)


def reason(result, dimension):
    [found] = [r for r in result.reasons if r.dimension == dimension]
    return found


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_everything_in_range_fits_with_a_reason_for_each_dimension():
    result = fit(INSTRUMENT, SUBJECT, today=TODAY)
    assert result.verdict == Verdict.FITS
    texts = [r.text for r in result.reasons]
    assert "TRL 4 is within 3–6" in texts
    assert "80,000–500,000" not in " ".join(texts)  # one amount, not a range
    assert "needs a research partner: this match brings one (Tunturi UAS)" in texts
    assert "closes 15 Mar" in texts
    assert "open in Lapland" in texts


def test_amounts_and_dates_are_formatted_for_finnish_readers():
    with translation.override("fi"):
        result = fit(INSTRUMENT, SUBJECT, today=TODAY)
    texts = [r.text for r in result.reasons]
    assert "80\xa0000 € on välillä 50\xa0000–500\xa0000 €" in texts
    assert "sulkeutuu 15.3." in texts


@pytest.mark.parametrize(
    ("trl", "verdict", "text"),
    [
        (3, Verdict.FITS, "TRL 3 is within 3–6"),
        (6, Verdict.FITS, "TRL 6 is within 3–6"),
        (2, Verdict.NO, "TRL too low: 2, from 3 up"),
        (7, Verdict.NO, "TRL too high: 7, up to 6"),
        (None, Verdict.UNKNOWN, "the TRL is not given"),
    ],
)
def test_trl(trl, verdict, text):
    result = fit(INSTRUMENT, replace(SUBJECT, trl=trl), today=TODAY)
    assert reason(result, "trl").verdict == verdict
    assert reason(result, "trl").text == text


def test_an_instrument_without_a_trl_range_is_unknown_not_a_yes():
    result = fit(replace(INSTRUMENT, trl_min=None, trl_max=None), SUBJECT, today=TODAY)
    assert reason(result, "trl").verdict == Verdict.UNKNOWN
    assert result.verdict == Verdict.UNKNOWN


def test_a_half_known_trl_range_says_no_when_broken_and_unknown_otherwise():
    half = replace(INSTRUMENT, trl_max=None)
    assert reason(fit(half, replace(SUBJECT, trl=2), today=TODAY), "trl").verdict == Verdict.NO
    assert reason(fit(half, SUBJECT, today=TODAY), "trl").verdict == Verdict.UNKNOWN


@pytest.mark.parametrize(
    ("size", "verdict", "text"),
    [
        ("micro", Verdict.FITS, "your company is micro-sized: it may apply"),
        ("medium", Verdict.FITS, "your company is medium-sized: it may apply"),
        ("large", Verdict.NO, "your company is large"),
        (None, Verdict.UNKNOWN, "the company's size class is not given"),
    ],
)
def test_company_size(size, verdict, text):
    result = fit(INSTRUMENT, replace(SUBJECT, sme_size=size), today=TODAY)
    assert (reason(result, "size").verdict, reason(result, "size").text) == (verdict, text)


def test_sizes_the_catalogue_does_not_know_are_unknown():
    result = fit(replace(INSTRUMENT, eligible_sizes=frozenset()), SUBJECT, today=TODAY)
    assert reason(result, "size").verdict == Verdict.UNKNOWN


@pytest.mark.parametrize(
    ("kinds", "verdict"),
    [
        (frozenset({"company"}), Verdict.FITS),
        (frozenset({"university"}), Verdict.NO),
        (frozenset(), Verdict.UNKNOWN),
    ],
)
def test_organisation_kind(kinds, verdict):
    result = fit(replace(INSTRUMENT, eligible_kinds=kinds), SUBJECT, today=TODAY)
    assert reason(result, "kind").verdict == verdict


@pytest.mark.parametrize(
    ("scope", "region_ids", "region_id", "verdict", "text"),
    [
        ("listed", {19}, 19, Verdict.FITS, "open in Lapland"),
        ("listed", {17}, 19, Verdict.NO, "not open in Lapland"),
        ("any", set(), 19, Verdict.FITS, "open in every region"),
        ("unknown", set(), 19, Verdict.UNKNOWN, "the instrument's regions are not known"),
        ("listed", {19}, None, Verdict.UNKNOWN, "the region is not given"),
    ],
)
def test_region(scope, region_ids, region_id, verdict, text):
    instrument = replace(INSTRUMENT, region_scope=scope, region_ids=frozenset(region_ids))
    result = fit(instrument, replace(SUBJECT, region_id=region_id), today=TODAY)
    assert (reason(result, "region").verdict, reason(result, "region").text) == (verdict, text)


@pytest.mark.parametrize(
    ("low", "high", "verdict", "text"),
    [
        (80_000, 80_000, Verdict.FITS, "80,000 € is within 50,000–500,000 €"),
        (50_000, 100_000, Verdict.FITS, "50,000–100,000 € is within 50,000–500,000 €"),
        (5_000, 20_000, Verdict.NO, "5,000–20,000 € is below the smallest project, 50,000 €"),
        (600_000, 600_000, Verdict.NO, "600,000 € is above the largest project, 500,000 €"),
        (20_000, 50_000, Verdict.UNKNOWN, "20,000–50,000 € is partly within 50,000–500,000 €"),
        (100_000, None, Verdict.UNKNOWN, "at least 100,000 € is partly within 50,000–500,000 €"),
    ],
)
def test_budget(low, high, verdict, text):
    result = fit(INSTRUMENT, replace(SUBJECT, budget_low=low, budget_high=high), today=TODAY)
    assert (reason(result, "budget").verdict, reason(result, "budget").text) == (verdict, text)


def test_an_unknown_budget_is_unknown():
    result = fit(INSTRUMENT, replace(SUBJECT, budget_known=False, budget_low=None), today=TODAY)
    assert reason(result, "budget").text == "the budget is not yet known"
    assert result.verdict == Verdict.UNKNOWN


def test_an_instrument_without_a_project_size_is_unknown():
    instrument = replace(INSTRUMENT, project_min_eur=None, project_max_eur=None)
    assert reason(fit(instrument, SUBJECT, today=TODAY), "budget").verdict == Verdict.UNKNOWN


@pytest.mark.parametrize(
    ("required", "brings", "is_match", "verdict"),
    [
        (True, True, True, Verdict.FITS),
        (True, False, True, Verdict.NO),
        (True, None, False, Verdict.UNKNOWN),  # a need alone: a match would bring one
        (False, None, False, Verdict.FITS),
        (None, True, True, Verdict.UNKNOWN),
    ],
)
def test_research_partner(required, brings, is_match, verdict):
    instrument = replace(INSTRUMENT, research_partner_required=required)
    subject = replace(SUBJECT, research_partner=brings, is_match=is_match)
    assert reason(fit(instrument, subject, today=TODAY), "research_partner").verdict == verdict


@pytest.mark.parametrize(
    ("required", "open_to_international", "verdict"),
    [
        (False, False, Verdict.FITS),
        (True, False, Verdict.NO),
        (True, True, Verdict.UNKNOWN),  # partners abroad still to be found
        (True, None, Verdict.UNKNOWN),
        (None, True, Verdict.UNKNOWN),
    ],
)
def test_international_partners(required, open_to_international, verdict):
    instrument = replace(INSTRUMENT, international_partners_required=required)
    subject = replace(SUBJECT, open_to_international=open_to_international)
    assert reason(fit(instrument, subject, today=TODAY), "international").verdict == verdict


@pytest.mark.parametrize(
    ("continuous", "deadlines", "verdict", "text"),
    [
        (True, (), Verdict.FITS, "open continuously"),
        (False, (date(2027, 3, 15),), Verdict.FITS, "closes 15 Mar"),
        (False, (date(2028, 2, 1),), Verdict.FITS, "closes 1 Feb 2028"),
        (False, (date(2026, 10, 1),), Verdict.NO, "no open call: the last one closed 1 Oct 2026"),
        (False, (), Verdict.UNKNOWN, "no call dates known"),
    ],
)
def test_calls(continuous, deadlines, verdict, text):
    instrument = replace(INSTRUMENT, continuous=continuous, deadlines=deadlines)
    result = fit(instrument, SUBJECT, today=TODAY)
    assert (reason(result, "calls").verdict, reason(result, "calls").text) == (verdict, text)


def test_priority_areas_only_speak_when_the_instrument_is_limited_to_some():
    assert not [r for r in fit(INSTRUMENT, SUBJECT, today=TODAY).reasons if r.dimension == "areas"]
    limited = replace(INSTRUMENT, priority_area_ids=frozenset({7}))
    assert reason(fit(limited, SUBJECT, today=TODAY), "areas").verdict == Verdict.FITS
    other = replace(INSTRUMENT, priority_area_ids=frozenset({8}))
    assert reason(fit(other, SUBJECT, today=TODAY), "areas").verdict == Verdict.NO
    no_areas = replace(SUBJECT, area_names={})
    assert reason(fit(limited, no_areas, today=TODAY), "areas").verdict == Verdict.UNKNOWN


def test_one_no_makes_the_instrument_not_fit_even_with_unknowns():
    result = fit(INSTRUMENT, replace(SUBJECT, sme_size="large", trl=None), today=TODAY)
    assert result.verdict == Verdict.NO


def test_fit_all_keeps_every_instrument_and_puts_fitting_ones_first():
    failing = replace(INSTRUMENT, pk=2, name="A closed one", trl_max=3)
    unknown = replace(INSTRUMENT, pk=3, name="B unknown", eligible_kinds=frozenset())
    results = fit_all([failing, unknown, INSTRUMENT], SUBJECT, today=TODAY)
    assert [r.instrument.pk for r in results] == [1, 3, 2]
    assert [r.verdict for r in results] == [Verdict.FITS, Verdict.UNKNOWN, Verdict.NO]
    assert all(r.reasons for r in results)
