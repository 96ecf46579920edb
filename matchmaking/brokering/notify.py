"""What brokering tells people: one function per event, and who the coordinators are."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.selectors import users_of
from companies.models import NeedVisibility
from notifications.models import Event
from notifications.notify import notify
from taxonomy.models import Cluster

from ..models import Match, MatchOrigin, PartyAnswer
from .introduction import (
    COMPANY,
    PARTY_ANSWERED,
    PROVIDER,
    coordinator_note,
    next_step,
    party_contacts,
)


def coordinators_of(need: Any) -> list[User]:
    """The coordinators of every cluster whose region or priority areas the need touches."""
    clusters = Cluster.objects.reaching(
        region_id=need.region_id, area_ids=need.priority_areas.values("pk")
    )
    return list(User.objects.filter(coordinated_clusters__in=clusters.values("pk")).distinct())


def _to_coordinators(
    match: Match,
    event: str,
    title: Any,
    body: str = "",
    period: str = "",
    title_params: dict[str, Any] | None = None,
) -> None:
    recipients = [*coordinators_of(match.need), match.assignee]
    notify(
        recipients=recipients,
        event=event,
        object_key=f"match:{match.pk}",
        title=title,
        title_params=title_params,
        body=body,
        url=reverse("match_detail", args=[match.pk]),
        period=period,
    )


def notify_interest(match: Match, note: str) -> None:
    """A provider's interest in a need, or a company's question about a service."""
    _to_coordinators(
        match,
        Event.INTEREST,
        MatchOrigin(match.origin).label,
        body=f"{match.need.title} → {match.service.title}\n{note}".strip(),
    )


def notify_party_answer(match: Match, party: str, answer: str, text: str) -> None:
    """The company or the provider answered an introduction."""
    _to_coordinators(
        match,
        Event.PARTY_ANSWER,
        PARTY_ANSWERED[party],
        title_params={"answer": PartyAnswer(answer).label},
        body=f"{match.need.title} → {match.service.title}\n{text}".strip(),
        period=party,
    )


def notify_shortlisted(match: Match) -> None:
    """The company learns that a coordinator means to introduce it to a provider, and what
    it has to do (an anonymous need's company agrees first); the provider is told nothing
    yet, as it may not know the company."""
    notify(
        recipients=users_of(match.need.organisation_id),
        event=Event.INTRODUCTION,
        object_key=f"match:{match.pk}",
        period="shortlisted",
        url=reverse("match_detail", args=[match.pk]),
        title=gettext_lazy("A coordinator suggests %(provider)s for your need"),
        title_params={"provider": match.service.provider.name},
        body=f"{match.need.title} → {match.service.title}",
        context={
            "introduction": {
                "match": match,
                "role": COMPANY,
                "reasons": match.proposal.reasons if match.proposal else [],
                "coordinator_note": match.proposal.decision_note if match.proposal else "",
                "coordinators": coordinators_of(match.need),
                "next_step": next_step(match, COMPANY),
                "contacts": [],
            }
        },
    )


def notify_introduction(match: Match) -> None:
    """Both parties learn of each other: the other side's contact persons (only where the
    company may be known), why they were matched, the coordinator's note, the suggested
    first call and what happens next. Words are chosen in each recipient's language."""
    coordinators = coordinators_of(match.need)
    url = reverse("match_detail", args=[match.pk])
    company_known = (
        match.need.visibility != NeedVisibility.ANONYMOUS or match.company_consented_at is not None
    )
    shared = {
        "match": match,
        "reasons": match.proposal.reasons if match.proposal else [],
        "coordinator_note": coordinator_note(match),
        "coordinators": coordinators,
        "ics_url": settings.SITE_URL + reverse("match_first_call", args=[match.pk]),
    }
    notify(
        recipients=users_of(match.need.organisation_id),
        event=Event.INTRODUCTION,
        object_key=f"match:{match.pk}",
        url=url,
        title=gettext_lazy("You are introduced to %(provider)s"),
        title_params={"provider": match.service.provider.name},
        body=f"{match.need.title} → {match.service.title}",
        context={
            "introduction": {
                **shared,
                "role": COMPANY,
                "next_step": next_step(match, COMPANY),
                "contacts": party_contacts(match.service.provider_id),
                "contacts_of": match.service.provider.name,
            }
        },
    )
    company = match.need.organisation.name if company_known else gettext_lazy("a company")
    notify(
        recipients=users_of(match.service.provider_id),
        event=Event.INTRODUCTION,
        object_key=f"match:{match.pk}",
        url=url,
        title=gettext_lazy("You are introduced to %(company)s"),
        title_params={"company": company},
        body=f"{match.need.title} → {match.service.title}",
        context={
            "introduction": {
                **shared,
                "role": PROVIDER,
                "next_step": next_step(match, PROVIDER),
                # Never the contacts of a company that has not agreed to be known.
                "contacts": (party_contacts(match.need.organisation_id) if company_known else []),
                "contacts_of": company,
            }
        },
    )
