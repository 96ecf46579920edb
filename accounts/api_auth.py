"""API authentication that refuses coordinators and staff who have no second factor.

The two-factor middleware sees only the session user: a token is read later, by DRF. The
check therefore sits in every authentication class the API accepts.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .rules import needs_second_factor

SECOND_FACTOR_REQUIRED = _(
    "Coordinators and staff must activate two-factor authentication first: "
    "sign in on the website and set up an authenticator app."
)


class SecondFactorRequired(exceptions.PermissionDenied):
    default_detail = SECOND_FACTOR_REQUIRED
    default_code = "second_factor_required"


class SecondFactorAuthentication(authentication.BaseAuthentication):
    """Mixed in first: checks the user that the next class in the MRO authenticated."""

    def authenticate(self, request: Request) -> Any:
        result = super().authenticate(request)
        if result is not None and needs_second_factor(result[0]):
            raise SecondFactorRequired()
        return result


class TokenAuthentication(SecondFactorAuthentication, authentication.TokenAuthentication):
    pass


class SessionAuthentication(SecondFactorAuthentication, authentication.SessionAuthentication):
    pass


class SecondFactorSessionScheme(SessionScheme):
    """The schema documents the session class as drf-spectacular's own (cookieAuth)."""

    target_class = "accounts.api_auth.SessionAuthentication"
