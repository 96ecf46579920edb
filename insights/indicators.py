"""ERDF 2021-2027 common indicators, from the brokering pipeline and the impact forms.

Each indicator is a queryset of the records it counts; the figure is that queryset's count
(or sum), so the figure and its list of records cannot disagree.

- RCO01 enterprises supported, by size class: companies with a match that reached an
  introduction in the period. The product gives no money, so all its support is
  non-financial and RCO01 = RCO04 (RCO02 and RCO03 stay zero).
- RCO04 enterprises with non-financial support: the same companies.
- RCO07 research organisations in joint research projects: providers with an agreement
  whose outcome is a joint R&D project.
- RCO10 enterprises cooperating with research organisations: companies with such an agreement.
- RCR02 private investment matching public support (€): per agreement, the latest answered
  impact form's cumulative private investment.
- RCR03 SMEs introducing product or process innovation; RCR04 SMEs introducing marketing or
  organisational innovation: SMEs (micro, small, medium) saying so in any impact form.
Agreements are dated by their move to the agreement stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import PROVIDER_KINDS, Organisation, OrganisationKind, SmeSize
from matchmaking.models import MatchEvent, MatchStage, OutcomeType

from .models import ImpactFollowUp
from .selectors import _moment, money

SME_SIZES = (SmeSize.MICRO, SmeSize.SMALL, SmeSize.MEDIUM)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Any
    unit: Any


INDICATORS = {
    "RCO01": Indicator("RCO01", _("Enterprises supported"), _("enterprises")),
    "RCO04": Indicator("RCO04", _("Enterprises with non-financial support"), _("enterprises")),
    "RCO07": Indicator(
        "RCO07",
        _("Research organisations participating in joint research projects"),
        _("organisations"),
    ),
    "RCO10": Indicator(
        "RCO10", _("Enterprises cooperating with research organisations"), _("enterprises")
    ),
    "RCR02": Indicator("RCR02", _("Private investment matching public support"), _("euros")),
    "RCR03": Indicator(
        "RCR03", _("SMEs introducing product or process innovation"), _("enterprises")
    ),
    "RCR04": Indicator(
        "RCR04", _("SMEs introducing marketing or organisational innovation"), _("enterprises")
    ),
}


def _events_in(stage: str, start: date | None, end: date | None) -> QuerySet[MatchEvent]:
    events = MatchEvent.objects.filter(to_stage=stage)
    if start:
        events = events.filter(created_at__gte=_moment(start))
    if end:
        events = events.filter(created_at__lt=_moment(end))
    return events


def _introduced_match_ids(start: date | None, end: date | None) -> Any:
    return _events_in(MatchStage.INTRODUCED, start, end).values("match_id")


def _agreement_match_ids(start: date | None, end: date | None, **match_filter: Any) -> Any:
    return (
        _events_in(MatchStage.AGREEMENT, start, end)
        .filter(
            match__stage=MatchStage.AGREEMENT, **{f"match__{k}": v for k, v in match_filter.items()}
        )
        .values("match_id")
    )


def supported_enterprises(
    start: date | None = None, end: date | None = None
) -> QuerySet[Organisation]:
    """RCO01 / RCO04: companies with a match introduced in the period."""
    return Organisation.objects.filter(
        kind=OrganisationKind.COMPANY,
        needs__matches__in=_introduced_match_ids(start, end),
    ).distinct()


def research_organisations_in_joint_projects(
    start: date | None = None, end: date | None = None
) -> QuerySet[Organisation]:
    """RCO07."""
    return Organisation.objects.filter(
        kind__in=PROVIDER_KINDS,
        services__matches__in=_agreement_match_ids(
            start, end, outcome_type=OutcomeType.JOINT_RD_PROJECT
        ),
    ).distinct()


def enterprises_cooperating(
    start: date | None = None, end: date | None = None
) -> QuerySet[Organisation]:
    """RCO10."""
    return Organisation.objects.filter(
        kind=OrganisationKind.COMPANY,
        needs__matches__in=_agreement_match_ids(
            start, end, outcome_type=OutcomeType.JOINT_RD_PROJECT
        ),
    ).distinct()


def latest_answers(start: date | None = None, end: date | None = None) -> QuerySet[ImpactFollowUp]:
    """The latest answered impact form of each agreement of the period."""
    later = ImpactFollowUp.objects.filter(
        match=OuterRef("match"), answered_at__isnull=False, months__gt=OuterRef("months")
    )
    return (
        ImpactFollowUp.objects.filter(
            answered_at__isnull=False, match__in=_agreement_match_ids(start, end)
        )
        .filter(~Exists(later))
        .select_related("match__need__organisation", "match__service__provider")
    )


def innovating_smes(
    field: str, start: date | None = None, end: date | None = None
) -> QuerySet[Organisation]:
    """RCR03 (`product_process_innovation`) and RCR04 (`marketing_org_innovation`)."""
    answers = ImpactFollowUp.objects.filter(
        answered_at__isnull=False, match__in=_agreement_match_ids(start, end), **{field: True}
    )
    return Organisation.objects.filter(
        kind=OrganisationKind.COMPANY,
        sme_size__in=SME_SIZES,
        needs__matches__impact_follow_ups__in=answers,
    ).distinct()


def records(code: str, start: date | None = None, end: date | None = None) -> QuerySet[Any]:
    """The records an indicator counts."""
    if code in ("RCO01", "RCO04"):
        return supported_enterprises(start, end)
    if code == "RCO07":
        return research_organisations_in_joint_projects(start, end)
    if code == "RCO10":
        return enterprises_cooperating(start, end)
    if code == "RCR02":
        return latest_answers(start, end).filter(private_investment_eur__isnull=False)
    if code == "RCR03":
        return innovating_smes("product_process_innovation", start, end)
    if code == "RCR04":
        return innovating_smes("marketing_org_innovation", start, end)
    raise KeyError(code)


def by_size(start: date | None = None, end: date | None = None) -> dict[str, int]:
    """RCO01 broken down by size class (an empty class is counted as "" )."""
    rows = dict(
        Organisation.objects.filter(pk__in=supported_enterprises(start, end).values("pk"))
        .order_by()
        .values_list("sme_size")
        .annotate(n=Count("pk"))
    )
    return {size: rows.get(size, 0) for size in [*SmeSize.values, ""]}


def indicator_figures(start: date | None = None, end: date | None = None) -> list[dict[str, Any]]:
    figures = []
    for code, indicator in INDICATORS.items():
        if code == "RCR02":
            value = money(records(code, start, end), "private_investment_eur")
        else:
            value = records(code, start, end).count()
        figures.append(
            {"code": code, "name": str(indicator.name), "unit": str(indicator.unit), "value": value}
        )
    return figures
