"""API plumbing shared by every app: pagination and the domain-error mapping."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .domain import HistoryKept


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Domain ValidationErrors from write functions become 400s with field errors; a
    refusal to delete history is a 409 saying what to do instead."""
    if isinstance(exc, HistoryKept):
        exc = Conflict(" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail: Any = {
                field: [str(m) for e in errors for m in e.messages]
                for field, errors in exc.error_dict.items()
            }
            if "__all__" in detail:
                detail["non_field_errors"] = detail.pop("__all__")
        else:
            detail = {"non_field_errors": exc.messages}
        exc = ValidationError(detail)
    return drf_exception_handler(exc, context)


class DetailSerializer(serializers.Serializer):
    """The body of an error that is not about one field (409 and the like)."""

    detail = serializers.CharField()


KEEPS_HISTORY_RESPONSES = {
    204: None,
    409: OpenApiResponse(
        DetailSerializer,
        description="It has brokering history: close or archive it instead.",
    ),
}


class TermSerializer(serializers.Serializer):
    """A taxonomy term as it appears nested inside other resources."""

    id = serializers.IntegerField(source="pk", read_only=True)
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class RegionTermSerializer(serializers.Serializer):
    """A region as it appears nested inside other resources: regions have a code, no slug."""

    id = serializers.IntegerField(source="pk", read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
