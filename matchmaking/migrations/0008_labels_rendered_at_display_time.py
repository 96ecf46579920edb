import re

from django.db import migrations, models

# Titles and timeline texts written before the codes were kept, in either language.
FOLLOW_UP = re.compile(
    r"^(?:Follow-up (\d+) months after the agreement|Seuranta (\d+) kuukautta sopimuksen jälkeen)$"
)
ANSWER = re.compile(r"^(company|provider): (interested|declined)\.\s*(.*)$", re.DOTALL)


def keep_codes(apps, schema_editor):
    FollowUpTask = apps.get_model("matchmaking", "FollowUpTask")
    MatchEvent = apps.get_model("matchmaking", "MatchEvent")
    for task in FollowUpTask.objects.filter(months_after_agreement__isnull=True).iterator():
        found = FOLLOW_UP.match(task.title)
        if found:
            task.months_after_agreement = int(found.group(1) or found.group(2))
            task.save(update_fields=["months_after_agreement"])
    for event in MatchEvent.objects.filter(kind="answer").iterator():
        found = ANSWER.match(event.text)
        if found:
            event.data = {"party": found.group(1), "answer": found.group(2)}
            event.text = found.group(3)
            event.save(update_fields=["data", "text"])


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0007_auditentry_moves_to_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="followuptask",
            name="months_after_agreement",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="matchevent",
            name="data",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(keep_codes, migrations.RunPython.noop),
    ]
