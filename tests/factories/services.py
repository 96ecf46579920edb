"""R&D services (the provider side of the market)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from services.models import RDService, ServiceStatus
from taxonomy.models import ServiceType

from .accounts import ProviderFactory


class ServiceFactory(DjangoModelFactory[RDService]):
    class Meta:
        model = RDService

    provider = factory.SubFactory(ProviderFactory)
    title = factory.Sequence(lambda n: f"Service {n}: fatigue testing laboratory")
    description = "Servo-hydraulic fatigue testing of welded joints."
    languages = ["en"]
    service_type = factory.LazyFunction(lambda: ServiceType.objects.get(slug="testing-analysis"))
    region = factory.LazyAttribute(lambda service: service.provider.region)
    status = ServiceStatus.PUBLISHED
