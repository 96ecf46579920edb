"""Who may see suggestions and review proposals, and who coordinates a need's matches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import rules

from accounts.rules import is_coordinator, is_staff
from companies.rules import coordinates_need, is_need_member
from services.rules import is_service_member

if TYPE_CHECKING:
    from .models import Proposal


@rules.predicate
def coordinates_proposal_need(user: Any, proposal: Proposal | None) -> bool:
    return proposal is not None and coordinates_need(user, proposal.need)


# Suggestions and proposals: the need's company, the coordinators of its clusters, staff.
rules.add_perm("matchmaking.view_need_suggestions", is_need_member | coordinates_need | is_staff)
rules.add_perm("matchmaking.view_service_needs", is_service_member | is_coordinator | is_staff)
rules.add_perm("matchmaking.review_proposals", is_coordinator | is_staff)
rules.add_perm("matchmaking.decide_proposal", coordinates_proposal_need | is_staff)
rules.add_perm("matchmaking.coordinate_need", coordinates_need | is_staff)
