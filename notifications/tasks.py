from __future__ import annotations

from celery import shared_task

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


@shared_task(name="notifications.tasks.send_reminders", ignore_result=True)
def send_reminders() -> int:
    from .digests import send_follow_up_reminders, send_need_reminders

    return send_need_reminders() + send_follow_up_reminders()


@shared_task(name="notifications.tasks.send_weekly_digest", ignore_result=True)
def send_weekly_digest() -> int:
    from .digests import send_weekly_digest as digest

    return digest()


@shared_task(name="notifications.tasks.send_daily_digests", ignore_result=True)
def send_daily_digests() -> int:
    from .digests import send_preference_digests

    return send_preference_digests(delivery="daily")


@shared_task(name="notifications.tasks.send_weekly_digests", ignore_result=True)
def send_weekly_digests() -> int:
    from .digests import send_preference_digests

    return send_preference_digests(delivery="weekly")
