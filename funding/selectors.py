"""Reads: the catalogue, the calendar, work plans and applications, and the fit's inputs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum

from accounts.models import PROVIDER_KINDS
from accounts.scope import scope_for
from companies.models import DevelopmentNeed
from matchmaking.brokering.actions import can_coordinate
from matchmaking.brokering.selectors import matches_for
from matchmaking.models import Match

from . import fit as fitting
from .models import (
    FundingApplication,
    FundingCall,
    FundingInstrument,
    SmartSpecialisationPartnership,
    WorkPlan,
    WorkPlanVersion,
)


def instruments_list() -> QuerySet[FundingInstrument]:
    return FundingInstrument.objects.prefetch_related(
        "regions",
        "priority_areas",
        Prefetch("calls", queryset=FundingCall.objects.order_by("deadline")),
    )


def upcoming_calls(
    *, today: date, area_id: int | None = None, region_id: int | None = None
) -> QuerySet[FundingCall]:
    """Calls closing today or later; a region filter keeps the instruments open there."""
    calls = FundingCall.objects.filter(deadline__gte=today).select_related("instrument")
    if area_id is not None:
        calls = calls.filter(
            Q(instrument__priority_areas=area_id) | Q(instrument__priority_areas__isnull=True)
        )
    if region_id is not None:
        calls = calls.filter(Q(instrument__region_scope="any") | Q(instrument__regions=region_id))
    return calls.distinct().order_by("deadline", "pk")


def partnerships_list() -> QuerySet[SmartSpecialisationPartnership]:
    return SmartSpecialisationPartnership.objects.select_related("region").prefetch_related(
        "priority_areas"
    )


# --- the fit's inputs -----------------------------------------------------------------


def facts_of(instrument: FundingInstrument) -> fitting.InstrumentFacts:
    """The instrument's facts; expects `instruments_list()`'s prefetches."""
    return fitting.InstrumentFacts(
        pk=instrument.pk,
        name=instrument.name,
        funder=instrument.funder,
        slug=instrument.slug,
        eligible_kinds=frozenset(instrument.eligible_kinds or ()),
        eligible_sizes=frozenset(instrument.eligible_sizes or ()),
        trl_min=instrument.trl_min,
        trl_max=instrument.trl_max,
        region_scope=instrument.region_scope,
        region_ids=frozenset(r.pk for r in instrument.regions.all()),
        priority_area_ids=frozenset(a.pk for a in instrument.priority_areas.all()),
        project_min_eur=instrument.project_min_eur,
        project_max_eur=instrument.project_max_eur,
        research_partner_required=instrument.research_partner_required,
        international_partners_required=instrument.international_partners_required,
        continuous=instrument.continuous,
        deadlines=tuple(c.deadline for c in instrument.calls.all()),
    )


def subject_for_need(need: DevelopmentNeed) -> fitting.Subject:
    organisation = need.organisation
    low, high = fitting.BUDGET_EUR.get(need.budget, (None, None))
    return fitting.Subject(
        org_kind=organisation.kind,
        org_kind_label=str(organisation.get_kind_display()),
        sme_size=organisation.sme_size or None,
        region_id=need.region_id,
        region_name=need.region.name,
        area_names={a.pk: a.name for a in need.priority_areas.all()},
        trl=need.trl_now_id,
        budget_low=low,
        budget_high=high,
        budget_known=need.budget in fitting.BUDGET_EUR,
        open_to_international=need.open_to_international,
    )


def subject_for_match(match: Match, *, hide_company: bool = False) -> fitting.Subject:
    """The need's facts, plus the partner the match brings and the work plan's budget.

    `hide_company`: for a viewer who may not know an anonymous need's company, its size
    class is left out (the fit then says "not known") so that nothing narrows it down."""
    base = subject_for_need(match.need)
    if hide_company:
        base = fitting.Subject(**{**base.__dict__, "sme_size": None})
    provider = match.service.provider
    total = plan_budget_total(match)
    budget: dict[str, Any] = {}
    if total:
        budget = {"budget_low": total, "budget_high": total, "budget_known": True}
    return fitting.Subject(
        **{
            **base.__dict__,
            **budget,
            "research_partner": provider.kind in PROVIDER_KINDS,
            "research_partner_name": provider.name,
            "is_match": True,
        }
    )


def plan_budget_total(match: Match) -> int:
    plan = WorkPlan.objects.filter(match=match).only("content").first()
    if plan is None:
        return 0
    from .workplan import budget_total

    return budget_total(plan.content)


def fits_for_need(need: DevelopmentNeed, *, today: date) -> list[fitting.Fit]:
    facts = [facts_of(i) for i in instruments_list()]
    return fitting.fit_all(facts, subject_for_need(need), today=today)


def fits_for_match(match: Match, *, today: date, hide_company: bool = False) -> list[fitting.Fit]:
    facts = [facts_of(i) for i in instruments_list()]
    subject = subject_for_match(match, hide_company=hide_company)
    return fitting.fit_all(facts, subject, today=today)


# --- work plans -----------------------------------------------------------------------


def may_work_on_plan(user: Any, match: Match) -> bool:
    """The match's parties (company and provider members) and its coordinators, and staff."""
    scope = scope_for(user)
    if scope.staff or can_coordinate(user, match):
        return True
    return match.need.organisation_id in scope.org_ids or match.service.provider_id in scope.org_ids


def plan_matches_for(user: Any) -> QuerySet[Match]:
    """Matches whose work plan the user may open: visible to them and theirs to work on."""
    scope = scope_for(user)
    matches = matches_for(user)
    if scope.staff or scope.is_coordinator:
        return matches
    return matches.filter(
        Q(need__organisation_id__in=scope.org_ids) | Q(service__provider_id__in=scope.org_ids)
    )


def work_plans_for(user: Any) -> QuerySet[WorkPlan]:
    """A company sees its own drafts only; coordinators those of matches they coordinate."""
    return (
        WorkPlan.objects.filter(match__in=plan_matches_for(user).values("pk"))
        .select_related("match", "match__need", "match__service", "instrument")
        .order_by("-updated_at")
    )


def plan_versions(plan: WorkPlan) -> QuerySet[WorkPlanVersion]:
    return plan.versions.select_related("saved_by", "instrument").order_by("-number")


# --- applications -----------------------------------------------------------------------


def applications_of(match: Match) -> QuerySet[FundingApplication]:
    return match.funding_applications.select_related("instrument").order_by("-created_at")


def funding_applications_for_indicators(
    *, region_id: int | None = None, since: date | None = None, until: date | None = None
) -> QuerySet[FundingApplication]:
    """Applications for regional indicators: by the need's region and the submission date.

    Aggregate with `funding_totals()`; each row carries the match, its need and company."""
    rows = FundingApplication.objects.select_related(
        "instrument", "match", "match__need", "match__need__organisation"
    )
    if region_id is not None:
        rows = rows.filter(match__need__region_id=region_id)
    if since is not None:
        rows = rows.filter(submitted_on__gte=since)
    if until is not None:
        rows = rows.filter(submitted_on__lte=until)
    return rows


def funding_totals(rows: QuerySet[FundingApplication]) -> dict[str, int]:
    totals = rows.aggregate(applied=Sum("amount_applied"), granted=Sum("amount_granted"))
    return {
        "applications": rows.count(),
        "granted_count": rows.filter(decision="granted").count(),
        "applied_eur": totals["applied"] or 0,
        "granted_eur": totals["granted"] or 0,
    }
