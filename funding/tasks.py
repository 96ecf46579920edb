from celery import shared_task

from .reminders import send_call_reminders as call_reminders_send


@shared_task(name="funding.tasks.send_call_reminders", ignore_result=True)
def send_call_reminders() -> int:
    """Daily: calls closing within FUNDING_CALL_REMINDER_DAYS, once per user and call."""
    return call_reminders_send()
