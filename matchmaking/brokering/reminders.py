"""Reminders to the assignees of brokering follow-ups that are due.

The notification key names the task, so an open follow-up is announced once.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from notifications.models import Event
from notifications.notify import notify

from ..models import FollowUpTask

_lazy_title = lazy(lambda task: task.display_title, str)


def send_follow_up_reminders(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for task in FollowUpTask.objects.filter(
        due_date__lte=today, done_at__isnull=True, assignee__isnull=False
    ).select_related("match"):
        sent += len(
            notify(
                recipients=[task.assignee],
                event=Event.FOLLOW_UP_DUE,
                object_key=f"task:{task.pk}",
                url=reverse("match_detail", args=[task.match_id]),
                title=_("Follow-up due: %(task)s"),
                # Worded in the recipient's language, as the title around it.
                title_params={"task": _lazy_title(task)},
            )
        )
    return sent
