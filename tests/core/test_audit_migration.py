"""A database made by the release before the kernel moved migrates forward with its audit rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_MOVE = ("matchmaking", "0006_single_line_titles_and_names")
BEFORE: list[tuple[str, str | None]] = [BEFORE_MOVE, ("core", None)]


@pytest.mark.django_db(transaction=True)
def test_audit_rows_and_their_content_type_move_to_core_with_the_table_kept():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state([BEFORE_MOVE]).apps
    user_model = old_apps.get_model("accounts", "User")
    actor = user_model.objects.create(email="auditor@example.test")
    old_entry = old_apps.get_model("matchmaking", "AuditEntry").objects.create(
        actor=actor,
        action="update",
        object_type="companies.developmentneed",
        object_id=7,
        object_repr="Wear testing",
        changes={"title": ["Old", "New"]},
    )
    content_types = old_apps.get_model("contenttypes", "ContentType")
    old_type, _ = content_types.objects.get_or_create(app_label="matchmaking", model="auditentry")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.contenttypes.models import ContentType

    from core.models import AuditEntry

    ContentType.objects.clear_cache()
    entry = AuditEntry.objects.get(pk=old_entry.pk)
    assert (entry.actor_id, entry.action, entry.changes) == (
        actor.pk,
        "update",
        {"title": ["Old", "New"]},
    )
    assert AuditEntry._meta.db_table == "matchmaking_auditentry"
    moved = ContentType.objects.get(pk=old_type.pk)
    assert (moved.app_label, moved.model) == ("core", "auditentry")
    assert not ContentType.objects.filter(app_label="matchmaking", model="auditentry").exists()
