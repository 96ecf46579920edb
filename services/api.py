from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Organisation, User
from accounts.validators import validate_single_line
from core.api import KEEPS_HISTORY_RESPONSES, RegionTermSerializer, TermSerializer
from core.domain import acting_user
from taxonomy.models import (
    ContentLanguage,
    PriorityArea,
    Region,
    ServiceType,
    TechnologyReadinessLevel,
)

from . import actions
from .actions import SERVICE_FIELDS
from .models import Availability, PriceModel, RDService, ServiceStatus
from .selectors import services_visible_to


class ServiceInputSerializer(serializers.Serializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    title = serializers.CharField(max_length=200, validators=[validate_single_line])
    description = serializers.CharField(max_length=8000)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=ContentLanguage.choices), min_length=1
    )
    service_type = serializers.PrimaryKeyRelatedField(queryset=ServiceType.objects.all())
    priority_areas = serializers.PrimaryKeyRelatedField(
        queryset=PriorityArea.objects.all(), many=True, required=False
    )
    keywords = serializers.ListField(
        child=serializers.CharField(max_length=60), max_length=20, required=False
    )
    trl_min = serializers.PrimaryKeyRelatedField(
        queryset=TechnologyReadinessLevel.objects.all(), required=False, allow_null=True
    )
    trl_max = serializers.PrimaryKeyRelatedField(
        queryset=TechnologyReadinessLevel.objects.all(), required=False, allow_null=True
    )
    price_model = serializers.ChoiceField(choices=PriceModel.choices, required=False)
    indicative_price = serializers.CharField(max_length=120, required=False, allow_blank=True)
    lead_time_weeks = serializers.IntegerField(
        min_value=0, max_value=520, required=False, allow_null=True
    )
    availability = serializers.ChoiceField(choices=Availability.choices, required=False)
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), required=False)
    remote = serializers.BooleanField(required=False)
    contact_person = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True
    )
    equipment = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class ServiceUpdateSerializer(ServiceInputSerializer):
    provider = None  # type: ignore[assignment]


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(source="display_name")
    email = serializers.EmailField()


class ProviderRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    slug = serializers.CharField()
    kind = serializers.CharField()


class ServiceOutputSerializer(serializers.ModelSerializer):
    provider = ProviderRefSerializer()
    service_type = TermSerializer()
    priority_areas = TermSerializer(many=True)
    region = RegionTermSerializer()
    trl_min = serializers.IntegerField(source="trl_min_id", allow_null=True)
    trl_max = serializers.IntegerField(source="trl_max_id", allow_null=True)
    contact_person = ContactSerializer(allow_null=True)
    status = serializers.ChoiceField(choices=ServiceStatus.choices)

    class Meta:
        model = RDService
        fields = [
            "id",
            "provider",
            *SERVICE_FIELDS,
            "status",
            "published_at",
            "created_at",
            "updated_at",
        ]


class ServiceFilter(django_filters.FilterSet):
    priority_area = django_filters.ModelChoiceFilter(
        field_name="priority_areas", queryset=PriorityArea.objects.all()
    )
    q = django_filters.CharFilter(method="filter_words", label="Words in title or description")

    class Meta:
        model = RDService
        fields = [
            "status",
            "service_type",
            "region",
            "remote",
            "provider",
            "availability",
            "priority_area",
        ]

    def filter_words(self, queryset: Any, name: str, value: str) -> Any:
        from django.db.models import Q

        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class ServiceViewSet(viewsets.GenericViewSet):
    serializer_class = ServiceOutputSerializer
    filterset_class = ServiceFilter
    ordering_fields = ["published_at", "created_at", "updated_at", "title", "lead_time_weeks"]
    ordering = ["-created_at"]

    def get_queryset(self) -> QuerySet[RDService]:
        return services_visible_to(self.request.user).order_by("-created_at")

    def _render(self, service: RDService, code: int = status.HTTP_200_OK) -> Response:
        service = self.get_queryset().get(pk=service.pk)
        return Response(ServiceOutputSerializer(service).data, status=code)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=ServiceInputSerializer, responses={201: ServiceOutputSerializer})
    def create(self, request: Request) -> Response:
        serializer = ServiceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        service = actions.service_create(
            by=acting_user(request), provider=data.pop("provider"), **data
        )
        return self._render(service, status.HTTP_201_CREATED)

    @extend_schema(request=ServiceUpdateSerializer, responses=ServiceOutputSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        service = self.get_object()
        serializer = ServiceUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        service = actions.service_update(
            service=service, by=acting_user(request), **serializer.validated_data
        )
        return self._render(service)

    @extend_schema(request=ServiceUpdateSerializer, responses=ServiceOutputSerializer)
    def update(self, request: Request, pk: str) -> Response:
        service = self.get_object()
        serializer = ServiceUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service = actions.service_update(
            service=service, by=acting_user(request), **serializer.validated_data
        )
        return self._render(service)

    @extend_schema(responses=KEEPS_HISTORY_RESPONSES)
    def destroy(self, request: Request, pk: str) -> Response:
        actions.service_delete(service=self.get_object(), by=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=ServiceOutputSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        return self._render(
            actions.service_publish(service=self.get_object(), by=acting_user(request))
        )

    @extend_schema(request=None, responses=ServiceOutputSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, pk: str) -> Response:
        return self._render(
            actions.service_unpublish(service=self.get_object(), by=acting_user(request))
        )

    @extend_schema(request=None, responses=ServiceOutputSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str) -> Response:
        return self._render(
            actions.service_archive(service=self.get_object(), by=acting_user(request))
        )
