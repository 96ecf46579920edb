"""Which funding instruments fit a need or a match, and why: a pure function of fields.

Every instrument gets a verdict and the reasons for it, dimension by dimension. A missing
fact on either side gives "unknown", never a yes; any "no" makes the instrument not fit.
Nothing here reads the database: `selectors.py` builds the inputs from loaded rows.
Texts come out in the active language, numbers and dates formatted for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.utils import formats
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _


class Verdict(StrEnum):
    FITS = "fits"
    UNKNOWN = "unknown"
    NO = "no"


VERDICT_LABELS = {
    Verdict.FITS: gettext_lazy("Fits"),
    Verdict.UNKNOWN: gettext_lazy("Not known yet"),
    Verdict.NO: gettext_lazy("Does not fit"),
}

SIZE_WORDS = {
    "micro": gettext_lazy("micro-sized"),
    "small": gettext_lazy("small"),
    "medium": gettext_lazy("medium-sized"),
    "large": gettext_lazy("large"),
}

# The euro range of each budget class of a need; None: no upper bound.
BUDGET_EUR: dict[str, tuple[int, int | None]] = {
    "under_5k": (0, 5_000),
    "5k_20k": (5_000, 20_000),
    "20k_50k": (20_000, 50_000),
    "50k_100k": (50_000, 100_000),
    "over_100k": (100_000, None),
}


@dataclass(frozen=True)
class InstrumentFacts:
    pk: int
    name: str
    funder: str
    slug: str = ""
    eligible_kinds: frozenset[str] = frozenset()
    eligible_sizes: frozenset[str] = frozenset()
    trl_min: int | None = None
    trl_max: int | None = None
    region_scope: str = "unknown"  # any / listed / unknown
    region_ids: frozenset[int] = frozenset()
    priority_area_ids: frozenset[int] = frozenset()
    project_min_eur: int | None = None
    project_max_eur: int | None = None
    research_partner_required: bool | None = None
    international_partners_required: bool | None = None
    continuous: bool = False
    deadlines: tuple[date, ...] = ()


@dataclass(frozen=True)
class Subject:
    """What is known of a need (or a match) and its company."""

    org_kind: str | None = None
    org_kind_label: str = ""
    sme_size: str | None = None
    region_id: int | None = None
    region_name: str = ""
    area_names: Mapping[int, str] = field(default_factory=dict)
    trl: int | None = None
    budget_low: int | None = None
    budget_high: int | None = None  # None with a low bound: no upper bound
    budget_known: bool = False
    research_partner: bool | None = None
    research_partner_name: str = ""
    open_to_international: bool | None = None
    is_match: bool = False


@dataclass(frozen=True)
class Reason:
    dimension: str
    verdict: Verdict
    text: str


@dataclass(frozen=True)
class Fit:
    instrument: InstrumentFacts
    verdict: Verdict
    reasons: tuple[Reason, ...]

    @property
    def label(self) -> str:
        return str(VERDICT_LABELS[self.verdict])


# --- formatting -----------------------------------------------------------------------


def euros(amount: int) -> str:
    return f"{formats.number_format(amount, 0, use_l10n=True, force_grouping=True)} €"


def euro_range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        if low == high:
            return euros(low)
        # The euro sign once, after the range, as the issue writes it.
        return f"{euros(low)[:-2]}–{euros(high)}"
    if low is not None:
        return _("at least %(amount)s") % {"amount": euros(low)}
    if high is not None:
        return _("at most %(amount)s") % {"amount": euros(high)}
    return ""


DAY_FORMATS = {"fi": ("j.n.", "j.n.Y"), "en": ("j M", "j M Y")}


def short_date(day: date, today: date) -> str:
    this_year, other_year = DAY_FORMATS.get((get_language() or "fi")[:2], DAY_FORMATS["fi"])
    return formats.date_format(day, this_year if day.year == today.year else other_year)


# --- one dimension each -----------------------------------------------------------------


def _kind(i: InstrumentFacts, s: Subject) -> Reason:
    if not i.eligible_kinds:
        return Reason("kind", Verdict.UNKNOWN, _("who may apply is not known"))
    if s.org_kind is None:
        return Reason("kind", Verdict.UNKNOWN, _("the kind of organisation is not known"))
    if s.org_kind in i.eligible_kinds:
        return Reason("kind", Verdict.FITS, _("%(kind)s may apply") % {"kind": s.org_kind_label})
    return Reason("kind", Verdict.NO, _("%(kind)s may not apply") % {"kind": s.org_kind_label})


def _size(i: InstrumentFacts, s: Subject) -> Reason:
    if not i.eligible_sizes:
        return Reason("size", Verdict.UNKNOWN, _("which company sizes may apply is not known"))
    if not s.sme_size:
        return Reason("size", Verdict.UNKNOWN, _("the company's size class is not given"))
    words = {"size": SIZE_WORDS.get(s.sme_size, s.sme_size)}
    if s.sme_size in i.eligible_sizes:
        return Reason("size", Verdict.FITS, _("your company is %(size)s: it may apply") % words)
    return Reason("size", Verdict.NO, _("your company is %(size)s") % words)


def _trl(i: InstrumentFacts, s: Subject) -> Reason:
    if i.trl_min is None and i.trl_max is None:
        return Reason("trl", Verdict.UNKNOWN, _("the instrument's TRL range is not known"))
    if s.trl is None:
        return Reason("trl", Verdict.UNKNOWN, _("the TRL is not given"))
    params = {"trl": s.trl, "low": i.trl_min, "high": i.trl_max}
    if i.trl_min is not None and s.trl < i.trl_min:
        return Reason("trl", Verdict.NO, _("TRL too low: %(trl)s, from %(low)s up") % params)
    if i.trl_max is not None and s.trl > i.trl_max:
        return Reason("trl", Verdict.NO, _("TRL too high: %(trl)s, up to %(high)s") % params)
    if i.trl_min is None or i.trl_max is None:
        return Reason(
            "trl",
            Verdict.UNKNOWN,
            _("TRL %(trl)s: the instrument's range is only partly known") % params,
        )
    return Reason("trl", Verdict.FITS, _("TRL %(trl)s is within %(low)s–%(high)s") % params)


def _region(i: InstrumentFacts, s: Subject) -> Reason:
    if i.region_scope == "any":
        return Reason("region", Verdict.FITS, _("open in every region"))
    if i.region_scope != "listed":
        return Reason("region", Verdict.UNKNOWN, _("the instrument's regions are not known"))
    if s.region_id is None:
        return Reason("region", Verdict.UNKNOWN, _("the region is not given"))
    params = {"region": s.region_name}
    if s.region_id in i.region_ids:
        return Reason("region", Verdict.FITS, _("open in %(region)s") % params)
    return Reason("region", Verdict.NO, _("not open in %(region)s") % params)


def _areas(i: InstrumentFacts, s: Subject) -> Reason | None:
    if not i.priority_area_ids:
        return None  # not limited to priority areas: nothing to say
    if not s.area_names:
        return Reason("areas", Verdict.UNKNOWN, _("the need names no priority area"))
    shared = [name for pk, name in s.area_names.items() if pk in i.priority_area_ids]
    if shared:
        return Reason(
            "areas",
            Verdict.FITS,
            _("in the instrument's priority areas: %(areas)s") % {"areas": ", ".join(shared)},
        )
    return Reason("areas", Verdict.NO, _("none of the need's priority areas is the instrument's"))


def _budget(i: InstrumentFacts, s: Subject) -> Reason:
    low, high = i.project_min_eur, i.project_max_eur
    if low is None and high is None:
        return Reason("budget", Verdict.UNKNOWN, _("the instrument's project size is not known"))
    if not s.budget_known or s.budget_low is None:
        return Reason("budget", Verdict.UNKNOWN, _("the budget is not yet known"))
    params = {
        "amount": euro_range(s.budget_low, s.budget_high),
        "range": euro_range(low, high),
        "min": euros(low) if low is not None else "",
        "max": euros(high) if high is not None else "",
    }
    if low is not None and s.budget_high is not None and s.budget_high < low:
        return Reason(
            "budget", Verdict.NO, _("%(amount)s is below the smallest project, %(min)s") % params
        )
    if high is not None and s.budget_low > high:
        return Reason(
            "budget", Verdict.NO, _("%(amount)s is above the largest project, %(max)s") % params
        )
    within_low = low is None or s.budget_low >= low
    within_high = high is None or (s.budget_high is not None and s.budget_high <= high)
    if within_low and within_high and low is not None and high is not None:
        return Reason("budget", Verdict.FITS, _("%(amount)s is within %(range)s") % params)
    return Reason("budget", Verdict.UNKNOWN, _("%(amount)s is partly within %(range)s") % params)


def _research_partner(i: InstrumentFacts, s: Subject) -> Reason:
    if i.research_partner_required is None:
        return Reason(
            "research_partner",
            Verdict.UNKNOWN,
            _("whether a research partner is required is not known"),
        )
    if not i.research_partner_required:
        return Reason("research_partner", Verdict.FITS, _("no research partner required"))
    if s.research_partner:
        return Reason(
            "research_partner",
            Verdict.FITS,
            _("needs a research partner: this match brings one (%(name)s)")
            % {"name": s.research_partner_name},
        )
    if s.is_match:
        return Reason(
            "research_partner",
            Verdict.NO,
            _("needs a research partner: this match brings none"),
        )
    return Reason(
        "research_partner",
        Verdict.UNKNOWN,
        _("needs a research partner: a match with an R&D provider would bring one"),
    )


def _international(i: InstrumentFacts, s: Subject) -> Reason:
    if i.international_partners_required is None:
        return Reason(
            "international",
            Verdict.UNKNOWN,
            _("whether partners abroad are required is not known"),
        )
    if not i.international_partners_required:
        return Reason("international", Verdict.FITS, _("no partners abroad required"))
    if s.open_to_international is False:
        return Reason(
            "international",
            Verdict.NO,
            _("needs partners abroad: the need is not open to international partners"),
        )
    return Reason(
        "international",
        Verdict.UNKNOWN,
        _("needs partners abroad: see the smart-specialisation partnerships"),
    )


def _calls(i: InstrumentFacts, today: date) -> Reason:
    if i.continuous:
        return Reason("calls", Verdict.FITS, _("open continuously"))
    upcoming = sorted(d for d in i.deadlines if d >= today)
    if upcoming:
        return Reason(
            "calls", Verdict.FITS, _("closes %(date)s") % {"date": short_date(upcoming[0], today)}
        )
    if i.deadlines:
        return Reason(
            "calls",
            Verdict.NO,
            _("no open call: the last one closed %(date)s")
            % {"date": short_date(max(i.deadlines), today)},
        )
    return Reason("calls", Verdict.UNKNOWN, _("no call dates known"))


def fit(instrument: InstrumentFacts, subject: Subject, *, today: date) -> Fit:
    reasons = [
        _kind(instrument, subject),
        _size(instrument, subject),
        _trl(instrument, subject),
        _region(instrument, subject),
        _areas(instrument, subject),
        _budget(instrument, subject),
        _research_partner(instrument, subject),
        _international(instrument, subject),
        _calls(instrument, today),
    ]
    kept = tuple(r for r in reasons if r is not None)
    verdicts = {r.verdict for r in kept}
    if Verdict.NO in verdicts:
        verdict = Verdict.NO
    elif Verdict.UNKNOWN in verdicts:
        verdict = Verdict.UNKNOWN
    else:
        verdict = Verdict.FITS
    return Fit(instrument=instrument, verdict=verdict, reasons=kept)


ORDER = {Verdict.FITS: 0, Verdict.UNKNOWN: 1, Verdict.NO: 2}


def fit_all(instruments: Iterable[InstrumentFacts], subject: Subject, *, today: date) -> list[Fit]:
    """Every instrument, those that fit first: none is left out."""
    fits = [fit(instrument, subject, today=today) for instrument in instruments]
    return sorted(fits, key=lambda f: (ORDER[f.verdict], f.instrument.funder, f.instrument.name))
