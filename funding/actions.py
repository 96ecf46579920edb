"""Writes: the catalogue (instruments, calls, partnerships), work plans and applications."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import OrganisationKind, SmeSize
from companies.models import NeedVisibility
from core import audit
from core.domain import clean_choice_list, model_create, model_update, require_perm
from matchmaking.brokering.actions import can_coordinate
from matchmaking.models import FollowUpTask, FundingKind, Match, MatchStage, OutcomeType
from taxonomy.models import ContentLanguage

from .models import (
    Decision,
    FundingApplication,
    FundingCall,
    FundingInstrument,
    RegionScope,
    SmartSpecialisationPartnership,
    WorkPlan,
    WorkPlanVersion,
)
from .selectors import may_work_on_plan
from .workplan import clean_content, clean_headings, empty_content

CATALOGUE_PERM = "funding.change_catalogue"

INSTRUMENT_FIELDS = (
    "funder",
    "name",
    "slug",
    "summary",
    "eligible_kinds",
    "eligible_sizes",
    "trl_min",
    "trl_max",
    "region_scope",
    "regions",
    "priority_areas",
    "project_min_eur",
    "project_max_eur",
    "funding_rate_min",
    "funding_rate_max",
    "research_partner_required",
    "international_partners_required",
    "continuous",
    "languages",
    "url",
    "application_headings",
    "facts_source_url",
    "last_checked",
    "unknown_facts",
)


def _prepare_instrument(data: dict[str, Any]) -> dict[str, Any]:
    data = {key: value for key, value in data.items() if key in INSTRUMENT_FIELDS}
    if "eligible_kinds" in data:
        data["eligible_kinds"] = clean_choice_list(
            "eligible_kinds", data["eligible_kinds"], OrganisationKind.values
        )
    if "eligible_sizes" in data:
        data["eligible_sizes"] = clean_choice_list(
            "eligible_sizes", data["eligible_sizes"], SmeSize.values
        )
    if "languages" in data:
        data["languages"] = clean_choice_list(
            "languages", data["languages"], ContentLanguage.values
        )
    if "application_headings" in data:
        data["application_headings"] = clean_headings(data["application_headings"])
    return data


def _check_instrument(instrument: FundingInstrument) -> None:
    errors: dict[str, list[str]] = {}
    if (
        instrument.trl_min is not None
        and instrument.trl_max is not None
        and instrument.trl_max < instrument.trl_min
    ):
        errors["trl_max"] = [_("The highest TRL cannot be below the lowest.")]
    if (
        instrument.project_min_eur is not None
        and instrument.project_max_eur is not None
        and instrument.project_max_eur < instrument.project_min_eur
    ):
        errors["project_max_eur"] = [_("The largest project cannot be below the smallest.")]
    if (
        instrument.funding_rate_min is not None
        and instrument.funding_rate_max is not None
        and instrument.funding_rate_max < instrument.funding_rate_min
    ):
        errors["funding_rate_max"] = [_("The highest rate cannot be below the lowest.")]
    if errors:
        raise ValidationError(errors)


def _check_regions(instrument: FundingInstrument, regions: Iterable[Any] | None) -> None:
    if regions and instrument.region_scope != RegionScope.LISTED:
        raise ValidationError(
            {"regions": [_("List regions only when the instrument is limited to them.")]}
        )


@transaction.atomic
def instrument_create(*, by: Any, **data: Any) -> FundingInstrument:
    require_perm(by, CATALOGUE_PERM)
    data = _prepare_instrument(data)
    instrument = FundingInstrument()
    for name, value in data.items():
        if name not in ("regions", "priority_areas"):
            setattr(instrument, name, value)
    _check_instrument(instrument)
    _check_regions(instrument, data.get("regions"))
    model_create(instance=instrument, data=data)
    audit.record(by, "create", instrument)
    return instrument


@transaction.atomic
def instrument_update(*, instrument: FundingInstrument, by: Any, **data: Any) -> FundingInstrument:
    require_perm(by, CATALOGUE_PERM)
    instrument = FundingInstrument.objects.select_for_update().get(pk=instrument.pk)
    before = audit.snapshot(instrument)
    data = _prepare_instrument(data)
    scope = data.get("region_scope", instrument.region_scope)
    if scope != RegionScope.LISTED:
        _check_regions(instrument.__class__(region_scope=scope), data.get("regions"))
        data["regions"] = []  # a scope that lists no regions keeps none
    instrument, changed = model_update(
        instance=instrument, data=data, fields=INSTRUMENT_FIELDS, check=_check_instrument
    )
    if changed:
        audit.record(by, "update", instrument, before)
    return instrument


@transaction.atomic
def instrument_delete(*, instrument: FundingInstrument, by: Any) -> None:
    require_perm(by, CATALOGUE_PERM)
    if instrument.applications.exists():
        raise ValidationError(
            _("Funding applications refer to this instrument: it cannot be deleted.")
        )
    audit.record(by, "delete", instrument)
    instrument.delete()


@transaction.atomic
def call_create(
    *,
    instrument: FundingInstrument,
    by: Any,
    title: str,
    deadline: date,
    opens_on: date | None = None,
    url: str = "",
) -> FundingCall:
    require_perm(by, CATALOGUE_PERM)
    if opens_on is not None and deadline < opens_on:
        raise ValidationError({"deadline": [_("The deadline cannot be before the opening.")]})
    call = model_create(
        instance=FundingCall(instrument=instrument),
        data={"title": title, "deadline": deadline, "opens_on": opens_on, "url": url},
    )
    audit.record(by, "create", call)
    return call


@transaction.atomic
def call_delete(*, call: FundingCall, by: Any) -> None:
    require_perm(by, CATALOGUE_PERM)
    audit.record(by, "delete", call)
    call.delete()


PARTNERSHIP_FIELDS = (
    "name",
    "theme",
    "partner_regions",
    "contact",
    "url",
    "region",
    "priority_areas",
)


@transaction.atomic
def partnership_create(*, by: Any, **data: Any) -> SmartSpecialisationPartnership:
    require_perm(by, CATALOGUE_PERM)
    data = {k: v for k, v in data.items() if k in PARTNERSHIP_FIELDS}
    partnership = model_create(instance=SmartSpecialisationPartnership(), data=data)
    audit.record(by, "create", partnership)
    return partnership


@transaction.atomic
def partnership_update(
    *, partnership: SmartSpecialisationPartnership, by: Any, **data: Any
) -> SmartSpecialisationPartnership:
    require_perm(by, CATALOGUE_PERM)
    partnership = SmartSpecialisationPartnership.objects.select_for_update().get(pk=partnership.pk)
    before = audit.snapshot(partnership)
    partnership, changed = model_update(instance=partnership, data=data, fields=PARTNERSHIP_FIELDS)
    if changed:
        audit.record(by, "update", partnership, before)
    return partnership


@transaction.atomic
def partnership_delete(*, partnership: SmartSpecialisationPartnership, by: Any) -> None:
    require_perm(by, CATALOGUE_PERM)
    audit.record(by, "delete", partnership)
    partnership.delete()


# --- work plans -----------------------------------------------------------------------

# A draft is opened once the parties know each other.
PLAN_STAGES = frozenset({MatchStage.INTRODUCED, MatchStage.IN_DISCUSSION, MatchStage.AGREEMENT})


class StalePlan(ValidationError):
    """Someone saved the plan since the caller opened it."""


def _company_name(match: Match) -> str:
    need = match.need
    if need.visibility == NeedVisibility.ANONYMOUS and match.company_consented_at is None:
        return _("The company")
    return need.organisation.name


def _first_draft(match: Match, instrument: FundingInstrument | None) -> dict[str, Any]:
    """Objectives from the need, a work package with the service, the two parties."""
    need, service = match.need, match.service
    content = empty_content()
    content["objectives"] = f"{need.title}\n\n{need.description}"
    content["work_packages"] = [
        {
            "title": service.title,
            "description": service.description[:500].replace("\n", " "),
            "months": "",
        }
    ]
    content["partners"] = [
        {"name": _company_name(match), "role": _("Applicant; owns the need")},
        {"name": service.provider.name, "role": _("R&D partner; provides the service")},
    ]
    content["trl_start"] = need.trl_now_id
    content["trl_target"] = need.trl_target_id
    headings = instrument.application_headings if instrument else []
    content["sections"] = {heading: "" for heading in headings}
    return content


@transaction.atomic
def plan_open(*, match: Match, by: Any, instrument: FundingInstrument | None = None) -> WorkPlan:
    """The coordinator opens the draft: once per match, once the parties are introduced."""
    if not can_coordinate(by, match):
        raise PermissionDenied("Only the match's coordinators open a work plan.")
    match = (
        Match.objects.select_for_update()
        .select_related("need", "need__organisation", "service", "service__provider")
        .get(pk=match.pk)
    )
    existing = WorkPlan.objects.filter(match=match).first()
    if existing is not None:
        return existing
    if match.stage not in PLAN_STAGES:
        raise ValidationError(_("Introduce the parties before opening a work plan."))
    # The draft's starter text is written once and then edited as the parties' own: it is in
    # the language of the coordinator who opens it, whether from a page, the API or a shell.
    with translation.override(getattr(by, "language", "") or settings.LANGUAGE_CODE):
        content = _first_draft(match, instrument)
    plan = WorkPlan.objects.create(
        match=match, instrument=instrument, content=content, version=1, created_by=by
    )
    WorkPlanVersion.objects.create(
        plan=plan, number=1, instrument=instrument, content=content, saved_by=by
    )
    audit.record(by, "create", plan)
    return plan


@transaction.atomic
def plan_save(
    *,
    plan: WorkPlan,
    by: Any,
    content: dict[str, Any],
    version: int | None,
    instrument: FundingInstrument | str | None = "keep",
) -> WorkPlan:
    """Save a new version; refused when someone saved since `version` was read."""
    plan = WorkPlan.objects.select_for_update().select_related("match").get(pk=plan.pk)
    match = Match.objects.select_related("need", "service").get(pk=plan.match_id)
    if not may_work_on_plan(by, match):
        raise PermissionDenied("Only the match's parties and coordinators edit its work plan.")
    if version is not None and version != plan.version:
        raise StalePlan(
            _("Someone saved the plan while you were editing it. Open it again to see the changes.")
        )
    if instrument != "keep":
        plan.instrument = instrument if isinstance(instrument, FundingInstrument) else None
    headings = list(plan.instrument.application_headings) if plan.instrument else []
    # Text under headings of another instrument is kept, after the new ones.
    old_sections = dict(plan.content.get("sections") or {})
    raw_sections = {**old_sections, **(content.get("sections") or {})}
    headings += [h for h in raw_sections if h not in headings and raw_sections[h]]
    cleaned = clean_content({**content, "sections": raw_sections}, headings)
    plan.content = cleaned
    plan.version += 1
    plan.save(update_fields=["content", "version", "instrument", "updated_at"])
    WorkPlanVersion.objects.create(
        plan=plan, number=plan.version, instrument=plan.instrument, content=cleaned, saved_by=by
    )
    return plan


# --- applications -----------------------------------------------------------------------

# Which of the match's funding kinds an instrument counts as, for the agreement's outcome.
FUNDING_KIND_BY_SLUG_PREFIX = {
    "erdf": FundingKind.ERDF,
    "innovation-voucher": FundingKind.INNOVATION_VOUCHER,
}


def _funding_kind(instrument: FundingInstrument) -> str:
    for prefix, kind in FUNDING_KIND_BY_SLUG_PREFIX.items():
        if instrument.slug.startswith(prefix):
            return kind
    return FundingKind.OTHER


def _check_application(application: FundingApplication) -> None:
    errors: dict[str, list[str]] = {}
    if application.decision == Decision.GRANTED and application.amount_granted is None:
        errors["amount_granted"] = [_("Give the amount granted.")]
    if application.decision != Decision.GRANTED and application.amount_granted is not None:
        errors["amount_granted"] = [_("An amount is granted only with a positive decision.")]
    if (
        application.amount_granted is not None
        and application.amount_granted > application.amount_applied
    ):
        errors["amount_granted"] = [_("More was granted than applied for? Check the amounts.")]
    if application.decision in (Decision.GRANTED, Decision.REJECTED) and not (
        application.decided_on
    ):
        errors["decided_on"] = [_("Give the date of the decision.")]
    if errors:
        raise ValidationError(errors)


# A funding decision usually takes a few months: the coordinator checks on it then.
DECISION_FOLLOW_UP_DAYS = 90


def _follow_up(application: FundingApplication, by: Any) -> None:
    """A submitted application becomes a follow-up task on the match: ask for the decision."""
    if application.decision != Decision.SUBMITTED:
        return
    match = application.match
    submitted = application.submitted_on or timezone.localdate()
    title = _("Funding decision expected: %(instrument)s") % {
        "instrument": application.instrument.name
    }
    FollowUpTask.objects.get_or_create(
        match=match,
        title=title[:200],
        defaults={
            "due_date": submitted + timedelta(days=DECISION_FOLLOW_UP_DAYS),
            "assignee": match.assignee or by,
        },
    )


def _feed_outcome(application: FundingApplication, by: Any) -> None:
    """On an agreed match whose outcome is a funding application (or not yet recorded), the
    application says which funding: the agreement's outcome follows the instrument."""
    match = Match.objects.select_for_update().get(pk=application.match_id)
    if match.stage == MatchStage.AGREEMENT and match.outcome_type in (
        "",
        OutcomeType.FUNDING_APPLICATION,
    ):
        match.outcome_type = OutcomeType.FUNDING_APPLICATION
        match.funding_kind = _funding_kind(application.instrument)
        match.version += 1
        match.save(update_fields=["outcome_type", "funding_kind", "version", "updated_at"])
        audit.record(by, "update", match)


APPLICATION_FIELDS = (
    "instrument",
    "amount_applied",
    "submitted_on",
    "decision",
    "amount_granted",
    "decided_on",
)


@transaction.atomic
def application_record(*, match: Match, by: Any, **data: Any) -> FundingApplication:
    if not may_work_on_plan(by, match):
        raise PermissionDenied("Only the match's parties and coordinators record applications.")
    data = {k: v for k, v in data.items() if k in APPLICATION_FIELDS}
    application = FundingApplication(match=match, created_by=by)
    for name, value in data.items():
        setattr(application, name, value)
    _check_application(application)
    application.full_clean()
    application.save()
    _feed_outcome(application, by)
    _follow_up(application, by)
    audit.record(by, "create", application)
    return application


@transaction.atomic
def application_update(
    *, application: FundingApplication, by: Any, **data: Any
) -> FundingApplication:
    match = Match.objects.select_related("need", "service").get(pk=application.match_id)
    if not may_work_on_plan(by, match):
        raise PermissionDenied("Only the match's parties and coordinators record applications.")
    application = FundingApplication.objects.select_for_update().get(pk=application.pk)
    before = audit.snapshot(application)
    application, changed = model_update(
        instance=application, data=data, fields=APPLICATION_FIELDS, check=_check_application
    )
    if changed:
        _feed_outcome(application, by)
        _follow_up(application, by)
        audit.record(by, "update", application, before)
    return application
