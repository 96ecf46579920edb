from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.scope import scope_for
from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility
from companies.rules import coordinated_needs_q
from companies.selectors import needs_visible_to
from taxonomy.models import DEFAULT_PROPOSAL_THRESHOLD, Cluster

from ..models import Match, MatchOrigin, MatchStage, Proposal, ProposalStatus

# A provider sees a match once the parties are introduced, or when it started it.
PARTY_STAGES = (
    MatchStage.INTRODUCED,
    MatchStage.IN_DISCUSSION,
    MatchStage.AGREEMENT,
    MatchStage.NO_DEAL,
)


def match_for_update() -> QuerySet[Match]:
    """Matches to change, each row locked until the transaction ends; the need and the
    service come along for the rules but are not locked (`of=("self",)`)."""
    return Match.objects.select_for_update(of=("self",)).select_related("need", "service")


def matches_for(user: Any) -> QuerySet[Match]:
    scope = scope_for(user)
    visible = Q(need__in=DevelopmentNeed.objects.filter(coordinated_needs_q(user)).values("pk"))
    if not scope.staff and not scope.is_coordinator:
        visible = Q(pk__in=[])
    if scope.org_ids:
        # The company sees a match once a coordinator shortlists it (it may have to consent
        # to an introduction), the provider once introduced; each sees what it started.
        # A dismissal reaches the company with its reason; the provider only learns of one
        # after it took part.
        visible |= Q(need__organisation_id__in=scope.org_ids) & (
            Q(stage__in=(MatchStage.SHORTLISTED, MatchStage.DISMISSED, *PARTY_STAGES))
            | Q(origin=MatchOrigin.COMPANY_QUESTION)
        )
        visible |= Q(service__provider_id__in=scope.org_ids) & (
            Q(stage__in=PARTY_STAGES)
            | Q(origin=MatchOrigin.PROVIDER_INTEREST)
            | (Q(stage=MatchStage.DISMISSED) & ~Q(provider_answer="pending"))
        )
    return (
        Match.objects.filter(visible)
        .select_related("need", "need__organisation", "service", "service__provider", "proposal")
        .prefetch_related("events", "events__actor", "tasks")
    )


def company_visible_q(user: Any) -> Q:
    """Matches whose company `user` may know: the queryset twin of
    `actions.company_visible_to` (public need, consent given, own company, coordinated)."""
    scope = scope_for(user)
    if scope.staff:
        return Q()
    coordinated = DevelopmentNeed.objects.filter(coordinated_needs_q(user)).values("pk")
    return (
        ~Q(need__visibility=NeedVisibility.ANONYMOUS)
        | Q(company_consented_at__isnull=False)
        | Q(need__organisation_id__in=scope.org_ids)
        | Q(need__in=coordinated)
    )


def above_threshold_q(user: Any) -> Q:
    """Proposals scoring at least the threshold of one of the user's clusters that reaches
    the need: those its coordinators were told of. Staff: the default on every need."""
    above = Q(score__gte=DEFAULT_PROPOSAL_THRESHOLD) if scope_for(user).staff else Q(pk__in=[])
    for cluster in Cluster.objects.filter(coordinators=user.pk):
        reached = DevelopmentNeed.objects.filter(cluster.reach_q()).values("pk")
        above |= Q(need__in=reached, score__gte=cluster.proposal_threshold)
    return above


SERVICE_LOOKUP_LIMIT = 20


def services_to_add(user: Any, need: DevelopmentNeed, text: str) -> QuerySet[Any]:
    """Published services a coordinator may add to the need, by words of their title or
    provider's name: at most SERVICE_LOOKUP_LIMIT, the pairs already matched left out."""
    from services.selectors import services_in_directory

    words = text.split()[:5]
    services = services_in_directory(user).exclude(
        pk__in=Match.objects.filter(need=need).values("service_id")
    )
    for word in words:
        services = services.filter(Q(title__icontains=word) | Q(provider__name__icontains=word))
    return services.select_related("provider").order_by("title", "pk")[:SERVICE_LOOKUP_LIMIT]


def inbox_needs(user: Any) -> QuerySet[DevelopmentNeed]:
    """The published needs of the user's clusters (staff: all), as the inbox shows them."""
    return needs_visible_to(user).filter(coordinated_needs_q(user), status=NeedStatus.PUBLISHED)


def inbox_proposals(user: Any, needs: QuerySet[DevelopmentNeed]) -> QuerySet[Proposal]:
    """New proposals on `needs` (the inbox's needs in scope) at or above a threshold of the
    user's clusters, not yet a match, best first. Ordered by the score index
    (status, -score); take the first rows with `core.pages.first_rows`, which sorts ids,
    not wide rows."""
    return (
        Proposal.objects.filter(need__in=needs.values("pk"), status=ProposalStatus.PROPOSED)
        # NOT EXISTS rather than `match__isnull` (a LEFT JOIN ... IS NULL, which PostgreSQL
        # estimated at one row and so sorted every proposal instead of reading the index).
        .filter(~Exists(Match.objects.filter(proposal_id=OuterRef("pk"))))
        .filter(above_threshold_q(user))
        .select_related("need", "service", "service__provider")
        .order_by("-score", "pk")
    )
