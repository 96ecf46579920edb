from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.rules import need_visibility_q

from .models import DevelopmentNeed, NeedStatus


def needs_visible_to(user: Any) -> QuerySet[DevelopmentNeed]:
    return (
        DevelopmentNeed.objects.filter(need_visibility_q(user))
        .select_related("organisation", "category", "region", "trl_now", "trl_target")
        .prefetch_related("priority_areas", "priority_areas__region")
    )


def needs_of_organisations(user: Any, organisation_ids: Any) -> QuerySet[DevelopmentNeed]:
    return needs_visible_to(user).filter(organisation_id__in=organisation_ids)


def needs_in_directory(user: Any) -> QuerySet[DevelopmentNeed]:
    """Needs open for proposals that this user may read."""
    return needs_visible_to(user).filter(status=NeedStatus.PUBLISHED)
