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
