"""R&D services (the provider side of the market)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from services.models import RDService, ServiceStatus
from taxonomy.models import ServiceType

from .accounts import ProviderFactory
from .search import search_document


class ServiceFactory(DjangoModelFactory[RDService]):
    class Meta:
        model = RDService
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    title = factory.Sequence(lambda n: f"Service {n}: fatigue testing laboratory")
    description = "Servo-hydraulic fatigue testing of welded joints."
    languages = ["en"]
    service_type = factory.LazyFunction(lambda: ServiceType.objects.get(slug="testing-analysis"))
    region = factory.LazyAttribute(lambda service: service.provider.region)
    status = ServiceStatus.PUBLISHED
    priority_areas = factory.PostGeneration(
        lambda obj, create, extracted, **kwargs: (
            obj.priority_areas.set(extracted) if create and extracted else None
        )
    )
    indexed = search_document("service")  # after the areas: the document lists them
