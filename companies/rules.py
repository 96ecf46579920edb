"""Who may see and change development needs, and who may know whose need it is.

Two views of the same rules side by side: Q filters that scope every queryset of needs
(another company's private need is simply not found, giving 404) and `rules` predicates
for one need (giving 403 when a need is visible but not editable).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from accounts.rules import belongs_to_company, is_staff
from accounts.scope import scope_for

from .models import DevelopmentNeed, NeedStatus, NeedVisibility

PUBLIC_NEED_STATUSES = (NeedStatus.PUBLISHED, NeedStatus.MATCHED)
COORDINATOR_NEED_STATUSES = (
    NeedStatus.PUBLISHED,
    NeedStatus.MATCHED,
    NeedStatus.CLOSED,
    NeedStatus.EXPIRED,
)
# Anyone may read these needs; only for the first may anyone know the company.
PUBLIC_VISIBILITIES = (NeedVisibility.PUBLIC, NeedVisibility.ANONYMOUS)


# --- Queryset scoping -----------------------------------------------------------------


def need_visibility_q(user: Any) -> Q:
    scope = scope_for(user)
    if scope.staff:
        return Q()
    visible = Q(status__in=PUBLIC_NEED_STATUSES, visibility__in=PUBLIC_VISIBILITIES)
    if scope.org_ids:
        visible |= Q(organisation_id__in=scope.org_ids)
    if scope.is_coordinator:
        visible |= coordinated_needs_q(user)
    return visible


def need_company_visible_q(user: Any) -> Q:
    """Needs whose company the user may know: the queryset twin of `can_see_need_company`.

    Anything that depends on a need's company (a filter, an ordering, a count) must first
    narrow to these, or a hidden company is learned from what is found.
    """
    scope = scope_for(user)
    if scope.staff:
        return Q()
    visible = Q(status__in=PUBLIC_NEED_STATUSES, visibility=NeedVisibility.PUBLIC)
    if scope.org_ids:
        visible |= Q(organisation_id__in=scope.org_ids)
    if scope.is_coordinator:
        visible |= coordinated_needs_q(user)
    return visible


def coordinated_needs_q(user: Any) -> Q:
    """Needs in the regions or priority areas of the clusters the user coordinates."""
    scope = scope_for(user)
    if scope.staff:
        return Q()
    if not scope.is_coordinator:
        return Q(pk__in=[])
    in_area = DevelopmentNeed.objects.filter(priority_areas__in=scope.coordinator_area_ids).values(
        "pk"
    )
    return Q(status__in=COORDINATOR_NEED_STATUSES) & (
        Q(region_id__in=scope.coordinator_region_ids) | Q(pk__in=in_area)
    )


# --- Object predicates ----------------------------------------------------------------


@rules.predicate
def is_need_member(user: Any, need: DevelopmentNeed | None) -> bool:
    return need is not None and need.organisation_id in scope_for(user).org_ids


@rules.predicate
def coordinates_need(user: Any, need: DevelopmentNeed | None) -> bool:
    scope = scope_for(user)
    if need is None or not scope.is_coordinator or need.status not in COORDINATOR_NEED_STATUSES:
        return False
    # The areas are read only when the region does not decide.
    areas = (area.pk for area in need.priority_areas.all())
    return scope.coordinates(region_id=need.region_id, area_ids=areas)


@rules.predicate
def need_is_public(user: Any, need: DevelopmentNeed | None) -> bool:
    return (
        need is not None
        and need.status in PUBLIC_NEED_STATUSES
        and need.visibility in PUBLIC_VISIBILITIES
    )


@rules.predicate
def need_names_company(user: Any, need: DevelopmentNeed | None) -> bool:
    return need is not None and need.visibility == NeedVisibility.PUBLIC


can_view_need = need_is_public | is_need_member | coordinates_need | is_staff
can_see_need_company = (
    is_need_member | coordinates_need | is_staff | (need_is_public & need_names_company)
)

rules.add_perm("companies.add_developmentneed", belongs_to_company)
rules.add_perm("companies.view_developmentneed", can_view_need)
rules.add_perm("companies.view_need_company", can_see_need_company)
rules.add_perm("companies.change_developmentneed", is_need_member | is_staff)
rules.add_perm("companies.delete_developmentneed", is_need_member | is_staff)
