"""The beat rows of the tasks that moved to their owners are deleted, the others are kept."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("notifications", "0002_notifications_and_preferences"),
    ("django_celery_beat", "0019_alter_periodictasks_options"),
]
AFTER = [("notifications", "0003_retire_split_beat_tasks")]


@pytest.mark.django_db(transaction=True)
def test_rows_of_the_renamed_beat_tasks_are_deleted_and_beat_is_told():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    interval = old_apps.get_model("django_celery_beat", "IntervalSchedule").objects.create(
        every=1, period="days"
    )
    periodic_task = old_apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task in (
        ("notifications-reminders", "notifications.tasks.send_reminders"),
        ("notifications-weekly-digest", "notifications.tasks.send_weekly_digest"),
        ("added in the admin", "notifications.tasks.send_reminders"),
        ("notifications-daily-digests", "notifications.tasks.send_daily_digests"),
    ):
        periodic_task.objects.create(name=name, task=task, interval=interval)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    from django_celery_beat.models import PeriodicTask, PeriodicTasks

    assert list(PeriodicTask.objects.values_list("name", flat=True)) == [
        "notifications-daily-digests"
    ]
    assert PeriodicTasks.objects.filter(ident=1).exists()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
