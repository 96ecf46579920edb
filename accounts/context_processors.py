from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .scope import scope_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    scope = scope_for(user)
    unread = 0
    if scope.authenticated:
        from notifications.models import Notification

        unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {
        "nav_unread": unread,
        "nav_scope": scope,
        "nav_is_company": bool(scope.company_org_ids),
        "nav_is_provider": bool(scope.provider_org_ids),
        "nav_is_coordinator": scope.is_coordinator,
    }
