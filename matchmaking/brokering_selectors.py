from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts.rules import coordinated_needs_q, scope_for
from companies.models import DevelopmentNeed

from .models import Match, MatchOrigin, MatchStage

# A provider sees a match once the parties are introduced, or when it started it.
PARTY_STAGES = (
    MatchStage.INTRODUCED,
    MatchStage.IN_DISCUSSION,
    MatchStage.AGREEMENT,
    MatchStage.NO_DEAL,
)


def matches_for(user: Any) -> QuerySet[Match]:
    scope = scope_for(user)
    visible = Q(need__in=DevelopmentNeed.objects.filter(coordinated_needs_q(user)).values("pk"))
    if not scope.staff and not scope.is_coordinator:
        visible = Q(pk__in=[])
    if scope.org_ids:
        visible |= Q(need__organisation_id__in=scope.org_ids)
        visible |= Q(service__provider_id__in=scope.org_ids) & (
            Q(stage__in=PARTY_STAGES) | Q(origin=MatchOrigin.PROVIDER_INTEREST)
        )
    return (
        Match.objects.filter(visible)
        .select_related("need", "need__organisation", "service", "service__provider", "proposal")
        .prefetch_related("events", "events__actor", "tasks")
    )
