"""Reference data: the migration seeds regions; clusters are made per test."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from taxonomy.models import Cluster, Region


def region(code: str = "19") -> Region:
    return Region.objects.get(code=code)


class ClusterFactory(DjangoModelFactory[Cluster]):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cluster {n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    region = factory.LazyFunction(region)
