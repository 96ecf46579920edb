from celery import shared_task

from .brokering.reminders import send_follow_up_reminders as follow_up_reminders_send
from .matching import proposals as matching


@shared_task(name="matchmaking.tasks.refit_engine", ignore_result=True, acks_late=True)
def refit_engine() -> str:
    """Fit, then queue the re-match in chunks that every worker on the matching queue shares."""
    record, _engine = matching.engine_refit(reason="scheduled refit", distribute=True)
    return record.version


@shared_task(name="matchmaking.tasks.match_needs_chunk", ignore_result=True, acks_late=True)
def match_needs_chunk(version: str, first_id: int, last_id: int, notify: bool = True) -> dict:
    """One chunk of a re-match: the published needs with ids in [first_id, last_id]."""
    return matching.proposals_rematch_range(
        version=version, first_id=first_id, last_id=last_id, notify=notify
    )


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
