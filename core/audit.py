"""The audit trail: write functions record who changed what."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.forms.models import model_to_dict

from .models import AuditEntry

SKIPPED = {"updated_at", "created_at", "version"}


def snapshot(instance: models.Model) -> dict[str, Any]:
    data = model_to_dict(instance)
    return {key: _plain(value) for key, value in data.items() if key not in SKIPPED}


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return (
            sorted(_plain(v) for v in value)
            if all(isinstance(_plain(v), int | str) for v in value)
            else [_plain(v) for v in value]
        )
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def record(
    by: Any, action: str, instance: models.Model, before: dict[str, Any] | None = None
) -> AuditEntry | None:
    """Write one entry; for updates only the fields that changed, as [old, new]."""
    changes: dict[str, Any] = {}
    if before is not None:
        after = snapshot(instance)
        changes = {
            key: [before.get(key), after.get(key)]
            for key in after
            if before.get(key) != after.get(key)
        }
        if not changes and action == "update":
            return None
    return AuditEntry.objects.create(
        actor=by if getattr(by, "pk", None) else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=instance.pk or 0,
        object_repr=str(instance)[:200],
        changes=changes,
    )
