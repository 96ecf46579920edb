"""Background work handed to Celery after the writer's transaction commits.

Writers in the lower layers (needs, services) start work that belongs to a higher one
(matchmaking) by the task's registered name, so they need not import it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

_deferral = threading.local()


def enqueue_after_commit(task: Any, *args: object) -> None:
    """Send `task` to the broker once the surrounding transaction commits.

    A broker that is down must not fail the user's request: the row that asked for the work
    is already committed, and the periodic sweep will pick it up.
    """

    def _send() -> None:
        try:
            task.apply_async(args=args)
        except Exception:  # the broker's client raises many types; all mean "not queued"
            logger.warning(
                "Could not queue %s%r; the sweep will retry it", task.name, args, exc_info=True
            )

    transaction.on_commit(_send)


def dispatch_after_commit(task_name: str, *args: object) -> None:
    """`enqueue_after_commit` for a task known by its registered name.

    The task object is looked up in the app's registry rather than sent with `send_task`,
    which would ignore CELERY_TASK_ALWAYS_EAGER, the embedded default's way to run tasks.
    """
    if task_name not in current_app.tasks:
        # A web process imports the apps' tasks modules only when asked: the worker does it
        # at start, through the autodiscovery hooked to this signal.
        current_app.loader.import_default_modules()
    enqueue_after_commit(current_app.tasks[task_name], *args)


def dispatch_debounced(task_name: str, *, window: int) -> None:
    """Run the task (no arguments) once, `window` seconds after the first of a burst of
    calls: the first call takes a marker in the shared cache and queues the task with that
    countdown; later calls while the marker lives do nothing. The task should `release` the
    marker as it starts, so a change made while it runs queues the next run.

    Nothing is queued where tasks run in-process (no broker): the work would land on the
    writer's request, which is what running it in the background is meant to avoid.
    """
    if current_app.conf.task_always_eager or is_deferred():
        return
    from django.core.cache import cache

    try:
        if not cache.add(_debounce_key(task_name), 1, timeout=window * 2):
            return
    except Exception:  # the cache (Redis) is down: warming is a nicety, the write goes on
        logger.warning("Could not debounce %s; not queued", task_name, exc_info=True)
        return

    def _send() -> None:
        try:
            current_app.loader.import_default_modules()
            current_app.tasks[task_name].apply_async(countdown=window)
        except Exception:  # not queued: the next change (or the TTL of the marker) retries
            logger.warning("Could not queue %s", task_name, exc_info=True)
            release(task_name)

    transaction.on_commit(_send)


# The situational picture (insights) is warmed by name from the writers of needs,
# services and matches, which sit below it; a burst warms once, a minute after it starts.
PICTURE_WARM_TASK = "insights.tasks.warm_picture"
PICTURE_WARM_WINDOW = 60


def picture_changed() -> None:
    dispatch_debounced(PICTURE_WARM_TASK, window=PICTURE_WARM_WINDOW)


def release(task_name: str) -> None:
    """The debounced task has started: the next change queues it again."""
    from django.core.cache import cache

    try:
        cache.delete(_debounce_key(task_name))
    except Exception:  # the marker expires by itself (twice the window)
        logger.warning("Could not release %s", task_name, exc_info=True)


def _debounce_key(task_name: str) -> str:
    return f"jobs:debounce:{task_name}"


@contextmanager
def deferred() -> Iterator[None]:
    """Bulk loads: skip per-row background work inside, and do it once at the end."""
    _deferral.active = True
    try:
        yield
    finally:
        _deferral.active = False


def is_deferred() -> bool:
    return bool(getattr(_deferral, "active", False))


def runs_in_process() -> bool:
    """Whether queued tasks run right here (the embedded default, tests) instead of on a
    worker: work split for many workers is then simply done in a loop."""
    return bool(current_app.conf.task_always_eager)
