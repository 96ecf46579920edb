"""`{% load matching %}`: the engine's suggestions on a need's and a service's page."""

from __future__ import annotations

from typing import Any

from django import template

from companies.models import DevelopmentNeed
from services.models import RDService

from ..matching.selectors import needs_for_service, suggestions_for_need, with_sentences

register = template.Library()


@register.inclusion_tag("matchmaking/_need_suggestions.html", takes_context=True)
def need_suggestions(context: template.Context, need: DevelopmentNeed) -> dict[str, Any]:
    """Suggested R&D services, for the need's company and its coordinators."""
    user = context["request"].user
    suggestions: list[Any] = []
    if user.has_perm("matchmaking.view_need_suggestions", need):
        suggestions = with_sentences(suggestions_for_need(need))
    return {"suggestions": suggestions}


@register.inclusion_tag("matchmaking/_service_needs.html", takes_context=True)
def service_needs(context: template.Context, service: RDService) -> dict[str, Any]:
    """Needs the service could serve, for its provider and coordinators."""
    user = context["request"].user
    proposals: list[Any] = []
    if user.has_perm("matchmaking.view_service_needs", service):
        proposals = with_sentences(needs_for_service(user, service))
    return {"proposals": proposals}
