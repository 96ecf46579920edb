from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import RDService, ServiceStatus
from .rules import service_visibility_q


def services_visible_to(user: Any) -> QuerySet[RDService]:
    return (
        RDService.objects.filter(service_visibility_q(user))
        .select_related(
            "provider", "service_type", "region", "trl_min", "trl_max", "contact_person"
        )
        .prefetch_related("priority_areas", "priority_areas__region")
    )


def services_in_directory(user: Any) -> QuerySet[RDService]:
    return services_visible_to(user).filter(status=ServiceStatus.PUBLISHED)
