"""E-mail digests: one e-mail per user gathering the notifications they chose to get daily
or weekly. The day or week is in the outbox key, so a rerun sends nothing twice."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.dates import iso_week

from .models import Delivery, Event, Notification, Preference
from .notify import unsubscribe_token
from .outbox import email_queue


def send_preference_digests(*, delivery: str, today: date | None = None) -> int:
    """One e-mail per user gathering the notifications they chose to get daily or weekly."""
    today = today or timezone.localdate()
    days = 1 if delivery == Delivery.DAILY else 7
    period = str(today) if delivery == Delivery.DAILY else iso_week(today)
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
