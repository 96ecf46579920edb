from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .rules import scope_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    scope = scope_for(user)
    return {
        "nav_scope": scope,
        "nav_is_company": bool(scope.company_org_ids),
        "nav_is_provider": bool(scope.provider_org_ids),
        "nav_is_coordinator": scope.is_coordinator,
    }
