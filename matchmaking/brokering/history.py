"""Whether a need, service or organisation has brokering history that must be kept.

History is a match (its timeline, follow-ups and the outcome the EU indicator counts) or a
proposal a person decided on (the engine learns from those decisions). Undecided engine
proposals are not history: the engine recreates them at will.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from core.history import Kind

from ..models import Match, Proposal, ProposalStatus


def _decided(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return proposals.exclude(status=ProposalStatus.PROPOSED)


def decided_proposals_of(
    *,
    need_ids: list[int] | None = None,
    service_ids: list[int] | None = None,
    organisation_ids: list[int] | None = None,
) -> QuerySet[Proposal]:
    """Decided proposals a deletion of these rows would cascade away."""
    q = Q(pk__in=[])
    if need_ids:
        q |= Q(need_id__in=need_ids)
    if service_ids:
        q |= Q(service_id__in=service_ids)
    if organisation_ids:
        q |= Q(need__organisation_id__in=organisation_ids)
        q |= Q(service__provider_id__in=organisation_ids)
    return _decided(Proposal.objects.filter(q))


_LOOKUPS = {"need": "need_ids", "service": "service_ids", "organisation": "organisation_ids"}
_MATCH_FILTERS = {
    "need": lambda ids: Q(need_id__in=ids),
    "service": lambda ids: Q(service_id__in=ids),
    "organisation": lambda ids: Q(need__organisation_id__in=ids) | Q(service__provider_id__in=ids),
}


def brokering_history(kind: Kind, ids: list[int]) -> Iterable[models.QuerySet[Any]]:
    """The keeper matchmaking registers with core.history: matches and decided proposals."""
    if not ids:
        return []
    matches = Match.objects.filter(_MATCH_FILTERS[kind](ids)).select_related("need", "service")
    decided = decided_proposals_of(**{_LOOKUPS[kind]: ids}).select_related("need", "service")
    return [matches, decided]
