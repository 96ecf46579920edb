"""API for brokered matches and their follow-up tasks."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from companies.selectors import needs_visible_to
from core.domain import acting_user
from services.selectors import services_visible_to

from ..models import (
    DeclineReason,
    FollowUpTask,
    FundingKind,
    Match,
    MatchEvent,
    MatchOrigin,
    OutcomeType,
    PartyAnswer,
)
from . import actions as brokering
from . import selectors as brokering_selectors
from .funnel import funnel as funnel_figures


class MatchEventSerializer(serializers.ModelSerializer):
    """Events labelled by `actions.label_event_actors` for the viewer: `text` worded in the
    request's language, `data` the codes it was worded from (party, answer, reason...)."""

    actor = serializers.CharField(source="actor_label", allow_null=True, default=None)

    class Meta:
        model = MatchEvent
        fields = ["kind", "from_stage", "to_stage", "actor", "text", "data", "created_at"]


class FollowUpTaskSerializer(serializers.ModelSerializer):
    # The scheduled follow-ups are named in the request's language.
    title = serializers.CharField(source="display_title", read_only=True)

    class Meta:
        model = FollowUpTask
        fields = ["id", "title", "months_after_agreement", "due_date", "assignee", "done_at"]


class MatchLogSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[k.value for k in brokering.LOGGABLE])
    text = serializers.CharField(max_length=4000)


class MatchAssignSerializer(serializers.Serializer):
    # A plain id: the service answers a stranger and a missing user alike.
    assignee = serializers.IntegerField(allow_null=True, min_value=1)


class FunnelRowSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="Share of all the matches, in whole percent.")
    median_days = serializers.FloatField(allow_null=True)


class FunnelSerializer(serializers.Serializer):
    rows = FunnelRowSerializer(many=True)
    total = serializers.IntegerField()
    conversion = serializers.FloatField()
    conversion_percent = serializers.IntegerField()


class MatchSerializer(serializers.ModelSerializer):
    need_title = serializers.CharField(source="need.title")
    company = serializers.SerializerMethodField()
    service_title = serializers.CharField(source="service.title")
    provider = serializers.CharField(source="service.provider.name")
    events = serializers.SerializerMethodField()
    tasks = FollowUpTaskSerializer(many=True)

    class Meta:
        model = Match
        fields = [
            "id",
            "need",
            "need_title",
            "company",
            "service",
            "service_title",
            "provider",
            "origin",
            "stage",
            "company_answer",
            "provider_answer",
            "company_consented_at",
            "reason",
            "reason_text",
            "outcome_type",
            "funding_kind",
            "version",
            "stage_changed_at",
            "events",
            "tasks",
        ]

    @extend_schema_field(MatchEventSerializer(many=True))
    def get_events(self, match: Match) -> Any:
        user = self.context["request"].user
        return MatchEventSerializer(
            brokering.label_event_actors(user, match.events.all()), many=True
        ).data

    def get_company(self, match: Match) -> str | None:
        user = self.context["request"].user
        return match.need.organisation.name if brokering.company_visible_to(user, match) else None


@extend_schema_field(OpenApiTypes.INT)
class VisibleOnlyField(serializers.PrimaryKeyRelatedField):
    """A reference to a row the caller may see. A row hidden from the caller gets the very
    answer a missing one does (no id echoed back), so existence is not revealed."""

    default_error_messages = {
        "does_not_exist": _("No such object, or not one you may use."),
        "incorrect_type": _("No such object, or not one you may use."),
    }

    def __init__(self, visible_to: Any, **kwargs: Any) -> None:
        self.visible_to = visible_to
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        if request is None:  # schema generation
            return self.visible_to(None).none()
        return self.visible_to(request.user)


class MatchCreateSerializer(serializers.Serializer):
    need = VisibleOnlyField(visible_to=needs_visible_to)
    service = VisibleOnlyField(visible_to=services_visible_to)
    origin = serializers.ChoiceField(
        choices=[
            MatchOrigin.COORDINATOR,
            MatchOrigin.PROVIDER_INTEREST,
            MatchOrigin.COMPANY_QUESTION,
        ]
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MatchTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(brokering.TRANSITIONS))
    version = serializers.IntegerField(required=False, min_value=1)
    reason = serializers.ChoiceField(choices=DeclineReason.choices, required=False)
    reason_text = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    outcome_type = serializers.ChoiceField(choices=OutcomeType.choices, required=False)
    funding_kind = serializers.ChoiceField(choices=FundingKind.choices, required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MatchAnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=[PartyAnswer.INTERESTED, PartyAnswer.DECLINED])
    reason = serializers.ChoiceField(choices=DeclineReason.choices, required=False)
    text = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Matches a user brokers (coordinators) or takes part in (once introduced)."""

    serializer_class = MatchSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["stage", "need", "service", "origin"]
    queryset = Match.objects.none()

    def get_queryset(self) -> QuerySet[Match]:
        if getattr(self, "swagger_fake_view", False):
            return Match.objects.none()
        return brokering_selectors.matches_for(self.request.user)

    def _render(self, match: Match, code: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=match.pk)
        return Response(
            MatchSerializer(fresh, context=self.get_serializer_context()).data, status=code
        )

    @extend_schema(request=MatchCreateSerializer, responses={201: MatchSerializer})
    def create(self, request: Request) -> Response:
        serializer = MatchCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        match = brokering.match_create(by=acting_user(request), **serializer.validated_data)
        return self._render(match, 201)

    @extend_schema(request=MatchTransitionSerializer, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        serializer = MatchTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            match = brokering.match_transition(
                match=self.get_object(), by=acting_user(request), **serializer.validated_data
            )
        except brokering.StaleMatch as exc:
            return Response(exc.message_dict, status=409)
        return self._render(match)

    @extend_schema(request=MatchAnswerSerializer, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        serializer = MatchAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        match = brokering.match_answer(
            match=self.get_object(), by=acting_user(request), **serializer.validated_data
        )
        return self._render(match)

    @extend_schema(request=MatchLogSerializer, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def log(self, request: Request, pk: str) -> Response:
        """Add a note, call, meeting or e-mail to the match's timeline."""
        serializer = MatchLogSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        match = self.get_object()
        brokering.match_log(match=match, by=acting_user(request), **serializer.validated_data)
        return self._render(match)

    @extend_schema(request=MatchAssignSerializer, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        serializer = MatchAssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        match = brokering.match_assign(
            match=self.get_object(),
            by=acting_user(request),
            assignee_id=serializer.validated_data["assignee"],
        )
        return self._render(match)

    @extend_schema(responses=FunnelSerializer)
    @action(detail=False, methods=["get"])
    def funnel(self, request: Request) -> Response:
        """Counts per stage, median days in stage and conversion, for the visible matches."""
        # Counted by the database (GROUP BY); no match is loaded as an object.
        matches = self.filter_queryset(self.get_queryset())
        return Response(FunnelSerializer(funnel_figures(matches, timezone.now())).data)

    @extend_schema(request=None, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def consent(self, request: Request, pk: str) -> Response:
        match = brokering.match_consent(match=self.get_object(), by=acting_user(request))
        return self._render(match)


class FollowUpTaskViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Follow-up tasks of the matches a user may see; coordinators mark them done."""

    serializer_class = FollowUpTaskSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["match", "assignee"]
    queryset = FollowUpTask.objects.none()

    def get_queryset(self) -> QuerySet[FollowUpTask]:
        if getattr(self, "swagger_fake_view", False):
            return FollowUpTask.objects.none()
        visible = brokering_selectors.matches_for(self.request.user).values("pk")
        return (
            FollowUpTask.objects.filter(match__in=visible)
            .select_related("match", "match__need")
            .order_by("due_date", "pk")
        )

    @extend_schema(request=None, responses=FollowUpTaskSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str) -> Response:
        task = brokering.task_done(task=self.get_object(), by=acting_user(request))
        return Response(FollowUpTaskSerializer(task).data)
