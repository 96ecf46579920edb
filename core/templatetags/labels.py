"""`{% load labels %}`: codes stored in lists, shown as names in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def language_names(codes: Iterable[str] | None) -> str:
    """["en", "fi"] -> "English, Finnish" (Finnish: "englanti, suomi"); an unknown code is
    shown as it is rather than dropped."""
    names = {code: str(name) for code, name in settings.CONTENT_LANGUAGES}
    return ", ".join(names.get(code, code) for code in codes or [])
