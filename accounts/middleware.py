"""Coordinators see every company's coordinators-only needs and staff see everything: both
must use two-factor login. This covers sessions; API tokens are checked in api_auth."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from .rules import needs_second_factor

# Paths a coordinator or staff member without TOTP may still reach: setting it up, logging
# out, static files, the accessibility statement.
_ALLOWED_PREFIXES = (
    "/accounts/",
    "/static/",
    "/i18n/",
    "/api/schema",
    "/admin/logout",
    "/accessibility/",
)


class CoordinatorTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if not request.path.startswith(_ALLOWED_PREFIXES) and needs_second_factor(user):
            if request.path.startswith("/api/"):
                from .api_auth import SECOND_FACTOR_REQUIRED

                return JsonResponse({"detail": str(SECOND_FACTOR_REQUIRED)}, status=403)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
