"""Which side of a match a user is on, and whether they may know its company."""

from __future__ import annotations

from typing import Any

from accounts.scope import scope_for
from companies.models import NeedVisibility

from ..models import Match


def can_coordinate(user: Any, match: Match) -> bool:
    return bool(user.has_perm("matchmaking.coordinate_need", match.need))


def _party(user: Any, match: Match) -> str | None:
    scope = scope_for(user)
    if match.need.organisation_id in scope.org_ids:
        return "company"
    if match.service.provider_id in scope.org_ids:
        return "provider"
    return None


def company_visible_to(user: Any, match: Match) -> bool:
    """An anonymous need's company is shown to the provider only after consent."""
    if match.need.visibility != NeedVisibility.ANONYMOUS or match.company_consented_at:
        return True
    return _party(user, match) == "company" or can_coordinate(user, match)
