from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Organisation
from accounts.validators import validate_single_line
from core.api import KEEPS_HISTORY_RESPONSES, RegionTermSerializer, TermSerializer
from core.domain import acting_user
from taxonomy.models import (
    ContentLanguage,
    NeedCategory,
    PriorityArea,
    Region,
    TechnologyReadinessLevel,
)

from . import actions
from .actions import NEED_FIELDS
from .models import (
    BudgetRange,
    CloseReason,
    DevelopmentNeed,
    FundingInterest,
    NeedStatus,
    NeedVisibility,
)
from .selectors import needs_visible_to, needs_with_company_of


class NeedInputSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    title = serializers.CharField(max_length=200, validators=[validate_single_line])
    description = serializers.CharField(max_length=8000)
    language = serializers.ChoiceField(choices=ContentLanguage.choices)
    category = serializers.PrimaryKeyRelatedField(queryset=NeedCategory.objects.all())
    priority_areas = serializers.PrimaryKeyRelatedField(
        queryset=PriorityArea.objects.all(), many=True, required=False
    )
    keywords = serializers.ListField(
        child=serializers.CharField(max_length=60), max_length=20, required=False
    )
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), required=False)
    trl_now = serializers.PrimaryKeyRelatedField(
        queryset=TechnologyReadinessLevel.objects.all(), required=False, allow_null=True
    )
    trl_target = serializers.PrimaryKeyRelatedField(
        queryset=TechnologyReadinessLevel.objects.all(), required=False, allow_null=True
    )
    budget = serializers.ChoiceField(choices=BudgetRange.choices, required=False)
    wished_start = serializers.DateField(required=False, allow_null=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    funding_interest = serializers.ListField(
        child=serializers.ChoiceField(choices=FundingInterest.choices), required=False
    )
    open_to_international = serializers.BooleanField(required=False)
    visibility = serializers.ChoiceField(choices=NeedVisibility.choices, required=False)


class NeedUpdateSerializer(NeedInputSerializer):
    organisation = None  # type: ignore[assignment]


class NeedCloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=CloseReason.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    slug = serializers.CharField()


class NeedOutputSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField()
    category = TermSerializer()
    priority_areas = TermSerializer(many=True)
    region = RegionTermSerializer()
    trl_now = serializers.IntegerField(source="trl_now_id", allow_null=True)
    trl_target = serializers.IntegerField(source="trl_target_id", allow_null=True)
    language = serializers.ChoiceField(choices=ContentLanguage.choices)
    status = serializers.ChoiceField(choices=NeedStatus.choices)

    class Meta:
        model = DevelopmentNeed
        fields = [
            "id",
            "organisation",
            *NEED_FIELDS,
            "status",
            "close_reason",
            "published_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OrganisationRefSerializer(allow_null=True))
    def get_organisation(self, need: DevelopmentNeed) -> dict[str, Any] | None:
        user = self.context["request"].user
        if not user.has_perm("companies.view_need_company", need):
            return None
        return OrganisationRefSerializer(need.organisation).data


class NeedFilter(django_filters.FilterSet):
    priority_area = django_filters.ModelChoiceFilter(
        field_name="priority_areas", queryset=PriorityArea.objects.all()
    )
    q = django_filters.CharFilter(method="filter_words", label="Words in title or description")
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), method="filter_organisation"
    )

    class Meta:
        model = DevelopmentNeed
        fields = [
            "status",
            "visibility",
            "category",
            "region",
            "language",
            "organisation",
            "priority_area",
        ]

    def filter_words(self, queryset: Any, name: str, value: str) -> Any:
        from django.db.models import Q

        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    @extend_schema_field(OpenApiTypes.INT)
    def filter_organisation(self, queryset: Any, name: str, value: Organisation) -> Any:
        # Only needs whose company the caller may know: otherwise filtering by each public
        # organisation in turn names the company of every anonymous need.
        return needs_with_company_of(self.request.user, queryset, value)


class NeedViewSet(viewsets.GenericViewSet):
    """Development needs: every query is scoped to what the caller may see."""

    serializer_class = NeedOutputSerializer
    filterset_class = NeedFilter
    ordering_fields = ["published_at", "created_at", "updated_at", "title", "deadline"]
    ordering = ["-created_at"]

    def get_queryset(self) -> QuerySet[DevelopmentNeed]:
        return needs_visible_to(self.request.user).order_by("-created_at")

    def _render(self, need: DevelopmentNeed, code: int = status.HTTP_200_OK) -> Response:
        need = self.get_queryset().get(pk=need.pk)
        return Response(
            NeedOutputSerializer(need, context=self.get_serializer_context()).data, status=code
        )

    def list(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=NeedInputSerializer, responses={201: NeedOutputSerializer})
    def create(self, request: Request) -> Response:
        serializer = NeedInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        need = actions.need_create(
            by=acting_user(request), organisation=data.pop("organisation"), **data
        )
        return self._render(need, status.HTTP_201_CREATED)

    @extend_schema(request=NeedUpdateSerializer, responses=NeedOutputSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        need = self.get_object()
        serializer = NeedUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        need = actions.need_update(need=need, by=acting_user(request), **serializer.validated_data)
        return self._render(need)

    @extend_schema(request=NeedUpdateSerializer, responses=NeedOutputSerializer)
    def update(self, request: Request, pk: str) -> Response:
        need = self.get_object()
        serializer = NeedUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        need = actions.need_update(need=need, by=acting_user(request), **serializer.validated_data)
        return self._render(need)

    @extend_schema(responses=KEEPS_HISTORY_RESPONSES)
    def destroy(self, request: Request, pk: str) -> Response:
        actions.need_delete(need=self.get_object(), by=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=NeedOutputSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        return self._render(actions.need_publish(need=self.get_object(), by=acting_user(request)))

    @extend_schema(request=None, responses=NeedOutputSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, pk: str) -> Response:
        return self._render(actions.need_unpublish(need=self.get_object(), by=acting_user(request)))

    @extend_schema(request=NeedCloseSerializer, responses=NeedOutputSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        need = self.get_object()
        serializer = NeedCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        need = actions.need_close(
            need=need,
            by=acting_user(request),
            reason=serializer.validated_data["reason"],
            note=serializer.validated_data.get("note", ""),
        )
        return self._render(need)
