"""Helpers shared by the write functions of every app."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

if TYPE_CHECKING:
    from accounts.models import User

M = TypeVar("M", bound=models.Model)

MAX_KEYWORDS = 20
MAX_KEYWORD_LENGTH = 60


class HistoryKept(ValidationError):
    """A row with brokering history cannot be deleted; it is closed or archived instead.

    A ValidationError, so pages show its message like any other; the API answers 409."""


def require_perm(user: Any, perm: str, obj: object | None = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(f"Not allowed: {perm}")


def clean_keywords(raw: Iterable[str] | str | None) -> list[str]:
    """Trimmed, de-duplicated (case-insensitively) keywords in the order given."""
    if raw is None:
        return []
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    seen: set[str] = set()
    cleaned: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ValidationError({"keywords": ["Each keyword must be text."]})
        word = " ".join(item.split())
        if not word or word.casefold() in seen:
            continue
        if len(word) > MAX_KEYWORD_LENGTH:
            raise ValidationError(
                {"keywords": [f"A keyword may have at most {MAX_KEYWORD_LENGTH} characters."]}
            )
        seen.add(word.casefold())
        cleaned.append(word)
    if len(cleaned) > MAX_KEYWORDS:
        raise ValidationError({"keywords": [f"Give at most {MAX_KEYWORDS} keywords."]})
    return cleaned


def clean_choice_list(field: str, raw: Iterable[str] | None, allowed: Iterable[str]) -> list[str]:
    allowed_set = set(allowed)
    values = list(dict.fromkeys(raw or []))
    unknown = [value for value in values if value not in allowed_set]
    if unknown:
        raise ValidationError({field: [f"Unknown value(s): {', '.join(map(str, unknown))}."]})
    return values


def _many_to_many(instance: models.Model) -> set[str]:
    return {field.name for field in instance._meta.many_to_many}


def _pks(values: Iterable[Any]) -> set[Any]:
    return {value.pk if isinstance(value, models.Model) else value for value in values}


def model_create(*, instance: M, data: Mapping[str, Any]) -> M:
    """Set the fields of a new row, validate it, insert it, then its many-to-many relations."""
    m2m = _many_to_many(instance)
    for name, value in data.items():
        if name not in m2m:
            setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for name, value in data.items():
        if name in m2m:
            getattr(instance, name).set(value)
    return instance


def model_update(
    *,
    instance: M,
    data: Mapping[str, Any],
    fields: Iterable[str],
    check: Callable[[M], None] | None = None,
    exclude_from_validation: Iterable[str] = (),
) -> tuple[M, bool]:
    """Change the `fields` of `instance` that `data` gives a different value; save only those.

    As HackSoft's `model_update`: keys of `data` outside `fields` are ignored; only changed
    fields are set; if any changed, `check` (rules across fields) and the row's validation run
    and the row is saved with `update_fields` (plus its `auto_now` fields), so columns this
    call did not change keep what the database holds; many-to-many relations are set after
    the row, and only when they differ (a changed relation alone still touches the `auto_now`
    fields). Returns the instance and whether anything changed: nothing changed means no
    query that writes. Lock the row first (`select_for_update`) when two people can change
    it at once.
    """
    m2m = _many_to_many(instance)
    changed_fields: list[str] = []
    changed_relations: dict[str, Any] = {}
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if name in m2m:
            if _pks(getattr(instance, name).all()) != _pks(value):
                changed_relations[name] = value
            continue
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            current = getattr(instance, field.attname)  # the key: no query for the row
            new = value.pk if isinstance(value, models.Model) else value
        else:
            current, new = getattr(instance, name), value
        if current != new:
            setattr(instance, name, value)
            changed_fields.append(name)
    if not changed_fields and not changed_relations:
        return instance, False
    if check is not None:
        check(instance)
    instance.full_clean(exclude=list(exclude_from_validation))
    auto_now = [
        field.name
        for field in instance._meta.concrete_fields
        if getattr(field, "auto_now", False) and field.name not in changed_fields
    ]
    if changed_fields or auto_now:
        instance.save(update_fields=changed_fields + auto_now)
    for name, value in changed_relations.items():
        getattr(instance, name).set(value)
    return instance, True


def acting_user(request: Any) -> User:
    """The signed-in user making a request; anonymous callers may not write.

    The kernel imports no app, so the check is `is_authenticated` rather than the class.
    """
    user = request.user
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in first.")
    return cast("User", user)
