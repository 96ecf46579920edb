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
    """The need's best proposals of published services. The need is the caller's: only the
    services' side is joined (their type, as the suggestions panel shows it), and the need
    only for its title, as the API gives it."""
    return (
        Proposal.objects.filter(need=need, service__status=ServiceStatus.PUBLISHED)
        .select_related("need", "service", "service__provider", "service__service_type")
        .order_by("-score", "pk")[: settings.MATCHING_TOP_K]
    )


def needs_for_service(user: Any, service: RDService) -> QuerySet[Proposal]:
    visible = needs_visible_to(user).filter(status=NeedStatus.PUBLISHED).values("pk")
    return _with_relations(Proposal.objects.filter(service=service, need__in=visible)).order_by(
        "-score", "pk"
    )[: settings.MATCHING_TOP_K]


def proposals_for_review(user: Any) -> QuerySet[Proposal]:
    """Every proposal on published needs of the user's clusters (staff: all).

    The needs are not narrowed by `needs_visible_to`: a coordinator may see every need its
    clusters reach, so that filter (an OR of three branches) would change nothing but the
    plan's cost. For a page of them, paginate the ids and read `review_rows()` by id.
    """
    reviewed = DevelopmentNeed.objects.filter(
        coordinated_needs_q(user), status=NeedStatus.PUBLISHED
    ).values("pk")
    return _with_relations(
        Proposal.objects.filter(need__in=reviewed, service__status=ServiceStatus.PUBLISHED)
    ).order_by("-score", "pk")


def review_rows() -> QuerySet[Proposal]:
    """What the review page shows of a proposal, read by id: the titles, the provider's
    name, the need's company as far as the viewer may know it (`company_for` reads the
    need's status, visibility, region and areas), the score, status and reasons."""
    return (
        Proposal.objects.select_related("need", "need__organisation", "service__provider")
        .prefetch_related("need__priority_areas")
        .only(
            "need_id",
            "service_id",
            "score",
            "status",
            "reasons",
            "need__title",
            "need__status",
            "need__visibility",
            "need__region_id",
            "need__organisation_id",
            "need__organisation__name",
            "service__title",
            "service__provider__name",
        )
    )


def api_rows() -> QuerySet[Proposal]:
    """What the API's proposal carries, read by id: its own columns but the decision's, and
    the two titles and the provider's name."""
    return Proposal.objects.select_related("need", "service__provider").only(
        "need_id",
        "service_id",
        "score",
        "status",
        "source",
        "model_version",
        "reasons",
        "features",
        "created_at",
        "updated_at",
        "need__title",
        "service__title",
        "service__provider__name",
    )


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
