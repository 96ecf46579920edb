from celery import shared_task

from .brokering.reminders import send_follow_up_reminders as follow_up_reminders_send
from .matching import proposals as matching


@shared_task(name="matchmaking.tasks.refit_engine", ignore_result=True, acks_late=True)
def refit_engine() -> str:
    record, _engine = matching.engine_refit(reason="scheduled refit")
    return record.version


@shared_task(name="matchmaking.tasks.match_need", ignore_result=True, acks_late=True)
def match_need(need_id: int) -> int:
    return matching.proposals_refresh_for_need(need_id=need_id)


@shared_task(name="matchmaking.tasks.match_service", ignore_result=True, acks_late=True)
def match_service(service_id: int) -> int:
    return matching.proposals_refresh_for_service(service_id=service_id)


@shared_task(name="matchmaking.tasks.send_follow_up_reminders", ignore_result=True)
def send_follow_up_reminders() -> int:
    """Daily: follow-ups due, to their assignees."""
    return follow_up_reminders_send()
