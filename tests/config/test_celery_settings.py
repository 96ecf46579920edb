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


def _queue_of(task_name: str) -> str:
    return str(app.amqp.router.route({}, task_name)["queue"].name)


def test_matching_and_email_have_their_own_queues_so_a_backlog_of_one_never_delays_the_other():
    for name in (
        "matchmaking.tasks.match_need",
        "matchmaking.tasks.match_service",
        "matchmaking.tasks.match_needs_chunk",
        "matchmaking.tasks.refit_engine",
    ):
        assert _queue_of(name) == settings.MATCHING_QUEUE, name
    for name in ("notifications.tasks.deliver_email", "notifications.tasks.sweep_outbox"):
        assert _queue_of(name) == settings.EMAIL_QUEUE, name
    assert _queue_of("companies.tasks.expire_overdue_needs") == settings.CELERY_TASK_DEFAULT_QUEUE
    assert len({settings.MATCHING_QUEUE, settings.EMAIL_QUEUE, app.conf.task_default_queue}) == 3


def test_every_way_of_starting_a_worker_consumes_every_queue():
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    queues = set(settings.WORKER_QUEUES.split(","))
    worker = yaml.safe_load((root / "docker-compose.yml").read_text())["services"]["worker"]
    command = worker["command"]
    assert set(command[command.index("-Q") + 1].split(",")) == queues
    makefile = (root / "Makefile").read_text()
    assert f"WORKER_QUEUES ?= {','.join(sorted(queues, key=settings.WORKER_QUEUES.index))}" in (
        makefile
    )
