"""Search and saved searches over the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.domain import acting_user

from . import actions
from .forms import SearchForm
from .models import SavedSearch
from .query import FACETS
from .selectors import search, suggest


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class HitSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: text escaped, matches in <mark>.")
    score = serializers.FloatField()
    fields = serializers.DictField()  # type: ignore[assignment]


class SearchResultsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    backend = serializers.CharField()
    notice = serializers.CharField()
    results = HitSerializer(many=True, source="hits")
    facets = serializers.DictField(child=FacetValueSerializer(many=True))


class SearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("type", str, many=True),
            OpenApiParameter("sort", str, enum=["relevance", "newest", "title"]),
            OpenApiParameter("page", int),
            *[OpenApiParameter(facet, str, many=True) for facet in FACETS if facet != "type"],
        ],
        responses=SearchResultsSerializer,
    )
    def get(self, request: Request) -> Response:
        form = SearchForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        results = search(form.to_query(request.query_params), request.user)
        return Response(SearchResultsSerializer(results).data)


class SuggestionSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()


class SuggestView(APIView):
    """Autocomplete: titles and organisation names starting with what was typed."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True)],
        responses=SuggestionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        prefix = str(request.query_params.get("q", "")).strip()
        if not prefix or len(prefix) > 100:
            return Response(
                {"q": ["Type 1 to 100 characters."]}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(SuggestionSerializer(suggest(prefix, request.user), many=True).data)


class SavedSearchSerializer(serializers.ModelSerializer):
    class Meta:
        model = SavedSearch
        fields = ["id", "name", "query_string", "created_at"]
        read_only_fields = ["created_at"]


class SavedSearchViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SavedSearchSerializer
    permission_classes = [IsAuthenticated]
    queryset = SavedSearch.objects.none()

    def get_queryset(self) -> QuerySet[SavedSearch]:
        if getattr(self, "swagger_fake_view", False):
            return SavedSearch.objects.none()
        return SavedSearch.objects.filter(user=acting_user(self.request))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = SavedSearchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = actions.saved_search_create(user=acting_user(request), **serializer.validated_data)
        return Response(SavedSearchSerializer(saved).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: SavedSearch) -> None:
        actions.saved_search_delete(saved=instance, user=acting_user(self.request))
