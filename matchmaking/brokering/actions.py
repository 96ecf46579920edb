"""The brokering pipeline: every rule about a match's stages lives here.

proposed → shortlisted → introduced → (both parties interested) in discussion →
agreement or no deal; dismissed from any open stage. Coordinators of the need's clusters
move matches; the company and the provider answer once introduced. Every change is locked
row by row, so two people acting on one match at once end in one state and one refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.scope import scope_for
from companies.actions import need_mark_matched
from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility
from companies.selectors import needs_lock
from core import audit, jobs
from services.models import RDService, ServiceStatus

from ..models import (
    FINAL_STAGES,
    DeclineReason,
    FollowUpTask,
    FundingKind,
    Match,
    MatchEvent,
    MatchEventKind,
    MatchOrigin,
    MatchStage,
    OutcomeType,
    PartyAnswer,
    Proposal,
    ProposalStatus,
)
from .introduction import event_sentence
from .notify import (
    coordinators_of,
    notify_interest,
    notify_introduction,
    notify_party_answer,
    notify_shortlisted,
)
from .selectors import match_for_update
from .sides import _party, can_coordinate, company_visible_to

S = MatchStage

# Who wrote on a timeline, while the company of an anonymous need is still hidden.
HIDDEN_COMPANY_ACTOR = _lazy("The company")


@dataclass(frozen=True)
class Transition:
    source: frozenset[str]
    target: str
    needs_reason: bool = False


# Who may move a match where. Only coordinators (and staff) move stages.
TRANSITIONS: dict[str, Transition] = {
    "shortlist": Transition(frozenset({S.PROPOSED}), S.SHORTLISTED),
    "introduce": Transition(frozenset({S.PROPOSED, S.SHORTLISTED}), S.INTRODUCED),
    "discuss": Transition(frozenset({S.INTRODUCED}), S.IN_DISCUSSION),
    "agree": Transition(frozenset({S.IN_DISCUSSION}), S.AGREEMENT),
    "no_deal": Transition(frozenset({S.INTRODUCED, S.IN_DISCUSSION}), S.NO_DEAL, True),
    "dismiss": Transition(
        frozenset({S.PROPOSED, S.SHORTLISTED, S.INTRODUCED, S.IN_DISCUSSION}), S.DISMISSED, True
    ),
}

# What a stage tells the matching engine about the pair.
PROPOSAL_STATUS_FOR_STAGE = {
    S.SHORTLISTED: ProposalStatus.ACCEPTED,
    S.INTRODUCED: ProposalStatus.INTRODUCED,
    S.IN_DISCUSSION: ProposalStatus.INTRODUCED,
    S.AGREEMENT: ProposalStatus.AGREEMENT,
    S.NO_DEAL: ProposalStatus.DISMISSED,
    S.DISMISSED: ProposalStatus.DISMISSED,
}


class StaleMatch(ValidationError):
    """Someone changed the match since the caller last read it."""


def _log(
    match: Match,
    kind: str,
    by: Any,
    text: str = "",
    from_stage: str = "",
    to_stage: str = "",
    data: dict[str, str] | None = None,
) -> None:
    """`data` keeps codes, never sentences: the timeline words them in its reader's language."""
    MatchEvent.objects.create(
        match=match,
        kind=kind,
        actor=by,
        text=text[:4000],
        from_stage=from_stage,
        to_stage=to_stage,
        data=data or {},
    )
    if to_stage:  # a new or moved match changes the picture's scorecard and gaps
        jobs.picture_changed()


def _teach_engine(match: Match, by: Any) -> None:
    status = PROPOSAL_STATUS_FOR_STAGE.get(MatchStage(match.stage))
    if status is None:
        return
    proposal = (
        match.proposal or Proposal.objects.filter(need=match.need, service=match.service).first()
    )
    if proposal is None:
        # A coordinator's own match is a decision too: store it as a labelled pair. The
        # engine never scored it; it is scored when the engine learns (no features here,
        # never a made-up text score of 0).
        proposal = Proposal.objects.create(
            need=match.need,
            service=match.service,
            score=0.0,
            features={},
            model_version="manual",
            source="coordinator",
        )
        Match.objects.filter(pk=match.pk).update(proposal=proposal)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status, decided_by=by, decided_at=timezone.now()
    )


@transaction.atomic
def match_create(
    *, need: DevelopmentNeed, service: RDService, by: Any, origin: str, note: str = ""
) -> Match:
    """Coordinators add matches the engine missed; providers and companies start one by
    expressing interest in a public need or asking about a service."""
    if origin == MatchOrigin.COORDINATOR:
        if not (by.is_staff or scope_for(by).is_coordinator) or not can_coordinate(
            by, Match(need=need, service=service)
        ):
            raise PermissionDenied(_("Only the need's coordinators add matches."))
        if service.status != ServiceStatus.PUBLISHED:
            # A draft is its provider's own business: never shown to a company.
            raise ValidationError({"service": [_("Add published services only.")]})
    elif origin == MatchOrigin.PROVIDER_INTEREST:
        if service.provider_id not in scope_for(by).org_ids:
            raise PermissionDenied(_("Express interest on behalf of your own service."))
        if need.visibility == NeedVisibility.COORDINATORS or need.status != NeedStatus.PUBLISHED:
            raise ValidationError(
                {"need": [_("Interest can be expressed in published public needs only.")]}
            )
    elif origin == MatchOrigin.COMPANY_QUESTION:
        if need.organisation_id not in scope_for(by).org_ids:
            raise PermissionDenied(_("Ask on behalf of your own company's need."))
        if service.status != ServiceStatus.PUBLISHED:
            raise ValidationError({"service": [_("Ask about published services only.")]})
    else:
        raise ValidationError({"origin": [_("Unknown origin.")]})
    needs_lock([need.pk])  # the lock order: need, proposals, match (companies.selectors)
    proposal = Proposal.objects.filter(need=need, service=service).first()
    try:
        with transaction.atomic():
            match = Match.objects.create(
                need=need, service=service, proposal=proposal, origin=origin, created_by=by
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"service": [_("This need and service are already a match.")]}
        ) from exc
    audit.record(by, f"create:{origin}", match)
    _log(match, MatchEventKind.NOTE, by, note, to_stage=match.stage, data={"origin": origin})
    if origin in (MatchOrigin.PROVIDER_INTEREST, MatchOrigin.COMPANY_QUESTION):
        notify_interest(match, note)
    return match


@transaction.atomic
def proposal_shortlist(*, proposal: Proposal, by: Any, note: str = "") -> Match:
    """Accept the engine's proposal: its pair becomes a match (origin ENGINE) and is
    shortlisted, in one transaction, so it leaves the inbox and reaches the board.

    Locks the need, the proposal, then the pair's match. A pair already matched is refused
    unless its match is still proposed (a party's interest), which is then shortlisted.
    """
    needs_lock([proposal.need_id])
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("need", "service")
        .get(pk=proposal.pk)
    )
    need, service = locked.need, locked.service
    if not (by.is_staff or scope_for(by).is_coordinator) or not can_coordinate(
        by, Match(need=need, service=service)
    ):
        raise PermissionDenied(_("Only the need's coordinators add matches."))
    if service.status != ServiceStatus.PUBLISHED:
        raise ValidationError({"service": [_("Add published services only.")]})
    match = match_for_update().filter(need=need, service=service).first()
    if match is None:
        try:
            with transaction.atomic():
                match = Match.objects.create(
                    need=need,
                    service=service,
                    proposal=locked,
                    origin=MatchOrigin.ENGINE,
                    created_by=by,
                )
        except IntegrityError as exc:
            raise ValidationError(
                {"service": [_("This need and service are already a match.")]}
            ) from exc
        audit.record(by, f"create:{MatchOrigin.ENGINE}", match)
        _log(
            match,
            MatchEventKind.NOTE,
            by,
            note,
            to_stage=match.stage,
            data={"origin": MatchOrigin.ENGINE},
        )
    elif match.stage != MatchStage.PROPOSED:
        raise ValidationError({"service": [_("This need and service are already a match.")]})
    if note:
        locked.decision_note = note[:2000]
        locked.save(update_fields=["decision_note", "updated_at"])
    # The shortlisting teaches the engine: the proposal becomes accepted, decided by `by`.
    return match_transition(match=match, by=by, action="shortlist")


@transaction.atomic
def match_transition(
    *,
    match: Match,
    by: Any,
    action: str,
    version: int | None = None,
    reason: str = "",
    reason_text: str = "",
    outcome_type: str = "",
    funding_kind: str = "",
    note: str = "",
) -> Match:
    if action not in TRANSITIONS:
        raise ValidationError({"action": [_("Unknown action.")]})
    # The need first, then the match: the order of every writer of a need's proposals and
    # matches, so this never deadlocks with the worker refreshing the need's proposals.
    needs_lock([match.need_id])
    locked = match_for_update().get(pk=match.pk)
    if not can_coordinate(by, locked):
        raise PermissionDenied(_("Only the need's coordinators move a match."))
    if version is not None and version != locked.version:
        raise StaleMatch(
            {"version": [_("Someone changed this match meanwhile; reload it and try again.")]}
        )
    rule = TRANSITIONS[action]
    if locked.stage not in rule.source:
        raise ValidationError(
            {
                "stage": [
                    _("A match that is %(stage)s cannot be moved to %(target)s.")
                    % {
                        "stage": MatchStage(locked.stage).label,
                        "target": MatchStage(rule.target).label,
                    }
                ]
            }
        )
    errors: dict[str, list[str]] = {}
    if rule.needs_reason and reason not in DeclineReason.values:
        errors["reason"] = [_("Choose a reason.")]
    if (
        action == "introduce"
        and locked.need.visibility == NeedVisibility.ANONYMOUS
        and locked.company_consented_at is None
    ):
        errors["stage"] = [
            _("The company of an anonymous need must agree to the introduction first.")
        ]
    if action == "discuss" and not (
        locked.company_answer == locked.provider_answer == PartyAnswer.INTERESTED
    ):
        errors["stage"] = [_("Both parties must be interested before discussions.")]
    if action == "agree":
        if outcome_type not in OutcomeType.values:
            errors["outcome_type"] = [_("Choose the kind of outcome.")]
        elif (
            outcome_type == OutcomeType.FUNDING_APPLICATION
            and funding_kind not in FundingKind.values
        ):
            errors["funding_kind"] = [_("Choose the funding applied for.")]
    if errors:
        raise ValidationError(errors)
    previous = locked.stage
    locked.stage = rule.target
    locked.version += 1
    locked.stage_changed_at = timezone.now()
    fields = ["stage", "version", "stage_changed_at", "updated_at"]
    if rule.needs_reason:
        locked.reason, locked.reason_text = reason, reason_text[:2000]
        fields += ["reason", "reason_text"]
    if action == "agree":
        locked.outcome_type, locked.funding_kind = outcome_type, funding_kind
        fields += ["outcome_type", "funding_kind"]
    locked.save(update_fields=fields)
    _log(locked, MatchEventKind.STAGE, by, note or reason_text, previous, locked.stage)
    audit.record(by, f"stage:{locked.stage}", locked)
    _teach_engine(locked, by)
    if locked.stage == MatchStage.AGREEMENT:
        need_mark_matched(need=locked.need, by=by)
        follow_ups_schedule(match=locked, by=by)
    if locked.stage == MatchStage.INTRODUCED:
        notify_introduction(locked)
    elif locked.stage == MatchStage.SHORTLISTED:
        notify_shortlisted(locked)
    return locked


FOLLOW_UP_MONTHS = (3, 6, 12)


def follow_ups_schedule(*, match: Match, by: Any, agreed_on: date | None = None) -> None:
    """Record what came of the agreement: tasks 3, 6 and 12 months on (idempotent).

    `agreed_on` is for agreements recorded after the fact (the demo's history); the
    pipeline itself schedules from today.
    """
    today = agreed_on or timezone.localdate()
    for months in FOLLOW_UP_MONTHS:
        month = today.month - 1 + months
        year, month = today.year + month // 12, month % 12 + 1
        due = date(year, month, min(today.day, 28))
        FollowUpTask.objects.get_or_create(
            match=match,
            months_after_agreement=months,
            defaults={
                # For the admin only: pages and e-mails word it in their reader's language.
                "title": f"Follow-up {months} months after the agreement",
                "due_date": due,
                "assignee": match.assignee or by,
            },
        )


LOGGABLE = (MatchEventKind.NOTE, MatchEventKind.CALL, MatchEventKind.MEETING, MatchEventKind.EMAIL)


@transaction.atomic
def match_log(*, match: Match, by: Any, kind: str, text: str) -> MatchEvent:
    """A note, call, meeting or e-mail on the match's timeline."""
    if not (can_coordinate(by, match) or _party(by, match)):
        raise PermissionDenied(_("Only the coordinators and the parties log activity."))
    if kind not in LOGGABLE:
        raise ValidationError({"kind": [_("Log a note, call, meeting or e-mail.")]})
    if not text.strip():
        raise ValidationError({"text": [_("Write what happened.")]})
    return MatchEvent.objects.create(match=match, kind=kind, actor=by, text=text[:4000])


def assignable_users(match: Match) -> Any:
    """Who may carry a match: the need's coordinators and staff, as they get its messages."""
    from accounts.models import User

    coordinator_ids = [user.pk for user in coordinators_of(match.need)]
    return User.objects.filter(is_active=True).filter(Q(is_staff=True) | Q(pk__in=coordinator_ids))


@transaction.atomic
def match_assign(*, match: Match, by: Any, assignee_id: int | None) -> Match:
    """Assign the match to a coordinator of the need or a staff member, or to nobody."""
    locked = match_for_update().get(pk=match.pk)
    if not can_coordinate(by, locked):
        raise PermissionDenied(_("Only the need's coordinators assign a match."))
    assignee = None
    if assignee_id is not None:
        assignee = assignable_users(locked).filter(pk=assignee_id).first()
        if assignee is None:
            # One answer for a stranger and a missing id: the caller learns nothing of users.
            raise ValidationError(
                {"assignee": [_("Choose one of the need's coordinators or a staff member.")]}
            )
    locked.assignee = assignee
    locked.version += 1
    locked.save(update_fields=["assignee", "version", "updated_at"])
    _log(
        locked,
        MatchEventKind.NOTE,
        by,
        data={"assignee": assignee.display_name if assignee else ""},
    )
    return locked


@transaction.atomic
def task_done(*, task: FollowUpTask, by: Any) -> FollowUpTask:
    if not can_coordinate(by, task.match):
        raise PermissionDenied(_("Only the need's coordinators close follow-ups."))
    FollowUpTask.objects.filter(pk=task.pk, done_at__isnull=True).update(done_at=timezone.now())
    task.refresh_from_db()
    return task


@transaction.atomic
def match_answer(*, match: Match, by: Any, answer: str, reason: str = "", text: str = "") -> Match:
    """A party's answer to an introduction; a decline carries a structured reason."""
    locked = match_for_update().get(pk=match.pk)
    party = _party(by, locked)
    if party is None:
        raise PermissionDenied(_("Only the company and the provider answer."))
    if locked.stage != MatchStage.INTRODUCED:
        raise ValidationError({"stage": [_("Answers are given once the parties are introduced.")]})
    if answer not in (PartyAnswer.INTERESTED, PartyAnswer.DECLINED):
        raise ValidationError({"answer": [_("Answer interested or declined.")]})
    if answer == PartyAnswer.DECLINED and reason not in DeclineReason.values:
        raise ValidationError({"reason": [_("Choose a reason.")]})
    setattr(locked, f"{party}_answer", answer)
    if answer == PartyAnswer.DECLINED:
        locked.reason, locked.reason_text = reason, text[:2000]
    locked.version += 1
    locked.save()
    data = {"party": party, "answer": answer}
    if answer == PartyAnswer.DECLINED:
        data["reason"] = reason
    _log(locked, MatchEventKind.ANSWER, by, text.strip(), data=data)
    notify_party_answer(locked, party, answer, text)
    audit.record(by, f"answer:{party}:{answer}", locked)
    return locked


@transaction.atomic
def match_consent(*, match: Match, by: Any) -> Match:
    """The company of an anonymous need agrees to be introduced."""
    locked = match_for_update().get(pk=match.pk)
    if _party(by, locked) != "company":
        raise PermissionDenied(_("Only the company consents to its introduction."))
    if locked.stage in FINAL_STAGES:
        raise ValidationError({"stage": [_("This match is closed.")]})
    if locked.company_consented_at is None:
        locked.company_consented_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["company_consented_at", "version", "updated_at"])
        _log(locked, MatchEventKind.CONSENT, by)
    return locked


def label_event_actors(user: Any, events: Any) -> list[MatchEvent]:
    """The events, each with `actor_label`: who acted, as `user` may know it, and its
    `text` worded in the reader's language.

    While an anonymous need's company is hidden from `user`, whoever acted for the company
    is shown as "The company": a name or an e-mail address would tell the company. Only
    actors known to act on another side (the provider's members, the need's coordinators,
    staff) are named, so someone who has since left the company stays unnamed too.
    """
    from accounts.models import Membership

    events = list(events)
    for event in events:
        # Worded now, in the reader's language, from the codes kept with the event; the
        # instances are for display and never saved.
        event.text = event_sentence(event)
    sides: dict[int, tuple[set[int], set[int]]] = {}  # match -> (company, other sides)
    for event in events:
        match, actor = event.match, event.actor
        if actor is None or company_visible_to(user, match):
            event.actor_label = actor.display_name if actor else "–"
            continue
        if match.pk not in sides:
            members = Membership.objects.filter(
                organisation_id__in=(match.need.organisation_id, match.service.provider_id)
            ).values_list("user_id", "organisation_id")
            company = {u for u, org in members if org == match.need.organisation_id}
            others = {u for u, org in members if org == match.service.provider_id}
            others |= {u.pk for u in coordinators_of(match.need)}
            sides[match.pk] = (company, others)
        company, others = sides[match.pk]
        named = actor.pk not in company and (actor.pk in others or actor.is_staff)
        event.actor_label = actor.display_name if named else str(HIDDEN_COMPANY_ACTOR)
    return events
