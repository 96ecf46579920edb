"""API for proposals: suggestions on a need, needs for a service, coordinators' review.

The suggestion routes sit under /needs/{id}/ and /services/{id}/ (config/api_router.py), so
the needs and services apps need not know about matching.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.models import DevelopmentNeed
from companies.selectors import needs_visible_to
from core.domain import acting_user
from services.models import RDService
from services.selectors import services_visible_to

from ..brokering import actions as brokering
from ..models import Proposal, ProposalStatus
from . import proposals
from .selectors import (
    api_rows,
    needs_for_service,
    proposals_for_review,
    suggestions_for_need,
    with_sentences,
)


class ProposalSerializer(serializers.ModelSerializer):
    need_title = serializers.CharField(source="need.title")
    service_title = serializers.CharField(source="service.title")
    provider = serializers.CharField(source="service.provider.name")
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    reasons = serializers.SerializerMethodField()
    reason_codes = serializers.JSONField(source="reasons")

    class Meta:
        model = Proposal
        fields = [
            "id",
            "need",
            "need_title",
            "service",
            "service_title",
            "provider",
            "score",
            "status",
            "source",
            "model_version",
            "reasons",
            "reason_codes",
            "features",
            "created_at",
            "updated_at",
        ]

    def get_reasons(self, proposal: Proposal) -> list[str]:
        return list(getattr(proposal, "sentences", []))


class DecisionSerializer(serializers.Serializer):
    """Accepting shortlists the pair as a match; dismissing only records the decision."""

    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in (ProposalStatus.ACCEPTED, ProposalStatus.DISMISSED)]
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


def _page(view: Any, queryset: QuerySet[Proposal]) -> Response:
    """A page of proposals: the count and the page's ids from the filtered queryset (narrow,
    off the score index), then only the page's rows, by id, with what the serializer reads."""
    ids = view.paginate_queryset(queryset.values_list("pk", flat=True))
    found = api_rows().in_bulk(ids)
    page = [found[pk] for pk in ids if pk in found]
    return view.get_paginated_response(ProposalSerializer(with_sentences(page), many=True).data)


class ProposalViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Coordinators' review of proposals on the needs of their clusters."""

    serializer_class = ProposalSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["status", "need", "service"]

    queryset = Proposal.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet[Proposal]:
        if getattr(self, "swagger_fake_view", False):
            return Proposal.objects.none()
        if not self.request.user.has_perm("matchmaking.review_proposals"):
            raise PermissionDenied("Only cluster coordinators review proposals.")
        queryset = proposals_for_review(self.request.user)
        min_score = self.request.query_params.get("min_score")
        if min_score:
            try:
                queryset = queryset.filter(score__gte=float(min_score))
            except ValueError as exc:
                raise serializers.ValidationError(
                    {"min_score": ["A number between 0 and 1."]}
                ) from exc
        return queryset

    @extend_schema(parameters=[OpenApiParameter("min_score", float)])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return _page(self, self.filter_queryset(self.get_queryset()))

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        proposal = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.has_perm("matchmaking.decide_proposal", proposal):
            raise PermissionDenied
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        status = serializer.validated_data["status"]
        note = serializer.validated_data.get("note", "")
        if status == ProposalStatus.ACCEPTED:
            brokering.proposal_shortlist(proposal=proposal, by=acting_user(request), note=note)
        else:
            proposals.proposal_decide(
                proposal=proposal, by=acting_user(request), status=status, note=note
            )
        decided = self.get_queryset().get(pk=proposal.pk)
        return Response(ProposalSerializer(with_sentences([decided])[0]).data)


class NeedSuggestionsView(APIView):
    """Suggested R&D services, for the need's company and its coordinators."""

    queryset = DevelopmentNeed.objects.none()  # for the schema: the path's id is a need's

    # A short ranked list, not a page: no pagination, and the schema says so.
    @extend_schema(
        operation_id="v1_needs_suggestions_list", responses=ProposalSerializer(many=True)
    )
    def get(self, request: Request, pk: int) -> Response:
        need = get_object_or_404(needs_visible_to(request.user), pk=pk)
        if not request.user.has_perm("matchmaking.view_need_suggestions", need):
            raise PermissionDenied
        proposals = with_sentences(suggestions_for_need(need))
        return Response(ProposalSerializer(proposals, many=True).data)


class ServiceNeedsView(APIView):
    """Needs the service could serve, for its provider and coordinators."""

    queryset = RDService.objects.none()  # for the schema: the path's id is a service's

    @extend_schema(operation_id="v1_services_needs_list", responses=ProposalSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        service = get_object_or_404(services_visible_to(request.user), pk=pk)
        if not request.user.has_perm("matchmaking.view_service_needs", service):
            raise PermissionDenied
        proposals = with_sentences(needs_for_service(request.user, service))
        return Response(ProposalSerializer(proposals, many=True).data)
