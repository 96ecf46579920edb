"""Every field that looks personal is either exported or declared not personal."""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

from privacy.registry import EXPORTS, NOT_PERSONAL, PERSONAL_LOOKING


def _looks_personal(field: models.Field) -> bool:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if field.is_relation and field.related_model is user_model and not field.auto_created:
        return True
    if isinstance(field, models.EmailField | models.GenericIPAddressField):
        return True
    return bool(re.search(PERSONAL_LOOKING, field.name))


def _declared() -> set[str]:
    declared = set(NOT_PERSONAL)
    for export in EXPORTS:
        declared.update(f"{export.model}.{name}" for name in export.fields)
        link = export.link.removeprefix("email:")
        if link != "pk":
            declared.add(f"{export.model}.{link}")
    return declared


def test_every_personal_looking_field_is_exported_or_declared_not_personal():
    declared = _declared()
    undecided = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if _looks_personal(field) and f"{model._meta.label}.{field.name}" not in declared
    ]
    assert not undecided, (
        f"Export these in privacy/registry.py EXPORTS or declare them in NOT_PERSONAL: {undecided}"
    )


def test_every_declared_field_exists():
    for export in EXPORTS:
        model = apps.get_model(export.model)
        for name in export.fields:
            model._meta.get_field(name)
        link = export.link.removeprefix("email:")
        if link != "pk":
            model._meta.get_field(link)


def test_the_check_notices_a_new_personal_field():
    class Meta:
        app_label = "privacy"

    attrs = {"__module__": __name__, "Meta": Meta, "phone_number": models.CharField(max_length=20)}
    model: Any = type("ScratchContact", (models.Model,), attrs)
    try:
        field = model._meta.get_field("phone_number")
        assert _looks_personal(field)
        assert f"{model._meta.label}.phone_number" not in _declared()
    finally:
        apps.all_models["privacy"].pop("scratchcontact", None)
        apps.clear_cache()
