"""API: the open aggregate figures (`/api/v1/stats/…`) and the parties' introduction ratings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scope import scope_for
from core.domain import acting_user

from . import actions, disclosure, figures, indicators, open_data
from .models import IntroductionRating
from .selectors import Filters

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="Calendar year (optional).")


def _year_filters(request: Request) -> Filters:
    raw = request.query_params.get("year", "")
    if raw == "":
        return Filters()
    if not (raw.isdigit() and len(raw) == 4):
        raise DRFValidationError({"year": ["Give the year as four digits, e.g. 2026."]})
    year = int(raw)
    return Filters(start=date(year, 1, 1), end=date(year + 1, 1, 1))


class StatsIndexView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        base = request.build_absolute_uri("/api/v1/stats/")
        return Response(
            {
                "licence": disclosure.LICENCE,
                "attribution": "TKI-silta",
                "suppression": f"Cells counting fewer than {disclosure.MIN_ORGANISATIONS} "
                "organisations are null, and so is any cell from which one could be derived.",
                "datasets": {name: f"{base}{name}/" for name in [*open_data.TABLES, "indicators"]},
            }
        )


class StatsTableView(APIView):
    """Needs by region and need category, or services by region and service type."""

    permission_classes = [AllowAny]
    table = "needs"

    @extend_schema(parameters=[YEAR], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        filters = _year_filters(request)
        return Response(
            figures.cached(
                f"open-{self.table}",
                filters.key(),
                lambda: open_data.cross_table(self.table, filters).as_public(),
            )
        )


class StatsIndicatorsView(APIView):
    """ERDF common indicators; a figure resting on fewer than 3 organisations is null."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[YEAR], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        filters = _year_filters(request)
        return Response(
            figures.cached("open-indicators", filters.key(), lambda: public_indicators(filters))
        )


def public_indicators(filters: Filters) -> dict[str, Any]:
    rows = []
    for figure in indicators.indicator_figures(filters.start, filters.end):
        records = indicators.records(figure["code"], filters.start, filters.end)
        organisations = (
            records.values("match__need__organisation").distinct().count()
            if figure["code"] == "RCR02"
            else records.count()
        )
        small = 0 < organisations < disclosure.MIN_ORGANISATIONS
        rows.append({**figure, "value": None if small else figure["value"]})
    return {"indicators": rows, "licence": disclosure.LICENCE}


class RatingSerializer(serializers.ModelSerializer):
    need = serializers.CharField(source="match.need.title", read_only=True)
    service = serializers.CharField(source="match.service.title", read_only=True)

    class Meta:
        model = IntroductionRating
        fields = [
            "id",
            "match",
            "party",
            "need",
            "service",
            "score",
            "comment",
            "asked_at",
            "rated_at",
        ]
        read_only_fields = ["id", "match", "party", "need", "service", "asked_at", "rated_at"]


class RatingInputSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class IntroductionRatingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[IntroductionRating],
):
    """The questions put to the user's organisations after introductions; answer with PATCH."""

    serializer_class = RatingSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[IntroductionRating]:
        org_ids = scope_for(self.request.user).org_ids
        return (
            IntroductionRating.objects.filter(
                Q(party="company", match__need__organisation_id__in=org_ids)
                | Q(party="provider", match__service__provider_id__in=org_ids)
            )
            .select_related("match__need", "match__service")
            .order_by("-asked_at", "pk")
        )

    @extend_schema(request=RatingInputSerializer, responses=RatingSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rating = self.get_object()
        data = RatingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = actions.rating_submit(
            rating=rating,
            by=acting_user(request),
            score=data.validated_data["score"],
            comment=data.validated_data["comment"],
        )
        return Response(RatingSerializer(saved).data)
