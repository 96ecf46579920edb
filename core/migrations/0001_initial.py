"""AuditEntry moves from matchmaking to core: the table and its rows stay where they are."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="matchmaking", model="auditentry").update(
        app_label="core"
    )


def move_content_type_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="core", model="auditentry").update(
        app_label="matchmaking"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("matchmaking", "0006_single_line_titles_and_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("action", models.CharField(max_length=40, verbose_name="action")),
                        (
                            "object_type",
                            models.CharField(db_index=True, max_length=40, verbose_name="object type"),
                        ),
                        ("object_id", models.BigIntegerField(db_index=True, verbose_name="object id")),
                        ("object_repr", models.CharField(max_length=200, verbose_name="object")),
                        ("changes", models.JSONField(blank=True, default=dict, verbose_name="changes")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="when"),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit entries",
                        "ordering": ["-created_at", "-pk"],
                        "db_table": "matchmaking_auditentry",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
