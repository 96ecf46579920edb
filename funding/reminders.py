"""Reminders of calls closing soon, to the companies and coordinators whose needs or matches
they may fit (the fit says "fits" or "not known yet", not "does not fit").

Exactly once per user and call: a `CallReminder` row, unique on the pair, is written in the
same transaction as the notification; a second run (or a second worker) finds the row.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import users_of
from companies.models import DevelopmentNeed
from companies.rules import PUBLIC_NEED_STATUSES
from matchmaking.brokering.notify import coordinators_of
from matchmaking.models import Match, MatchStage
from notifications.models import Event
from notifications.notify import notify

from . import fit as fitting
from .models import CallReminder, FundingCall
from .selectors import facts_of, instruments_list, subject_for_match, subject_for_need

CLOSED_STAGES = (MatchStage.NO_DEAL, MatchStage.DISMISSED)


class _Cache:
    """Per run: each need's subject and recipients are read once, however many calls."""

    def __init__(self) -> None:
        self.people: dict[int, list[Any]] = {}

    def recipients_of(self, need: DevelopmentNeed) -> list[Any]:
        if need.pk not in self.people:
            self.people[need.pk] = users_of(need.organisation_id) + coordinators_of(need)
        return self.people[need.pk]


def _recipients(call: FundingCall, today: date, cache: _Cache) -> dict[int, tuple[Any, list[str]]]:
    """Each user to remind, with the titles of the needs the call may fit."""
    instrument = instruments_list().get(pk=call.instrument_id)
    facts = facts_of(instrument)
    found: dict[int, tuple[Any, list[str]]] = {}

    def add(users: list[Any], title: str) -> None:
        for user in users:
            entry = found.setdefault(user.pk, (user, []))
            if title not in entry[1]:
                entry[1].append(title)

    needs = (
        DevelopmentNeed.objects.filter(status__in=PUBLIC_NEED_STATUSES)
        .select_related("organisation", "region")
        .prefetch_related("priority_areas")
    )
    for need in needs:
        if fitting.fit(facts, subject_for_need(need), today=today).verdict != fitting.Verdict.NO:
            add(cache.recipients_of(need), need.title)
    matches = (
        Match.objects.exclude(stage__in=CLOSED_STAGES)
        .exclude(stage=MatchStage.PROPOSED)
        .select_related("need", "need__organisation", "need__region", "service__provider")
        .prefetch_related("need__priority_areas")
    )
    for match in matches:
        subject = subject_for_match(match)
        if fitting.fit(facts, subject, today=today).verdict != fitting.Verdict.NO:
            add(cache.recipients_of(match.need), match.need.title)
    return found


def send_call_reminders(*, today: date | None = None, days: int | None = None) -> int:
    today = today or timezone.localdate()
    days = settings.FUNDING_CALL_REMINDER_DAYS if days is None else days
    calls = FundingCall.objects.filter(
        deadline__gte=today, deadline__lte=today + timedelta(days=days)
    ).select_related("instrument")
    sent = 0
    cache = _Cache()
    for call in calls:
        for user, titles in _recipients(call, today, cache).values():
            with transaction.atomic():
                _row, created = CallReminder.objects.get_or_create(call=call, user=user)
                if not created:
                    continue
                sent += len(
                    notify(
                        recipients=[user],
                        event=Event.FUNDING_CALL,
                        object_key=f"call:{call.pk}",
                        url=reverse(
                            "funding_instrument_detail", kwargs={"slug": call.instrument.slug}
                        ),
                        title=_("%(call)s closes on %(date)s"),
                        title_params={
                            "call": call.title,
                            "date": call.deadline.strftime("%d.%m.%Y"),
                        },
                        body="\n".join(titles),
                    )
                )
    return sent
