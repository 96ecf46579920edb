from celery import shared_task

from .actions import needs_expire_overdue
from .reminders import send_need_reminders as need_reminders_send


@shared_task(name="companies.tasks.expire_overdue_needs", ignore_result=True)
def expire_overdue_needs() -> int:
    return needs_expire_overdue()


@shared_task(name="companies.tasks.send_need_reminders", ignore_result=True)
def send_need_reminders() -> int:
    """Daily: stalled and expiring needs, to their organisation's members."""
    return need_reminders_send()
