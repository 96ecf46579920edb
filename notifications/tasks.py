from __future__ import annotations

from celery import shared_task

from .digests import send_preference_digests
from .outbox import email_deliver, outbox_due_ids


@shared_task(name="notifications.tasks.deliver_email", acks_late=True, ignore_result=True)
def deliver_email(email_id: int) -> bool:
    return email_deliver(email_id=email_id)


@shared_task(name="notifications.tasks.sweep_outbox", ignore_result=True)
def sweep_outbox() -> int:
    """Send everything the broker never received or a failed attempt left for later."""
    sent = 0
    for email_id in outbox_due_ids():
        sent += int(email_deliver(email_id=email_id))
    return sent


@shared_task(name="notifications.tasks.send_daily_digests", ignore_result=True)
def send_daily_digests() -> int:
    return send_preference_digests(delivery="daily")


@shared_task(name="notifications.tasks.send_weekly_digests", ignore_result=True)
def send_weekly_digests() -> int:
    return send_preference_digests(delivery="weekly")
