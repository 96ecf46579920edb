from celery import shared_task

from core import jobs

from . import actions, figures


@shared_task(name="insights.tasks.ask_introduction_ratings", ignore_result=True, acks_late=True)
def ask_introduction_ratings() -> int:
    """Daily: ask both parties of each new introduction whether it was useful."""
    return actions.ratings_ask()


@shared_task(name="insights.tasks.schedule_impact_follow_ups", ignore_result=True, acks_late=True)
def schedule_impact_follow_ups() -> int:
    """Daily: create the 3, 6 and 12 month impact forms of agreements; ask those due."""
    return actions.impact_follow_ups_schedule()


@shared_task(name=figures.WARM_TASK, ignore_result=True, acks_late=True)
def warm_picture() -> int:
    """After a burst of changes: compute the picture's default tables into the cache, so
    the first viewer does not wait for all of them. Reads everything afresh; running it
    twice only finds the cache warm the second time."""
    jobs.release(figures.WARM_TASK)
    return figures.warm()
