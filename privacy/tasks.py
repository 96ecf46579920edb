from celery import shared_task

from . import actions


@shared_task(name="privacy.tasks.prepare_export", ignore_result=True)
def prepare_export(export_id: int) -> None:
    actions.data_export_prepare(export_id)


@shared_task(name="privacy.tasks.inactive_accounts", ignore_result=True)
def inactive_accounts() -> tuple[int, int]:
    """Daily: warn inactive accounts, erase those the warning did not bring back."""
    return actions.inactive_accounts_sweep()
