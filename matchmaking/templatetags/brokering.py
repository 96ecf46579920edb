"""`{% load brokering %}`: starting a match from a need's or a service's page, and whether
the row has brokering history (closed or archived rather than deleted)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q
from django.utils.translation import get_language

from accounts.scope import scope_for
from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility
from companies.selectors import needs_in_directory
from core.history import has_history
from engine.reasons import render
from services.models import RDService, ServiceStatus
from services.selectors import services_in_directory

from ..brokering.introduction import next_step, role_of
from ..brokering.selectors import matches_for, services_to_add
from ..matching.proposals import reason_labels
from ..models import FINAL_STAGES, Match

register = template.Library()


@register.inclusion_tag("brokering/_need_start_forms.html", takes_context=True)
def need_start_forms(context: template.Context, need: DevelopmentNeed) -> dict[str, Any]:
    """A coordinator adds a match the engine missed; a provider expresses interest."""
    user = context["request"].user
    published = need.status == NeedStatus.PUBLISHED
    found = _services_found(context, user, need) if published else []
    return {
        "found_services": found,
        "need": need,
        # A search, not a list of every service: at most 20 matching the typed words (the
        # page reloads with ?service_q= without JavaScript; service-lookup.js as one types).
        "can_add": published and user.has_perm("matchmaking.coordinate_need", need),
        "service_q": context["request"].GET.get("service_q", "")[:100],
        "my_services": (
            services_in_directory(user).filter(provider_id__in=scope_for(user).provider_org_ids)
            if published and need.visibility != NeedVisibility.COORDINATORS
            else []
        ),
    }


def _services_found(context: template.Context, user: Any, need: DevelopmentNeed) -> list[Any]:
    text = context["request"].GET.get("service_q", "")[:100]
    if not text.strip() or not user.has_perm("matchmaking.coordinate_need", need):
        return []
    return list(services_to_add(user, need, text))


@register.inclusion_tag("brokering/_service_start_forms.html", takes_context=True)
def service_start_forms(context: template.Context, service: RDService) -> dict[str, Any]:
    """A company asks about the service for one of its needs."""
    user = context["request"].user
    return {
        "service": service,
        "my_needs": (
            needs_in_directory(user).filter(organisation_id__in=scope_for(user).company_org_ids)
            if service.status == ServiceStatus.PUBLISHED
            else []
        ),
    }


@register.simple_tag
def need_has_history(need: DevelopmentNeed) -> bool:
    return has_history("need", need.pk)


@register.simple_tag
def service_has_history(service: RDService) -> bool:
    return has_history("service", service.pk)


@register.filter
def reason_sentences(reasons: list[Any]) -> list[str]:
    """A proposal's stored reasons as sentences in the active language (an e-mail is
    rendered in its recipient's)."""
    if not reasons:
        return []
    language = (get_language() or "fi")[:2]
    labels = reason_labels()
    return [render(reason, language, labels) for reason in reasons]


OPEN_MATCHES_ON_HOME = 10


@register.inclusion_tag("brokering/_my_next_steps.html", takes_context=True)
def my_next_steps(context: template.Context) -> dict[str, Any]:
    """A party's open matches on its home page, each with what happens next for it."""
    user = context["request"].user
    scope = scope_for(user)
    if not user.is_authenticated or not scope.org_ids:
        return {"rows": []}
    matches = (
        Match.objects.filter(pk__in=matches_for(user).values("pk"))
        .filter(
            Q(need__organisation_id__in=scope.org_ids) | Q(service__provider_id__in=scope.org_ids)
        )
        .exclude(stage__in=FINAL_STAGES)
        .select_related("need", "service", "service__provider")
        .order_by("-stage_changed_at", "pk")[:OPEN_MATCHES_ON_HOME]
    )
    return {"rows": [(match, next_step(match, role_of(user, match))) for match in matches]}
