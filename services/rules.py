"""Who may see and change R&D services: a queryset filter (404 for another provider's
draft) and `rules` predicates for one service (403 when visible but not editable)."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from accounts.rules import belongs_to_provider, is_staff
from accounts.scope import scope_for

from .models import RDService, ServiceStatus


def service_visibility_q(user: Any) -> Q:
    scope = scope_for(user)
    if scope.staff:
        return Q()
    visible = Q(status=ServiceStatus.PUBLISHED)
    if scope.org_ids:
        visible |= Q(provider_id__in=scope.org_ids)
    return visible


@rules.predicate
def is_service_member(user: Any, service: RDService | None) -> bool:
    return service is not None and service.provider_id in scope_for(user).org_ids


@rules.predicate
def service_is_published(user: Any, service: RDService | None) -> bool:
    return service is not None and service.status == ServiceStatus.PUBLISHED


rules.add_perm("services.add_rdservice", belongs_to_provider)
rules.add_perm("services.view_rdservice", service_is_published | is_service_member | is_staff)
rules.add_perm("services.change_rdservice", is_service_member | is_staff)
rules.add_perm("services.delete_rdservice", is_service_member | is_staff)
