"""AuditEntry now lives in core (core/0001): only Django's model state changes here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0006_single_line_titles_and_names"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
            database_operations=[],
        ),
    ]
