from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.scope import scope_for
from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility
from companies.rules import coordinated_needs_q
from taxonomy.models import DEFAULT_PROPOSAL_THRESHOLD, Cluster

from ..models import FINAL_STAGES, Match, MatchOrigin, MatchStage, Proposal, ProposalStatus

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


def coordinated_matches(user: Any) -> QuerySet[Match]:
    """The matches on needs of the user's clusters (staff: all), as a coordinator's board
    and its CSV read them.

    The same rows as `matches_for(user)` narrowed to those needs, without its OR of the
    parties' branches (which can only add matches on other needs) nor its prefetches.
    """
    coordinated = DevelopmentNeed.objects.filter(coordinated_needs_q(user)).values("pk")
    return Match.objects.filter(need__in=coordinated).select_related(
        "need", "need__organisation", "service", "service__provider", "proposal"
    )


# What a board card shows: the titles, age in stage, assignee, score, and the version its
# move form sends back.
CARD_FIELDS = (
    "stage",
    "stage_changed_at",
    "version",
    "need_id",
    "service_id",
    "assignee_id",
    "proposal_id",
    "need__title",
    "service__title",
    "assignee__full_name",
    "assignee__email",
    "assignee__erased_at",
    "proposal__score",
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


def above_threshold_q(user: Any, *, within_reach: bool = False) -> Q:
    """Proposals scoring at least the threshold of one of the user's clusters that reaches
    the need: those its coordinators were told of. Staff: the default on every need.

    `within_reach`: the caller has already narrowed the proposals to needs the user's
    clusters reach (staff: any need). When every threshold that applies is the same, the
    score alone then decides, and the per-cluster reach subqueries are left out.
    """
    staff = scope_for(user).staff
    clusters = list(
        Cluster.objects.filter(coordinators=user.pk)
        .only("pk", "region_id", "proposal_threshold")
        .order_by("pk")
    )
    thresholds = {cluster.proposal_threshold for cluster in clusters}
    if staff:
        thresholds.add(DEFAULT_PROPOSAL_THRESHOLD)
    if within_reach and len(thresholds) == 1:
        return Q(score__gte=thresholds.pop())
    above = Q(score__gte=DEFAULT_PROPOSAL_THRESHOLD) if staff else Q(pk__in=[])
    areas: dict[int, list[int]] = {}
    for cluster_id, area_id in Cluster.priority_areas.through.objects.filter(
        cluster_id__in=[cluster.pk for cluster in clusters]
    ).values_list("cluster_id", "priorityarea_id"):
        areas.setdefault(cluster_id, []).append(area_id)
    for cluster in clusters:
        # The area links as a plain id subquery, not `Cluster.reach_q`'s join: an OR across
        # a join made PostgreSQL scan every need and its areas once per cluster.
        reached = Q(need__region_id=cluster.region_id)
        if cluster.pk in areas:
            links = DevelopmentNeed.priority_areas.through.objects.filter(
                priorityarea_id__in=areas[cluster.pk]
            ).values("developmentneed_id")
            reached |= Q(need_id__in=links)
        above |= reached & Q(score__gte=cluster.proposal_threshold)
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
    """The published needs of the user's clusters (staff: all), as the inbox shows them.

    No `needs_visible_to`: a coordinator may see every need its clusters reach, so that
    filter (an OR of three branches) would change nothing but the plan's cost.
    """
    return DevelopmentNeed.objects.filter(coordinated_needs_q(user), status=NeedStatus.PUBLISHED)


def inbox_proposals(user: Any, needs: QuerySet[DevelopmentNeed]) -> QuerySet[Proposal]:
    """New proposals on `needs` (the inbox's needs in scope) at or above a threshold of the
    user's clusters, not yet a match, best first. Ordered by the score index
    (status, -score); take the first rows with `core.pages.first_rows` and
    `proposal_rows`, which sorts ids, not wide rows."""
    return (
        Proposal.objects.filter(need__in=needs.values("pk"), status=ProposalStatus.PROPOSED)
        # NOT EXISTS rather than `match__isnull` (a LEFT JOIN ... IS NULL, which PostgreSQL
        # estimated at one row and so sorted every proposal instead of reading the index).
        .filter(~Exists(Match.objects.filter(proposal_id=OuterRef("pk"))))
        .filter(above_threshold_q(user, within_reach=True))
        .order_by("-score", "pk")
    )


def inbox_proposal_rows() -> QuerySet[Proposal]:
    """What the inbox shows of a proposal, read by id: the two titles, the provider's name
    and the reasons (not the engine's features)."""
    return Proposal.objects.select_related("need", "service", "service__provider").only(
        "need_id",
        "service_id",
        "score",
        "reasons",
        "need__title",
        "service__title",
        "service__provider__name",
    )


def inbox_matches(user: Any, needs: QuerySet[DevelopmentNeed]) -> QuerySet[Match]:
    """The open matches on `needs` (the inbox's needs in scope), unassigned (NULL) first.

    Not `matches_for`: every match on a need of the user's clusters is visible to its
    coordinators, and the inbox shows only titles, the stage and the assignee, so neither
    the timeline nor the parties' organisations are read.
    """
    return (
        Match.objects.filter(need__in=needs.values("pk"))
        .exclude(stage__in=FINAL_STAGES)
        .select_related("need", "service", "assignee")
        .only(
            "stage",
            "need_id",
            "service_id",
            "assignee_id",
            "need__title",
            "service__title",
            "assignee__full_name",
            "assignee__email",
            "assignee__erased_at",
        )
        .order_by("assignee_id", "-updated_at")
    )
