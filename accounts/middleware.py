"""Coordinators see every company's coordinators-only needs: they must use two-factor login."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .rules import scope_for

# Paths a coordinator without TOTP may still reach: setting it up, logging out, static files.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/api/schema", "/admin/logout")


def has_totp(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class CoordinatorTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and scope_for(user).is_coordinator
            and not has_totp(user)
        ):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse(
                    {"detail": "Coordinators must activate two-factor authentication first."},
                    status=403,
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
