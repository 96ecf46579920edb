"""Reminders to a need's owners: no progress for a while, or a deadline close.

Each has a period in its notification key, so a rerun in the same period sends nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import users_of
from core.dates import iso_week
from notifications.models import Event
from notifications.notify import notify

from .models import DevelopmentNeed, NeedStatus


def send_need_reminders(*, today: date | None = None) -> int:
    """Needs without progress for N days (weekly at most) and needs about to expire."""
    today = today or timezone.localdate()
    sent = 0
    stalled_since = timezone.now() - timedelta(days=settings.NEED_STALLED_DAYS)
    stalled = DevelopmentNeed.objects.filter(
        status=NeedStatus.PUBLISHED, published_at__lte=stalled_since, matches__isnull=True
    )
    for need in stalled:
        sent += len(
            notify(
                recipients=users_of(need.organisation_id),
                event=Event.NEED_STALLED,
                object_key=f"need:{need.pk}",
                period=iso_week(today),
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
                recipients=users_of(need.organisation_id),
                event=Event.NEED_EXPIRING,
                object_key=f"need:{need.pk}",
                period=str(need.deadline),
                url=need.get_absolute_url(),
                title=_("Deadline %(date)s: %(title)s"),
                title_params={"date": str(need.deadline), "title": need.title},
            )
        )
    return sent
