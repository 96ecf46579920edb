"""Coordinators see every company's coordinators-only needs and staff see everything: both
must use two-factor login. This covers sessions; API tokens are checked in api_auth."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import translation

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


class UserLanguageMiddleware:
    """After login the interface speaks the user's chosen language, as their e-mails do.

    Runs after AuthenticationMiddleware and overrides what LocaleMiddleware read from the
    cookie or the browser; the language switcher stores the choice on the user
    (accounts.views.set_language), so the two never disagree.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user and user.is_authenticated else ""
        if language in self.languages:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
