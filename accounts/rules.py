"""Who may see and do what: the one place for object-level rules and queryset scoping.

Two views of the same rules live here side by side: Q filters that scope every queryset
(so other organisations' private rows are simply not found, giving 404) and `rules`
predicates for single objects (giving 403 when a row is visible but not editable).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import rules
from django.db.models import Q

from .models import INTERMEDIARY_KINDS, PROVIDER_KINDS, MembershipRole, OrganisationKind

if TYPE_CHECKING:
    from companies.models import DevelopmentNeed
    from services.models import RDService

    from .models import Organisation

PUBLIC_NEED_STATUSES = ("published", "matched")
COORDINATOR_NEED_STATUSES = ("published", "matched", "closed", "expired")


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


ANONYMOUS_SCOPE = UserScope(False, False, *(frozenset(),) * 7)


def scope_for(user: Any) -> UserScope:
    if user is None or not user.is_authenticated:
        return ANONYMOUS_SCOPE
    cached = getattr(user, "_tki_scope", None)
    if cached is not None:
        return cached
    from taxonomy.models import Cluster

    from .models import Membership

    memberships = list(
        Membership.objects.filter(user=user).values_list(
            "organisation_id", "role", "organisation__kind"
        )
    )
    clusters = Cluster.objects.filter(coordinators=user)
    region_ids = set(clusters.values_list("region_id", flat=True))
    area_ids = set(
        clusters.filter(priority_areas__isnull=False).values_list("priority_areas", flat=True)
    )
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


def needs_second_factor(user: Any) -> bool:
    """Coordinators see every company's coordinators-only needs and staff see everything:
    neither may act on a password alone, whichever way they sign in."""
    if user is None or not user.is_authenticated:
        return False
    if not (user.is_staff or user.is_superuser or scope_for(user).is_coordinator):
        return False
    cached = getattr(user, "_tki_has_totp", None)
    if cached is None:
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._tki_has_totp = cached
    return not cached


def forget_scope(user: Any) -> None:
    """Call after changing a user's memberships or clusters within the same request."""
    if hasattr(user, "_tki_scope"):
        del user._tki_scope


# --- Queryset scoping -----------------------------------------------------------------


def need_visibility_q(user: Any) -> Q:
    scope = scope_for(user)
    if scope.staff:
        return Q()
    visible = Q(status__in=PUBLIC_NEED_STATUSES, visibility__in=("public", "anonymous"))
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
    visible = Q(status__in=PUBLIC_NEED_STATUSES, visibility="public")
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
    from companies.models import DevelopmentNeed

    in_area = DevelopmentNeed.objects.filter(priority_areas__in=scope.coordinator_area_ids).values(
        "pk"
    )
    return Q(status__in=COORDINATOR_NEED_STATUSES) & (
        Q(region_id__in=scope.coordinator_region_ids) | Q(pk__in=in_area)
    )


def service_visibility_q(user: Any) -> Q:
    scope = scope_for(user)
    if scope.staff:
        return Q()
    visible = Q(status="published")
    if scope.org_ids:
        visible |= Q(provider_id__in=scope.org_ids)
    return visible


# --- Object predicates ----------------------------------------------------------------


@rules.predicate
def is_member(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.pk in scope_for(user).org_ids


@rules.predicate
def is_owner(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.pk in scope_for(user).owner_org_ids


@rules.predicate
def is_staff(user: Any) -> bool:
    return scope_for(user).staff


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return scope_for(user).is_coordinator


@rules.predicate
def belongs_to_company(user: Any) -> bool:
    return bool(scope_for(user).company_org_ids)


@rules.predicate
def belongs_to_provider(user: Any) -> bool:
    return bool(scope_for(user).provider_org_ids)


@rules.predicate
def is_need_member(user: Any, need: DevelopmentNeed | None) -> bool:
    return need is not None and need.organisation_id in scope_for(user).org_ids


@rules.predicate
def is_service_member(user: Any, service: RDService | None) -> bool:
    return service is not None and service.provider_id in scope_for(user).org_ids


@rules.predicate
def coordinates_need(user: Any, need: DevelopmentNeed | None) -> bool:
    scope = scope_for(user)
    if need is None or not scope.is_coordinator or need.status not in COORDINATOR_NEED_STATUSES:
        return False
    if need.region_id in scope.coordinator_region_ids:
        return True
    area_ids = {area.pk for area in need.priority_areas.all()}
    return bool(area_ids & scope.coordinator_area_ids)


@rules.predicate
def need_is_public(user: Any, need: DevelopmentNeed | None) -> bool:
    return (
        need is not None
        and need.status in PUBLIC_NEED_STATUSES
        and need.visibility in ("public", "anonymous")
    )


@rules.predicate
def service_is_published(user: Any, service: RDService | None) -> bool:
    return service is not None and service.status == "published"


can_view_need = need_is_public | is_need_member | coordinates_need | is_staff
can_see_need_company = (
    is_need_member
    | coordinates_need
    | is_staff
    | (need_is_public & rules.predicate(lambda user, need: need.visibility == "public"))
)

rules.add_perm("accounts.view_organisation", rules.always_allow)
rules.add_perm("accounts.change_organisation", is_owner | is_staff)
rules.add_perm("accounts.manage_members", is_owner | is_staff)
rules.add_perm("accounts.leave_organisation", is_member)

rules.add_perm("companies.add_developmentneed", belongs_to_company)
rules.add_perm("companies.view_developmentneed", can_view_need)
rules.add_perm("companies.view_need_company", can_see_need_company)
rules.add_perm("companies.change_developmentneed", is_need_member | is_staff)
rules.add_perm("companies.delete_developmentneed", is_need_member | is_staff)

rules.add_perm("services.add_rdservice", belongs_to_provider)
rules.add_perm("services.view_rdservice", service_is_published | is_service_member | is_staff)
rules.add_perm("services.change_rdservice", is_service_member | is_staff)
rules.add_perm("services.delete_rdservice", is_service_member | is_staff)


@rules.predicate
def coordinates_proposal_need(user: Any, proposal: Any) -> bool:
    return proposal is not None and coordinates_need(user, proposal.need)


# Suggestions and proposals: the need's company, the coordinators of its clusters, staff.
rules.add_perm("matchmaking.view_need_suggestions", is_need_member | coordinates_need | is_staff)
rules.add_perm("matchmaking.view_service_needs", is_service_member | is_coordinator | is_staff)
rules.add_perm("matchmaking.review_proposals", is_coordinator | is_staff)
rules.add_perm("matchmaking.decide_proposal", coordinates_proposal_need | is_staff)
rules.add_perm("matchmaking.coordinate_need", coordinates_need | is_staff)
