"""A living brokering pipeline for the demo: matches in every stage, in both coordinated
regions, made through the product's own actions (interest, shortlist, consent, introduce,
answers, meetings, agreement, no deal, dismissal), then dated back so that the board, the
funnel and the timelines look like weeks of work. Deterministic: the same data and the
same engine give the same pipeline.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.actions import membership_set_contact, user_update_profile
from accounts.models import Membership, MembershipRole, User
from companies.models import NeedStatus, NeedVisibility
from matchmaking.brokering import actions as brokering
from matchmaking.models import (
    DeclineReason,
    FundingKind,
    Match,
    MatchEvent,
    MatchOrigin,
    MatchStage,
    OutcomeType,
    PartyAnswer,
    Proposal,
)
from notifications.models import OutboundEmail
from services.models import ServiceStatus

S = MatchStage
# Round robin: with seven pairs every stage has one, with fourteen two.
STAGES = [
    S.PROPOSED,
    S.SHORTLISTED,
    S.INTRODUCED,
    S.IN_DISCUSSION,
    S.AGREEMENT,
    S.NO_DEAL,
    S.DISMISSED,
]
OUTCOMES = [
    (OutcomeType.RD_SERVICE_PURCHASE, ""),
    (OutcomeType.FUNDING_APPLICATION, FundingKind.INNOVATION_VOUCHER),
    (OutcomeType.JOINT_RD_PROJECT, ""),
]
REASONS = [DeclineReason.TIMING, DeclineReason.CAPACITY, DeclineReason.COST]

# What people wrote (fictional), in the demo's working language.
INTEREST_NOTE = "Meillä on tähän sopiva laitteisto ja vapaata kapasiteettia keväällä."
SHORTLIST_NOTE = "Hyvä osuma: palvelun TRL-taso ja alue sopivat tarpeeseen."
INTRODUCTION_NOTE = (
    "Esittelen teidät toisillenne: palveluntarjoajalla on kokemusta juuri tällaisista "
    "kokeista. Sopikaa lyhyt puhelu, niin katsotaan jatko yhdessä."
)
COMPANY_YES = "Kiinnostaa, sopikaa aika ensi viikolle."
PROVIDER_YES = "Kiinnostaa, voimme tehdä esiselvityksen."
PROVIDER_NO = "Laboratorio on varattu syksyyn asti."
MEETING = "Tapaaminen laboratoriossa: käytiin läpi koeohjelma, aikataulu ja kustannusarvio."
CALL = "Ensimmäinen puhelu: tarve ja palvelu esiteltiin puolin ja toisin."
DISMISS_TEXT = "Palvelu ei kata tarpeen tärkeintä osaa."


def _owner(organisation_id: int) -> User:
    membership = (
        Membership.objects.filter(organisation_id=organisation_id, role=MembershipRole.OWNER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    assert membership is not None, "every demo organisation has an owner"
    return membership.user


def _candidates(region_code: str, count: int) -> list[Proposal]:
    """The best proposal of each published need of the region, best needs first; public
    and anonymous needs only (their companies take part in an introduction)."""
    proposals = (
        Proposal.objects.filter(
            need__region__code=region_code,
            need__status=NeedStatus.PUBLISHED,
            need__visibility__in=(NeedVisibility.PUBLIC, NeedVisibility.ANONYMOUS),
            service__status=ServiceStatus.PUBLISHED,
        )
        .select_related("need", "service")
        .order_by("-score", "pk")
    )
    chosen: list[Proposal] = []
    needs: set[int] = set()
    for proposal in proposals:
        if proposal.need_id in needs:
            continue
        needs.add(proposal.need_id)
        chosen.append(proposal)
        if len(chosen) == count:
            break
    return chosen


def _introduce(match: Match, coordinator: User, company: User) -> Match:
    if match.need.visibility == NeedVisibility.ANONYMOUS:
        brokering.match_consent(match=match, by=company)
    return brokering.match_transition(
        match=match, by=coordinator, action="introduce", note=INTRODUCTION_NOTE
    )


def _advance(proposal: Proposal, stage: str, coordinator: User, serial: int) -> Match:
    need, service = proposal.need, proposal.service
    company, provider = _owner(need.organisation_id), _owner(service.provider_id)
    if stage == S.PROPOSED:
        if need.visibility == NeedVisibility.PUBLIC:
            return brokering.match_create(
                need=need,
                service=service,
                by=provider,
                origin=MatchOrigin.PROVIDER_INTEREST,
                note=INTEREST_NOTE,
            )
        return brokering.match_create(
            need=need, service=service, by=coordinator, origin=MatchOrigin.COORDINATOR
        )
    match = brokering.proposal_shortlist(proposal=proposal, by=coordinator, note=SHORTLIST_NOTE)
    if serial % 2 == 0:
        match = brokering.match_assign(match=match, by=coordinator, assignee_id=coordinator.pk)
    if stage == S.SHORTLISTED:
        return match
    if stage == S.DISMISSED:
        return brokering.match_transition(
            match=match,
            by=coordinator,
            action="dismiss",
            reason=REASONS[serial % len(REASONS)],
            reason_text=DISMISS_TEXT,
        )
    match = _introduce(match, coordinator, company)
    match = brokering.match_answer(
        match=match, by=company, answer=PartyAnswer.INTERESTED, text=COMPANY_YES
    )
    if stage == S.INTRODUCED:
        return match
    if stage == S.NO_DEAL:
        reason = REASONS[serial % len(REASONS)]
        match = brokering.match_answer(
            match=match, by=provider, answer=PartyAnswer.DECLINED, reason=reason, text=PROVIDER_NO
        )
        return brokering.match_transition(
            match=match, by=coordinator, action="no_deal", reason=reason, reason_text=PROVIDER_NO
        )
    match = brokering.match_answer(
        match=match, by=provider, answer=PartyAnswer.INTERESTED, text=PROVIDER_YES
    )
    brokering.match_log(match=match, by=company, kind="call", text=CALL)
    match = brokering.match_transition(match=match, by=coordinator, action="discuss")
    brokering.match_log(match=match, by=coordinator, kind="meeting", text=MEETING)
    if stage == S.IN_DISCUSSION:
        return match
    outcome, funding = OUTCOMES[serial % len(OUTCOMES)]
    return brokering.match_transition(
        match=match, by=coordinator, action="agree", outcome_type=outcome, funding_kind=funding
    )


def _date_back(match: Match, now: datetime, days_ago: int) -> None:
    """Spread the match's events over `days_ago` days up to a few days ago, in order."""
    events = list(MatchEvent.objects.filter(match=match).order_by("created_at", "pk"))
    start = now - timedelta(days=days_ago)
    step = timedelta(days=max(1, days_ago - 2)) / max(1, len(events))
    last = start
    for position, event in enumerate(events):
        last = start + step * position
        MatchEvent.objects.filter(pk=event.pk).update(created_at=last)
    Match.objects.filter(pk=match.pk).update(
        created_at=start, stage_changed_at=last, updated_at=last
    )


@transaction.atomic
def load_pipeline(*, coordinators: dict[str, tuple[User, int]]) -> int:
    """For each region, its coordinator's matches, `per_stage` in every stage; none when
    the demo already has matches."""
    if Match.objects.exists():
        return 0
    now = timezone.now()
    made = 0
    # History, not news: the notifications stay in everyone's centre, but the e-mails the
    # actions wrote are dropped before the commit sends them (as the engine's first fit
    # sends none). Sending them cost a third of the loading time.
    last_email = OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for region_code, (coordinator, per_stage) in coordinators.items():
        plan = STAGES * per_stage
        for serial, (stage, proposal) in enumerate(
            zip(plan, _candidates(region_code, len(plan)), strict=False)
        ):
            match = _advance(proposal, stage, coordinator, serial)
            _date_back(match, now, days_ago=5 + (serial * 7) % 60)
            made += 1
    OutboundEmail.objects.filter(pk__gt=last_email).delete()
    return made


def contact_details(users: dict[str, Any]) -> None:
    """Titles and phones for the demo's main people, shown once they are introduced."""
    details = {
        "company": ("Toimitusjohtaja", "+358 40 010 0001"),
        "member": ("Tuotantoinsinööri", "+358 40 010 0002"),
        "provider": ("Tutkimuspäällikkö", "+358 40 010 0003"),
    }
    for local, (title, phone) in details.items():
        user = users[local]
        if not user.phone:
            user_update_profile(
                user=user, full_name=user.full_name, language=user.language, phone=phone
            )
        for membership in Membership.objects.filter(user=user, title="").select_related(
            "organisation"
        ):
            membership_set_contact(
                membership=membership,
                by=_owner(membership.organisation_id),
                is_contact=True,
                title=title,
            )
