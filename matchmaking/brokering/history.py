"""Whether a need, service or organisation has brokering history that must be kept.

History is a match (its timeline, follow-ups and the outcome the EU indicator counts) or a
proposal a person decided on (the engine learns from those decisions). Undecided engine
proposals are not history: the engine recreates them at will.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import Match, Proposal, ProposalStatus


def _decided(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return proposals.exclude(status=ProposalStatus.PROPOSED)


def need_has_history(need_id: int) -> bool:
    return (
        Match.objects.filter(need_id=need_id).exists()
        or _decided(Proposal.objects.filter(need_id=need_id)).exists()
    )


def service_has_history(service_id: int) -> bool:
    return (
        Match.objects.filter(service_id=service_id).exists()
        or _decided(Proposal.objects.filter(service_id=service_id)).exists()
    )


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
