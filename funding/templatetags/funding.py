"""The funding panels that the need page and the match page include."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from matchmaking.brokering.actions import company_visible_to

from .. import selectors
from ..models import FundingInstrument

register = template.Library()


@register.inclusion_tag("funding/_need_fit.html", takes_context=True)
def funding_for_need(context: dict[str, Any], need: Any) -> dict[str, Any]:
    """For the need's company, its coordinators and staff: who else may know the company's
    size and kind, which the reasons mention."""
    user = context["request"].user
    if not user.has_perm("matchmaking.view_need_suggestions", need):
        return {"show": False}
    return {
        "show": True,
        "need": need,
        "fits": selectors.fits_for_need(need, today=timezone.localdate()),
        "can_export_een": need.open_to_international,
    }


@register.inclusion_tag("funding/_match_fit.html", takes_context=True)
def funding_for_match(context: dict[str, Any], match: Any) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    if not selectors.may_work_on_plan(user, match):
        return {"show": False}
    plan = getattr(match, "work_plan", None)  # a missing one-to-one row is an AttributeError
    coordinating = bool(context.get("coordinating"))
    return {
        "show": True,
        "match": match,
        "fits": selectors.fits_for_match(
            match,
            today=timezone.localdate(),
            hide_company=not company_visible_to(user, match),
        ),
        "plan": plan,
        "coordinating": coordinating,
        "can_open_plan": coordinating and plan is None,
        "instruments": FundingInstrument.objects.only("pk", "funder", "name"),
        "applications": selectors.applications_of(match),
        "csrf_token": context.get("csrf_token"),
    }
