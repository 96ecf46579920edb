"""What a user belongs to, read once per request: the input of every permission rule.

Each app's `rules.py` turns a scope into queryset filters (so other organisations' private
rows are simply not found, giving 404) and `rules` predicates for single objects (giving 403
when a row is visible but not editable).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from taxonomy.models import Cluster

from .models import INTERMEDIARY_KINDS, PROVIDER_KINDS, Membership, MembershipRole, OrganisationKind


@dataclass(frozen=True)
class UserScope:
    """What one user belongs to, read once per request and cached on the user object."""

    authenticated: bool
    staff: bool
    org_ids: frozenset[int]
    owner_org_ids: frozenset[int]
    company_org_ids: frozenset[int]
    provider_org_ids: frozenset[int]
    intermediary_org_ids: frozenset[int]
    coordinator_region_ids: frozenset[int]
    coordinator_area_ids: frozenset[int]

    @property
    def is_coordinator(self) -> bool:
        return bool(self.coordinator_region_ids or self.coordinator_area_ids)

    def coordinates(self, *, region_id: int | None, area_ids: Iterable[int]) -> bool:
        """Whether one of the user's clusters reaches a row of this region and these priority
        areas: the in-memory twin of `Cluster.objects.reaching`."""
        if region_id in self.coordinator_region_ids:
            return True
        return not self.coordinator_area_ids.isdisjoint(area_ids)


ANONYMOUS_SCOPE = UserScope(False, False, *(frozenset(),) * 7)


def scope_for(user: Any) -> UserScope:
    if user is None or not user.is_authenticated:
        return ANONYMOUS_SCOPE
    cached = getattr(user, "_tki_scope", None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.filter(user=user).values_list(
            "organisation_id", "role", "organisation__kind"
        )
    )
    # One row per cluster and area (a cluster without areas once, with None): both sets
    # from one query, as every signed-in request reads them.
    clusters = Cluster.objects.filter(coordinators=user).order_by()
    reach = list(clusters.values_list("region_id", "priority_areas"))
    region_ids = {region_id for region_id, _area in reach}
    area_ids = {area_id for _region, area_id in reach if area_id is not None}
    scope = UserScope(
        authenticated=True,
        staff=bool(user.is_staff),
        org_ids=frozenset(m[0] for m in memberships),
        owner_org_ids=frozenset(m[0] for m in memberships if m[1] == MembershipRole.OWNER),
        company_org_ids=frozenset(m[0] for m in memberships if m[2] == OrganisationKind.COMPANY),
        provider_org_ids=frozenset(m[0] for m in memberships if m[2] in PROVIDER_KINDS),
        intermediary_org_ids=frozenset(m[0] for m in memberships if m[2] in INTERMEDIARY_KINDS),
        coordinator_region_ids=frozenset(region_ids),
        coordinator_area_ids=frozenset(area_ids),
    )
    user._tki_scope = scope
    return scope


def forget_scope(user: Any) -> None:
    """Call after changing a user's memberships or clusters within the same request."""
    if hasattr(user, "_tki_scope"):
        del user._tki_scope
