"""Which clusters a need reaches: one rule for notifications, rules and the board."""

from __future__ import annotations

import pytest

from taxonomy.models import Cluster, PriorityArea
from tests import factories

pytestmark = pytest.mark.django_db


def test_reaching_matches_the_region_or_a_shared_priority_area():
    lapland, uusimaa, pirkanmaa = (factories.region(code) for code in ("19", "01", "06"))
    in_region = factories.ClusterFactory.create(region=lapland)
    area, other_area = (
        PriorityArea.objects.create(region=uusimaa, slug=slug, name_fi=slug, name_en=slug)
        for slug in ("health-tech", "clean-energy")
    )
    by_area = factories.ClusterFactory.create(region=uusimaa)
    by_area.priority_areas.add(area, other_area)
    elsewhere = factories.ClusterFactory.create(region=pirkanmaa)

    def reached(region_id, area_ids):
        return set(Cluster.objects.reaching(region_id=region_id, area_ids=area_ids))

    assert reached(lapland.pk, []) == {in_region}
    assert reached(pirkanmaa.pk, [area.pk]) == {by_area, elsewhere}
    # Two shared areas still give the cluster once; an area query works like a list of ids.
    assert list(
        Cluster.objects.reaching(
            region_id=lapland.pk, area_ids=PriorityArea.objects.filter(region=uusimaa)
        ).order_by("pk")
    ) == [in_region, by_area]
    assert reached(None, []) == set()
    assert reached(factories.region("02").pk, [None]) == set()
