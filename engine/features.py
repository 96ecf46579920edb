"""Structured compatibility between a need and a service, each feature in [0, 1] or None."""

from __future__ import annotations

from .items import Item, Reason

# Which service types serve which need categories: 1.0 directly, 0.5 as a neighbour.
TYPE_FIT: dict[str, dict[str, float]] = {
    "testing": {
        "testing-analysis": 1.0,
        "equipment-access": 1.0,
        "piloting-test-environments": 0.5,
        "contract-research": 0.5,
    },
    "product-development": {
        "contract-research": 1.0,
        "expertise-consulting": 1.0,
        "student-projects": 0.5,
        "piloting-test-environments": 0.5,
        "equipment-access": 0.5,
    },
    "research": {
        "contract-research": 1.0,
        "student-projects": 1.0,
        "expertise-consulting": 0.5,
        "testing-analysis": 0.5,
    },
    "piloting": {
        "piloting-test-environments": 1.0,
        "equipment-access": 0.5,
        "contract-research": 0.5,
    },
    "funding": {"funding-eu-advisory": 1.0, "expertise-consulting": 0.5},
    "expertise": {
        "expertise-consulting": 1.0,
        "training": 0.5,
        "student-projects": 0.5,
        "contract-research": 0.5,
    },
    "training": {"training": 1.0, "student-projects": 0.5, "expertise-consulting": 0.5},
}

FEATURE_NAMES = ("area", "type", "trl", "place", "language", "timing")


def structured(need: Item, service: Item) -> tuple[dict[str, float], list[Reason]]:
    """Known features and the reasons they give, for and against."""
    values: dict[str, float] = {}
    reasons: list[Reason] = []

    if need.priority_areas and service.priority_areas:
        shared = sorted(need.priority_areas & service.priority_areas)
        values["area"] = len(shared) / len(need.priority_areas)
        if shared:
            reasons.append(Reason("shared_priority_areas", {"areas": shared}))

    if need.kind and service.kind and need.kind in TYPE_FIT:
        fit = TYPE_FIT[need.kind].get(service.kind, 0.0)
        values["type"] = fit
        if fit >= 1.0:
            reasons.append(
                Reason("type_fits", {"service_type": service.kind, "category": need.kind})
            )
        elif fit == 0.0:
            reasons.append(
                Reason("type_differs", {"service_type": service.kind, "category": need.kind})
            )

    target = need.trl_high or need.trl_low
    if target and (service.trl_low or service.trl_high):
        low, high = service.trl_low or 1, service.trl_high or 9
        distance = 0 if low <= target <= high else min(abs(target - low), abs(target - high))
        values["trl"] = max(0.0, 1.0 - distance / 3)
        if distance:
            reasons.append(Reason("trl_outside", {"target": target, "low": low, "high": high}))
        else:
            reasons.append(Reason("trl_inside", {"target": target, "low": low, "high": high}))

    if need.region and service.region:
        if need.region == service.region:
            values["place"] = 1.0
            reasons.append(Reason("same_region", {"region": service.region}))
        elif service.remote:
            values["place"] = 0.8
            reasons.append(Reason("remote", {}))
        else:
            values["place"] = 0.3
            reasons.append(Reason("other_region", {"region": service.region}))

    if service.languages:
        if need.language in service.languages:
            values["language"] = 1.0
        else:
            values["language"] = 0.4
            reasons.append(Reason("language_missing", {"language": need.language}))

    if need.days_to_deadline is not None and service.lead_time_weeks is not None:
        lead_days = service.lead_time_weeks * 7
        if lead_days <= need.days_to_deadline:
            values["timing"] = 1.0
        else:
            late = lead_days - need.days_to_deadline
            values["timing"] = max(0.0, 1.0 - late / 60)
            reasons.append(
                Reason(
                    "too_slow",
                    {
                        "lead_time_weeks": service.lead_time_weeks,
                        "days_to_deadline": need.days_to_deadline,
                    },
                )
            )
    return values, reasons
