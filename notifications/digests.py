"""Reminders and the weekly digest. Each has a period in its key, so a rerun sends nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Event
from .notify import members_of, notify


def _week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def send_need_reminders(*, today: date | None = None) -> int:
    """Needs without progress for N days (weekly at most) and needs about to expire."""
    from companies.models import DevelopmentNeed, NeedStatus

    today = today or timezone.localdate()
    sent = 0
    stalled_since = timezone.now() - timedelta(days=settings.NEED_STALLED_DAYS)
    stalled = DevelopmentNeed.objects.filter(
        status=NeedStatus.PUBLISHED, published_at__lte=stalled_since, matches__isnull=True
    )
    for need in stalled:
        sent += len(
            notify(
                recipients=members_of(need.organisation_id),
                event=Event.NEED_STALLED,
                object_key=f"need:{need.pk}",
                period=_week(today),
                url=need.get_absolute_url(),
                title=_("No progress yet: %(title)s"),
                title_params={"title": need.title},
            )
        )
    soon = today + timedelta(days=settings.NEED_EXPIRY_WARNING_DAYS)
    for need in DevelopmentNeed.objects.filter(
        status=NeedStatus.PUBLISHED, deadline__gte=today, deadline__lte=soon
    ):
        sent += len(
            notify(
                recipients=members_of(need.organisation_id),
                event=Event.NEED_EXPIRING,
                object_key=f"need:{need.pk}",
                period=str(need.deadline),
                url=need.get_absolute_url(),
                title=_("Deadline %(date)s: %(title)s"),
                title_params={"date": str(need.deadline), "title": need.title},
            )
        )
    return sent


def send_follow_up_reminders(*, today: date | None = None) -> int:
    from matchmaking.models import FollowUpTask

    today = today or timezone.localdate()
    sent = 0
    for task in FollowUpTask.objects.filter(
        due_date__lte=today, done_at__isnull=True, assignee__isnull=False
    ).select_related("match"):
        sent += len(
            notify(
                recipients=[task.assignee],
                event=Event.FOLLOW_UP_DUE,
                object_key=f"task:{task.pk}",
                url=reverse("match_detail", args=[task.match_id]),
                title=_("Follow-up due: %(task)s"),
                title_params={"task": task.title},
            )
        )
    return sent


def send_weekly_digest(*, today: date | None = None) -> int:
    """To providers: new needs in their priority areas or region, and new saved-search hits."""
    from accounts.models import Membership
    from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility
    from search.models import SavedSearch
    from services.models import RDService

    today = today or timezone.localdate()
    since = timezone.now() - timedelta(days=7)
    new_needs = DevelopmentNeed.objects.filter(
        status=NeedStatus.PUBLISHED,
        published_at__gte=since,
        visibility__in=(NeedVisibility.PUBLIC, NeedVisibility.ANONYMOUS),
    )
    recipients: dict[int, Any] = {}
    lines: dict[int, list[str]] = {}
    for membership in Membership.objects.filter(
        organisation__kind__in=("university", "uas", "research_institute", "laboratory")
    ).select_related("user", "organisation"):
        services = RDService.objects.filter(provider=membership.organisation, status="published")
        areas = set(services.values_list("priority_areas", flat=True)) - {None}
        regions = set(services.values_list("region_id", flat=True))
        relevant = (
            new_needs.filter(Q(priority_areas__in=areas) | Q(region_id__in=regions))
            .distinct()
            .order_by("-published_at")[:20]
        )
        found = [
            f"- {need.title} {settings.SITE_URL}{need.get_absolute_url()}" for need in relevant
        ]
        if found:
            recipients[membership.user_id] = membership.user
            lines.setdefault(membership.user_id, []).extend(found)
    for saved in SavedSearch.objects.select_related("user"):
        hits = _new_hits(saved, since)
        if hits:
            recipients[saved.user_id] = saved.user
            lines.setdefault(saved.user_id, []).append(
                f"{saved.name}: {hits} {settings.SITE_URL}{saved.get_absolute_url()}"
            )
    sent = 0
    for user_id, user in recipients.items():
        sent += len(
            notify(
                recipients=[user],
                event=Event.WEEKLY_DIGEST,
                object_key="digest",
                period=_week(today),
                title=_("Your weekly digest"),
                body="\n".join(dict.fromkeys(lines[user_id])),
            )
        )
    return sent


def _new_hits(saved: Any, since: Any) -> int:
    from django.http import QueryDict

    from search.forms import SearchForm
    from search.service import search

    data = QueryDict(saved.query_string)
    form = SearchForm(data)
    if not form.is_valid():
        return 0
    results = search(form.to_query(data, page_size=100), saved.user)
    return sum(
        1
        for hit in results.hits
        if hit.fields.get("date") and hit.fields["date"] >= since.isoformat()
    )


def send_preference_digests(*, delivery: str, today: date | None = None) -> int:
    """One e-mail per user gathering the notifications they chose to get daily or weekly."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from .models import Delivery, Event, Notification, Preference
    from .outbox import email_queue
    from .notify import unsubscribe_token

    today = today or timezone.localdate()
    days = 1 if delivery == Delivery.DAILY else 7
    period = str(today) if delivery == Delivery.DAILY else _week(today)
    since = timezone.now() - timedelta(days=days)
    chosen: dict[int, set[str]] = {}
    for preference in Preference.objects.filter(delivery=delivery):
        chosen.setdefault(preference.user_id, set()).add(preference.event)
    sent = 0
    for user_id, events in chosen.items():
        items = list(
            Notification.objects.filter(
                recipient_id=user_id, event__in=events, created_at__gte=since
            )
            .select_related("recipient")
            .order_by("created_at")
        )
        if not items:
            continue
        user = items[0].recipient
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "items": items,
                "site": settings.SITE_URL,
                "preferences_url": settings.SITE_URL + reverse("notification_preferences"),
                # Every e-mail carries one-click unsubscribe links, digests too.
                "unsubscribe": [
                    (
                        Event(event).label,
                        settings.SITE_URL
                        + reverse(
                            "notification_unsubscribe", args=[unsubscribe_token(user_id, event)]
                        ),
                    )
                    for event in sorted({item.event for item in items})
                ],
            }
            email_queue(
                to=user.email,
                subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}"
                f"{_('Your notifications') if days == 1 else _('Your notifications this week')}",
                body_text=render_to_string("notifications/digest.txt", context),
                body_html=render_to_string("notifications/digest.html", context),
                idempotency_key=f"digest:{delivery}:{user_id}:{period}",
            )
        sent += 1
    return sent
