"""Who may keep the funding catalogue: coordinators and staff. Everyone signed in reads it."""

from __future__ import annotations

import rules

from accounts.rules import is_coordinator, is_staff

rules.add_perm("funding.view_catalogue", rules.is_authenticated)
rules.add_perm("funding.change_catalogue", is_coordinator | is_staff)
