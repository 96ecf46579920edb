"""A user's scope: the clusters' regions and priority areas, read once per request."""

from __future__ import annotations

import pytest

from accounts.scope import forget_scope, scope_for
from taxonomy.models import PriorityArea
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_coordinators_scope_reaches_every_clusters_region_and_areas_in_one_query(
    django_assert_num_queries,
):
    user = factories.UserFactory.create()
    with_areas = factories.ClusterFactory.create(region=factories.region("01"))
    without_areas = factories.ClusterFactory.create(region=factories.region("02"))
    factories.ClusterFactory.create(region=factories.region("04"))  # not theirs
    areas = [
        PriorityArea.objects.create(
            region=factories.region("01"), slug=f"area-{i}", name_fi=f"Alue {i}", name_en=f"A{i}"
        )
        for i in range(2)
    ]
    with_areas.priority_areas.add(*areas)
    for cluster in (with_areas, without_areas):
        cluster.coordinators.add(user)
    forget_scope(user)
    # Memberships, then the clusters' regions and areas together.
    with django_assert_num_queries(2):
        scope = scope_for(user)
    assert scope.coordinator_region_ids == {factories.region("01").pk, factories.region("02").pk}
    assert scope.coordinator_area_ids == {area.pk for area in areas}
    assert scope.is_coordinator


def test_a_user_without_clusters_coordinates_nothing():
    user = factories.UserFactory.create()
    scope = scope_for(user)
    assert not scope.is_coordinator
    assert scope.coordinator_region_ids == frozenset() == scope.coordinator_area_ids
