from celery import shared_task

from .actions import needs_expire_overdue


@shared_task(name="companies.tasks.expire_overdue_needs", ignore_result=True)
def expire_overdue_needs() -> int:
    return needs_expire_overdue()
