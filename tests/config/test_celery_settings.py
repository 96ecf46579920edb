"""Task settings are stated in one place, and the broker outlives every delay we schedule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings

from config.celery import app
from notifications.outbox import retry_delay


def test_tasks_are_acknowledged_late_one_at_a_time_with_time_limits():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert 0 < settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert app.conf.task_acks_late is True and app.conf.worker_prefetch_multiplier == 1
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]


def test_visibility_timeout_is_longer_than_any_retry_delay():
    longest = max(retry_delay(attempt) for attempt in range(1, settings.EMAIL_MAX_ATTEMPTS + 1))
    # The delay is capped at one hour plus a quarter of jitter.
    assert longest <= timedelta(seconds=3600 * 1.25)
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > longest.total_seconds()
    assert visibility > settings.CELERY_TASK_TIME_LIMIT


def test_one_scheduler_with_expiring_periodic_tasks():
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
    schedule: dict[str, dict[str, Any]] = settings.CELERY_BEAT_SCHEDULE
    # What a worker does at start: import every app's tasks module, registering its tasks.
    app.loader.import_default_modules()
    for name, entry in schedule.items():
        assert entry["options"]["expires"] > 0, name
        assert entry["task"] in app.tasks, name
