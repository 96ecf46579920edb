"""The funding catalogue and calls over the API: everyone signed in reads, coordinators and
staff write. Domain errors become 400s with field errors (core.api.exception_handler)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import OrganisationKind, SmeSize
from core.api import RegionTermSerializer, TermSerializer
from core.domain import acting_user
from taxonomy.models import ContentLanguage, PriorityArea, Region

from . import actions, selectors
from .models import FundingCall, FundingInstrument, RegionScope


class CallSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingCall
        fields = ["id", "instrument", "title", "opens_on", "deadline", "url"]
        read_only_fields = ["id"]


class InstrumentInputSerializer(serializers.Serializer):
    funder = serializers.CharField(max_length=200)
    name = serializers.CharField(max_length=200)
    slug = serializers.SlugField(max_length=80)
    summary = serializers.CharField(max_length=4000)
    eligible_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=OrganisationKind.choices), required=False
    )
    eligible_sizes = serializers.ListField(
        child=serializers.ChoiceField(choices=SmeSize.choices), required=False
    )
    trl_min = serializers.IntegerField(min_value=1, max_value=9, required=False, allow_null=True)
    trl_max = serializers.IntegerField(min_value=1, max_value=9, required=False, allow_null=True)
    region_scope = serializers.ChoiceField(choices=RegionScope.choices, required=False)
    regions = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), many=True, required=False
    )
    priority_areas = serializers.PrimaryKeyRelatedField(
        queryset=PriorityArea.objects.all(), many=True, required=False
    )
    project_min_eur = serializers.IntegerField(
        min_value=0, max_value=2_000_000_000, required=False, allow_null=True
    )
    project_max_eur = serializers.IntegerField(
        min_value=0, max_value=2_000_000_000, required=False, allow_null=True
    )
    funding_rate_min = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True
    )
    funding_rate_max = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True
    )
    research_partner_required = serializers.BooleanField(required=False, allow_null=True)
    international_partners_required = serializers.BooleanField(required=False, allow_null=True)
    continuous = serializers.BooleanField(required=False)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=ContentLanguage.choices), required=False
    )
    url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    application_headings = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=30, required=False
    )
    facts_source_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    last_checked = serializers.DateField(required=False, allow_null=True)
    unknown_facts = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class InstrumentOutputSerializer(serializers.ModelSerializer):
    regions = RegionTermSerializer(many=True)
    priority_areas = TermSerializer(many=True)
    calls = CallSerializer(many=True)

    class Meta:
        model = FundingInstrument
        fields = ["id", *actions.INSTRUMENT_FIELDS, "calls", "created_at", "updated_at"]


class IsCatalogueEditorOrReadOnly(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user.has_perm(actions.CATALOGUE_PERM))


class FundingInstrumentViewSet(viewsets.GenericViewSet):
    serializer_class = InstrumentOutputSerializer
    permission_classes = [IsCatalogueEditorOrReadOnly]
    lookup_field = "slug"
    ordering = ["funder", "name"]
    ordering_fields = ["funder", "name", "last_checked"]
    filterset_fields = ["continuous", "region_scope"]

    def get_queryset(self) -> QuerySet[FundingInstrument]:
        return selectors.instruments_list().order_by("funder", "name")

    def _render(self, instrument: FundingInstrument, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=instrument.pk)
        return Response(InstrumentOutputSerializer(fresh).data, status=code)

    def list(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, slug: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=InstrumentInputSerializer, responses={201: InstrumentOutputSerializer})
    def create(self, request: Request) -> Response:
        serializer = InstrumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instrument = actions.instrument_create(by=acting_user(request), **serializer.validated_data)
        return self._render(instrument, status.HTTP_201_CREATED)

    @extend_schema(request=InstrumentInputSerializer, responses=InstrumentOutputSerializer)
    def partial_update(self, request: Request, slug: str) -> Response:
        serializer = InstrumentInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        instrument = actions.instrument_update(
            instrument=self.get_object(), by=acting_user(request), **serializer.validated_data
        )
        return self._render(instrument)

    @extend_schema(request=InstrumentInputSerializer, responses=InstrumentOutputSerializer)
    def update(self, request: Request, slug: str) -> Response:
        serializer = InstrumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instrument = actions.instrument_update(
            instrument=self.get_object(), by=acting_user(request), **serializer.validated_data
        )
        return self._render(instrument)

    def destroy(self, request: Request, slug: str) -> Response:
        actions.instrument_delete(instrument=self.get_object(), by=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class FundingCallViewSet(viewsets.GenericViewSet):
    """Upcoming calls (deadline today or later), soonest first."""

    serializer_class = CallSerializer
    permission_classes = [IsCatalogueEditorOrReadOnly]
    filterset_fields = ["instrument"]

    def get_queryset(self) -> QuerySet[FundingCall]:
        return selectors.upcoming_calls(today=timezone.localdate())

    def list(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=CallSerializer, responses={201: CallSerializer})
    def create(self, request: Request) -> Response:
        serializer = CallSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        call = actions.call_create(
            instrument=data.pop("instrument"), by=acting_user(request), **data
        )
        return Response(CallSerializer(call).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, pk: str) -> Response:
        actions.call_delete(call=self.get_object(), by=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
