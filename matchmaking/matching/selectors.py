from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language

from companies.models import DevelopmentNeed, NeedStatus
from companies.rules import coordinated_needs_q
from companies.selectors import needs_visible_to
from engine.reasons import render
from services.models import RDService, ServiceStatus

from ..models import Proposal
from .proposals import reason_labels


def _with_relations(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return queryset.select_related(
        "service",
        "service__provider",
        "service__service_type",
        "service__region",
        "need",
        "need__organisation",
        "need__category",
        "need__region",
    ).prefetch_related("need__priority_areas")


def suggestions_for_need(need: DevelopmentNeed) -> QuerySet[Proposal]:
    return _with_relations(
        Proposal.objects.filter(need=need, service__status=ServiceStatus.PUBLISHED)
    ).order_by("-score", "pk")[: settings.MATCHING_TOP_K]


def needs_for_service(user: Any, service: RDService) -> QuerySet[Proposal]:
    visible = needs_visible_to(user).filter(status=NeedStatus.PUBLISHED).values("pk")
    return _with_relations(Proposal.objects.filter(service=service, need__in=visible)).order_by(
        "-score", "pk"
    )[: settings.MATCHING_TOP_K]


def proposals_for_review(user: Any) -> QuerySet[Proposal]:
    """Every proposal on published needs of the user's clusters (staff: all)."""
    visible = (
        needs_visible_to(user)
        .filter(coordinated_needs_q(user), status=NeedStatus.PUBLISHED)
        .values("pk")
    )
    return _with_relations(
        Proposal.objects.filter(need__in=visible, service__status=ServiceStatus.PUBLISHED)
    ).order_by("-score", "pk")


def with_sentences(proposals: Any) -> list[Proposal]:
    """The proposals, each with `sentences`: its reasons in the viewer's language."""
    proposals = list(proposals)
    if not proposals:
        return proposals
    language = (get_language() or "fi")[:2]
    labels = reason_labels()
    for proposal in proposals:
        proposal.sentences = [render(reason, language, labels) for reason in proposal.reasons]
    return proposals
