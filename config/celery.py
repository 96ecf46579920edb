"""The Celery application. Configuration lives in Django settings under the CELERY_ namespace."""

import os
from typing import Any

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("matchmaking")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _warm_matching_engine_in_child(**kwargs: Any) -> None:
    """Prefork: each child loads the active matching model as it starts, not on the first
    publish it gets."""
    from matchmaking.matching.proposals import engine_warm

    engine_warm()


@worker_ready.connect
def _warm_matching_engine_in_worker(sender: Any = None, **kwargs: Any) -> None:
    """Solo and thread pools run tasks in the worker's own process: warm it there."""
    pool = getattr(sender, "pool", None)
    if pool is not None and "prefork" not in type(pool).__module__:
        from matchmaking.matching.proposals import engine_warm

        engine_warm()
