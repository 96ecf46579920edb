"""A person's data as JSON and CSV in one zip, collected through the field registry."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from .registry import EXPORTS, Export


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def rows_of(export: Export, user: Any) -> models.QuerySet[Any]:
    model = apps.get_model(export.model)
    manager = model._default_manager
    if export.link == "pk":
        return manager.filter(pk=user.pk)
    if export.link.startswith("email:"):
        return manager.filter(Q(**{f"{export.link[6:]}__iexact": user.email}))
    return manager.filter(**{export.link: user})


def collect(user: Any) -> dict[str, list[dict[str, Any]]]:
    """Every section of the registry, each a list of rows of the declared fields."""
    data: dict[str, list[dict[str, Any]]] = {}
    for export in EXPORTS:
        rows = rows_of(export, user).order_by("pk")
        data[export.section] = [
            {name: _plain(getattr(row, name)) for name in export.fields} for row in rows
        ]
    return data


def archive(user: Any) -> bytes:
    """data.json with every section, and one CSV file per section that has rows."""
    data = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        for export in EXPORTS:
            rows = data[export.section]
            if not rows:
                continue
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=list(export.fields))
            writer.writeheader()
            writer.writerows(rows)
            zipped.writestr(f"{export.section}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()
