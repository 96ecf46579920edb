"""Demo history for the situational picture, so that every chart has a shape on first look.

Freshly loaded demo rows are all published "now", which would make every trend a single
point. This spreads publication over the last 18 months, tops up brokered matches with
their stage history where the demo has few, closes a few old needs without an outcome,
and adds the parties' ratings of introductions and answered impact forms. Everything is
deterministic (derived from primary keys) and safe to run again: rows already moved into
the past, matches already there and answers already given are left as they are.

Timestamps are historical, so this writes them directly rather than through the actions
(which stamp "now"); it never creates anything an action would refuse.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from companies.models import CloseReason, DevelopmentNeed, NeedStatus, NeedVisibility
from insights.actions import add_months
from insights.models import IMPACT_MONTHS, ImpactFollowUp, IntroductionRating, Party
from matchmaking.brokering.actions import follow_ups_schedule
from matchmaking.models import (
    Match,
    MatchEvent,
    MatchEventKind,
    MatchOrigin,
    MatchStage,
    OutcomeType,
    PartyAnswer,
    Proposal,
)
from services.models import RDService, ServiceStatus

HISTORY_DAYS = 540
WANTED_INTRODUCED = 18
# The stage path of each topped-up match, in turn: every stage and both endings appear.
PATHS: list[list[str]] = [
    [MatchStage.SHORTLISTED, MatchStage.INTRODUCED, MatchStage.IN_DISCUSSION, MatchStage.AGREEMENT],
    [MatchStage.SHORTLISTED, MatchStage.INTRODUCED],
    [MatchStage.INTRODUCED, MatchStage.IN_DISCUSSION, MatchStage.AGREEMENT],
    [MatchStage.SHORTLISTED, MatchStage.INTRODUCED, MatchStage.NO_DEAL],
    [MatchStage.SHORTLISTED],
    [MatchStage.INTRODUCED, MatchStage.IN_DISCUSSION],
    [MatchStage.SHORTLISTED, MatchStage.DISMISSED],
    [MatchStage.INTRODUCED, MatchStage.IN_DISCUSSION, MatchStage.AGREEMENT],
]
ORIGINS = [
    MatchOrigin.ENGINE,
    MatchOrigin.COORDINATOR,
    MatchOrigin.ENGINE,
    MatchOrigin.PROVIDER_INTEREST,
    MatchOrigin.COMPANY_QUESTION,
]
OUTCOMES = [
    OutcomeType.JOINT_RD_PROJECT,
    OutcomeType.RD_SERVICE_PURCHASE,
    OutcomeType.FUNDING_APPLICATION,
]


def load_insights_demo(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    counts = {
        "needs dated": _spread_needs(now),
        "services dated": _spread_services(now),
        "matches added": _top_up_matches(now),
        "needs closed": _close_some(now),
        "ratings": _ratings(now),
        "impact forms": _impact(now),
    }
    return counts


def _spread_needs(now: datetime) -> int:
    fresh = DevelopmentNeed.objects.filter(published_at__gte=now - timedelta(days=1)).order_by("pk")
    count = 0
    for index, need in enumerate(fresh):
        # Growth: more needs in recent months than long ago (a square-root spread).
        fraction = ((index * 37) % 101) / 100
        days = 2 + int(HISTORY_DAYS * fraction**1.6)
        DevelopmentNeed.objects.filter(pk=need.pk).update(
            published_at=now - timedelta(days=days, hours=index % 9)
        )
        count += 1
    return count


def _spread_services(now: datetime) -> int:
    fresh = RDService.objects.filter(published_at__gte=now - timedelta(days=1)).order_by("pk")
    count = 0
    for index, service in enumerate(fresh):
        days = 10 + (index * 53) % (HISTORY_DAYS + 120)
        RDService.objects.filter(pk=service.pk).update(published_at=now - timedelta(days=days))
        count += 1
    return count


def _event(match: Match, to_stage: str, at: datetime, previous: str) -> None:
    event = MatchEvent.objects.create(
        match=match, kind=MatchEventKind.STAGE, from_stage=previous, to_stage=to_stage
    )
    MatchEvent.objects.filter(pk=event.pk).update(created_at=at)


def _top_up_matches(now: datetime) -> int:
    introduced = (
        MatchEvent.objects.filter(to_stage=MatchStage.INTRODUCED).values("match").distinct()
    )
    wanted = WANTED_INTRODUCED - introduced.count()
    if wanted <= 0:
        return 0
    unmatched = ~Exists(Match.objects.filter(need=OuterRef("need")))
    proposals = (
        Proposal.objects.filter(
            need__status=NeedStatus.PUBLISHED,
            need__published_at__lte=now - timedelta(days=60),
            service__status=ServiceStatus.PUBLISHED,
        )
        .filter(unmatched)
        .exclude(need__visibility=NeedVisibility.COORDINATORS)
        .select_related("need", "service")
        .order_by("-score", "pk")
    )
    added, seen_needs = 0, set()
    for proposal in proposals:
        if added >= wanted * 3 // 2 or proposal.need_id in seen_needs:
            continue
        seen_needs.add(proposal.need_id)
        path = PATHS[added % len(PATHS)]
        stage = path[-1]
        published_at = proposal.need.published_at or now
        began = published_at + timedelta(days=1 + (proposal.pk * 7) % 16)
        match = Match.objects.create(
            need=proposal.need,
            service=proposal.service,
            proposal=proposal,
            origin=ORIGINS[added % len(ORIGINS)],
            stage=stage,
            company_answer=PartyAnswer.INTERESTED
            if MatchStage.IN_DISCUSSION in path
            else "pending",
            provider_answer=PartyAnswer.INTERESTED
            if MatchStage.IN_DISCUSSION in path
            else "pending",
            company_consented_at=began
            if proposal.need.visibility == NeedVisibility.ANONYMOUS
            else None,
            outcome_type=OUTCOMES[added % len(OUTCOMES)] if stage == MatchStage.AGREEMENT else "",
            reason="timing" if stage in (MatchStage.NO_DEAL, MatchStage.DISMISSED) else "",
        )
        at: datetime = began
        previous: str = MatchStage.PROPOSED
        for step in path:
            at = min(
                now - timedelta(hours=1),
                at + timedelta(days=2 + (proposal.pk + len(previous)) % 12),
            )
            _event(match, step, at, previous)
            previous = step
        Match.objects.filter(pk=match.pk).update(created_at=began, stage_changed_at=at)
        if stage == MatchStage.AGREEMENT:
            DevelopmentNeed.objects.filter(pk=match.need_id).update(status=NeedStatus.MATCHED)
            # Like an agreement made in the pipeline: follow-ups 3, 6 and 12 months on.
            follow_ups_schedule(match=match, by=None, agreed_on=at.date())
        added += 1
    return added


def _close_some(now: datetime) -> int:
    """A few old needs with no match end closed or expired without an outcome."""
    old = (
        DevelopmentNeed.objects.filter(
            status=NeedStatus.PUBLISHED, published_at__lte=now - timedelta(days=240)
        )
        .filter(~Exists(Match.objects.filter(need=OuterRef("pk"))))
        .order_by("pk")
    )
    closed = 0
    for index, need in enumerate(old[:4]):
        DevelopmentNeed.objects.filter(pk=need.pk).update(
            status=NeedStatus.EXPIRED if index % 2 else NeedStatus.CLOSED,
            close_reason="" if index % 2 else CloseReason.NO_SUITABLE_PARTNER,
            closed_at=(need.published_at or now) + timedelta(days=180),
        )
        closed += 1
    return closed


def _ratings(now: datetime) -> int:
    events = MatchEvent.objects.filter(to_stage=MatchStage.INTRODUCED).order_by(
        "match_id", "created_at"
    )
    made = 0
    for event in events:
        for party in (Party.COMPANY, Party.PROVIDER):
            score = 2 + (event.match_id * (3 if party == Party.COMPANY else 5)) % 4
            _rating, created = IntroductionRating.objects.get_or_create(
                match_id=event.match_id,
                party=party,
                defaults={
                    "score": score,
                    "rated_at": min(now, event.created_at + timedelta(days=6)),
                },
            )
            made += int(created)
    return made


def _impact(now: datetime) -> int:
    agreements = Match.objects.filter(stage=MatchStage.AGREEMENT)
    today = timezone.localtime(now).date()
    made = 0
    for match in agreements:
        agreed: date = timezone.localtime(match.stage_changed_at).date()
        for months in IMPACT_MONTHS:
            due = add_months(agreed, months)
            answered = due <= today and (match.pk + months) % 4 != 0
            follow_up, created = ImpactFollowUp.objects.get_or_create(
                match=match, months=months, defaults={"due_date": due}
            )
            if not created or not answered:
                continue
            made += 1
            ImpactFollowUp.objects.filter(pk=follow_up.pk).update(
                answered_at=timezone.make_aware(datetime.combine(due, datetime.min.time()))
                + timedelta(days=3),
                project_started=True,
                funding_applied=match.outcome_type == OutcomeType.FUNDING_APPLICATION,
                funding_granted=match.outcome_type == OutcomeType.FUNDING_APPLICATION
                and months >= 6,
                funding_instrument="Business Finland"
                if match.outcome_type == OutcomeType.FUNDING_APPLICATION
                else "",
                product_process_innovation=months >= 6 and match.pk % 2 == 0,
                marketing_org_innovation=months == 12 or match.pk % 3 == 0,
                private_investment_eur=5000 * months * (1 + match.pk % 3),
                jobs_created=months // 6,
            )
    return made


def describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{value} {name}" for name, value in counts.items())
