"""Notifications: one in-app item and, by preference, one e-mail per recipient and event.

Written in the transaction of the event. The key (recipient, event, object, period) makes a
repeated event a no-op, and the e-mail carries the same key into the outbox, so nothing is
sent twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Delivery, Event, Notification, Preference
from .outbox import email_queue

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(user_id: int, event: str) -> str:
    return signing.dumps({"u": user_id, "e": event}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """Raises signing.BadSignature for anything not signed by us."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or data.get("e") not in Event.values:
        raise signing.BadSignature("unknown event")
    return int(data["u"]), str(data["e"])


def delivery_for(user: Any, event: str) -> str:
    preference = Preference.objects.filter(user=user, event=event).first()
    return preference.delivery if preference else Delivery.IMMEDIATELY


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Any],
    event: str,
    object_key: str,
    title: Any,
    body: str = "",
    url: str = "",
    period: str = "",
    title_params: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
) -> list[Notification]:
    """`title` is a lazy message formatted with `title_params` in each recipient's language
    (formatting a lazy string early would fix it in the sender's language)."""
    created: list[Notification] = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        key = f"{user.pk}:{event}:{object_key}:{period}"
        with translation.override(user.language or settings.LANGUAGE_CODE):
            notification, is_new = Notification.objects.get_or_create(
                key=key,
                defaults={
                    "recipient": user,
                    "event": event,
                    "title": _format(title, title_params)[:255],
                    "body": str(body),
                    "url": url,
                },
            )
            if not is_new:
                continue
            created.append(notification)
            if delivery_for(user, event) == Delivery.IMMEDIATELY:
                _email(user, notification, context or {})
    return created


def _format(message: Any, params: dict[str, Any] | None) -> str:
    text = str(message)
    if params:
        text = text % {key: str(value) for key, value in params.items()}
    return text


def _email(user: Any, notification: Notification, context: dict[str, Any]) -> None:
    unsubscribe = settings.SITE_URL + reverse(
        "notification_unsubscribe", args=[unsubscribe_token(user.pk, notification.event)]
    )
    data = {
        "user": user,
        "notification": notification,
        "unsubscribe_url": unsubscribe,
        "link": settings.SITE_URL + notification.url if notification.url else "",
        **context,
    }
    email_queue(
        to=user.email,
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.title}",
        body_text=render_to_string("notifications/email.txt", data),
        body_html=render_to_string("notifications/email.html", data),
        idempotency_key=f"notification:{notification.key}",
    )
