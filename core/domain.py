"""Helpers shared by the write functions of every app."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def apply_changes(
    instance: M,
    data: Mapping[str, Any],
    *,
    many_to_many: Iterable[str] = (),
    exclude_from_validation: Iterable[str] = (),
) -> M:
    """Set fields, validate the whole row, save it and then its many-to-many relations."""
    m2m_names = set(many_to_many)
    relations = {name: value for name, value in data.items() if name in m2m_names}
    for name, value in data.items():
        if name not in m2m_names:
            setattr(instance, name, value)
    instance.full_clean(exclude=list(exclude_from_validation))
    instance.save()
    for name, value in relations.items():
        getattr(instance, name).set(value)
    return instance


def acting_user(request: Any) -> User:
    """The signed-in user making a request; anonymous callers may not write.

    The kernel imports no app, so the check is `is_authenticated` rather than the class.
    """
    user = request.user
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in first.")
    return cast("User", user)
