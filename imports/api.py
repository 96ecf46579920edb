"""Import jobs over the API, read-only: a script can follow a job's progress and report."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.pages import PAGE_SIZE

from .actions import may_import
from .models import ImportJob, ImportProblem
from .selectors import jobs_visible_to


class ImportProblemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportProblem
        fields = ["row", "column", "value", "message", "suggestion", "blocking"]


class ImportJobSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.name", read_only=True)  # type: ignore[assignment]
    percent = serializers.IntegerField(read_only=True)
    counts = serializers.DictField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "source",
            "filename",
            "status",
            "total_rows",
            "processed_rows",
            "percent",
            "counts",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportJobViewSet(viewsets.ReadOnlyModelViewSet):
    """Coordinators see their own imports, staff every import."""

    serializer_class = ImportJobSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[ImportJob]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks without a user
            return ImportJob.objects.none()
        if not may_import(self.request.user):
            raise PermissionDenied("Only coordinators and staff import files.")
        return jobs_visible_to(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(responses=ImportProblemSerializer(many=True))
    @action(detail=True, methods=["get"])
    def problems(self, request: Request, pk: Any = None) -> Response:
        """The report of the last check or run, row by row (the first page of 20 rows by
        default; ?page=N for more)."""
        job = self.get_object()
        page = self.paginate_queryset(job.problems.order_by("row", "pk"))
        if page is not None:
            return self.get_paginated_response(ImportProblemSerializer(page, many=True).data)
        rows = job.problems.order_by("row", "pk")[:PAGE_SIZE]
        return Response(ImportProblemSerializer(rows, many=True).data)
