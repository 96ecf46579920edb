"""Request checks and response headers that Django 5.2's own middleware does not do."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


def content_security_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """Every response carries settings.CONTENT_SECURITY_POLICY unless a view set its own.

    Nothing inline is allowed: scripts and styles come from our static files only, so an
    injected <script> or on*= handler does not run even if escaping were ever missed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = content_security_policy(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.header
        return response


def _has_nul(values: Iterable[str]) -> bool:
    return any("\x00" in value for value in values)


class RejectNulBytesMiddleware:
    """A NUL byte in the path, the query string or a form field is a 400.

    PostgreSQL cannot store or compare text containing NUL, so any such value that reached
    a query (a slug lookup, a filter, a raw POST field) ended in a 500. Forms and
    serializers already refuse it field by field; this covers every value read directly
    from request.GET or request.POST. JSON bodies are checked by core.parsers.JSONParser.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info or self._in_query_or_form(request):
            return HttpResponseBadRequest(
                _("The request contains a NUL character, which is not allowed."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def _in_query_or_form(request: HttpRequest) -> bool:
        for data in (request.GET, request.POST if request.method == "POST" else None):
            if data and any("\x00" in key or _has_nul(values) for key, values in data.lists()):
                return True
        return False
