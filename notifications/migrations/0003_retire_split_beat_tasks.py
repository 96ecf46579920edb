"""The daily reminders and the providers' weekly digest moved to the apps that own them
(companies, matchmaking, search) under new task and entry names. django_celery_beat's
DatabaseScheduler adds and updates the rows the settings name but never deletes one, so the
old rows would keep sending tasks no worker knows. Delete them and tell a running beat."""

from django.db import migrations
from django.utils import timezone

RETIRED_ENTRIES = ("notifications-reminders", "notifications-weekly-digest")
RETIRED_TASKS = ("notifications.tasks.send_reminders", "notifications.tasks.send_weekly_digest")


def retire_beat_tasks(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    stale = PeriodicTask.objects.filter(name__in=RETIRED_ENTRIES) | PeriodicTask.objects.filter(
        task__in=RETIRED_TASKS
    )
    deleted, _by_model = stale.delete()
    if deleted:
        # What the model's delete signal would do: a running beat reloads its schedule.
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_notifications_and_preferences"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(retire_beat_tasks, migrations.RunPython.noop)]
