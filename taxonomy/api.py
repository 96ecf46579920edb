from __future__ import annotations

from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from . import models


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Region
        fields = ["id", "code", "name", "name_fi", "name_en", "name_sv"]


class MunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Municipality
        fields = ["id", "region", "name", "name_fi", "name_sv"]


class PriorityAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.PriorityArea
        fields = ["id", "region", "slug", "name", "name_fi", "name_en", "name_sv", "description"]


class ClusterSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Cluster
        fields = ["id", "slug", "name", "region", "priority_areas", "organisation", "description"]


class ServiceTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.ServiceType
        fields = ["id", "slug", "name", "name_fi", "name_en", "name_sv"]


class NeedCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = models.NeedCategory
        fields = ["id", "slug", "name", "name_fi", "name_en", "name_sv"]


class IndustryCodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.IndustryCode
        fields = ["id", "code", "parent", "name", "name_fi", "name_en"]


class TrlSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.TechnologyReadinessLevel
        fields = ["level", "name", "name_fi", "name_en", "name_sv"]


class _TaxonomyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    pagination_class = None


class RegionViewSet(_TaxonomyViewSet):
    queryset = models.Region.objects.all()
    serializer_class = RegionSerializer


class MunicipalityViewSet(_TaxonomyViewSet):
    queryset = models.Municipality.objects.all()
    serializer_class = MunicipalitySerializer
    filterset_fields = ["region"]


class PriorityAreaViewSet(_TaxonomyViewSet):
    queryset = models.PriorityArea.objects.all()
    serializer_class = PriorityAreaSerializer
    filterset_fields = ["region"]


class ClusterViewSet(_TaxonomyViewSet):
    queryset = models.Cluster.objects.prefetch_related("priority_areas")
    serializer_class = ClusterSerializer
    filterset_fields = ["region"]


class ServiceTypeViewSet(_TaxonomyViewSet):
    queryset = models.ServiceType.objects.all()
    serializer_class = ServiceTypeSerializer


class NeedCategoryViewSet(_TaxonomyViewSet):
    queryset = models.NeedCategory.objects.all()
    serializer_class = NeedCategorySerializer


class IndustryCodeViewSet(_TaxonomyViewSet):
    queryset = models.IndustryCode.objects.all()
    serializer_class = IndustryCodeSerializer
    filterset_fields = ["parent"]


class TrlViewSet(_TaxonomyViewSet):
    queryset = models.TechnologyReadinessLevel.objects.all()
    serializer_class = TrlSerializer
