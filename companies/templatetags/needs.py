"""Template helpers for needs: whose need it is, as far as the viewer may know."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def company_for(need: Any, user: Any) -> Any:
    """The need's organisation if `user` may know it (the need page's rule), else None."""
    if user.has_perm("companies.view_need_company", need):
        return need.organisation
    return None
