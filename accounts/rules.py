"""Who may see and do what with organisations, and who must sign in with a second factor.

The predicates about the user's scope (staff, coordinator, member of a company or a
provider) live here, below every app that builds its own rules from them: needs in
`companies/rules.py`, services in `services/rules.py`, proposals and matches in
`matchmaking/rules.py`. `rules.apps.AutodiscoverRulesConfig` imports each at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import rules

from .scope import scope_for

if TYPE_CHECKING:
    from .models import Organisation


def needs_second_factor(user: Any) -> bool:
    """Coordinators see every company's coordinators-only needs and staff see everything:
    neither may act on a password alone, whichever way they sign in."""
    if user is None or not user.is_authenticated:
        return False
    if not (user.is_staff or user.is_superuser or scope_for(user).is_coordinator):
        return False
    cached = getattr(user, "_tki_has_totp", None)
    if cached is None:
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._tki_has_totp = cached
    return not cached


# --- Object predicates ----------------------------------------------------------------


@rules.predicate
def is_member(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.pk in scope_for(user).org_ids


@rules.predicate
def is_owner(user: Any, organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.pk in scope_for(user).owner_org_ids


@rules.predicate
def is_staff(user: Any) -> bool:
    return scope_for(user).staff


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return scope_for(user).is_coordinator


@rules.predicate
def belongs_to_company(user: Any) -> bool:
    return bool(scope_for(user).company_org_ids)


@rules.predicate
def belongs_to_provider(user: Any) -> bool:
    return bool(scope_for(user).provider_org_ids)


rules.add_perm("accounts.view_organisation", rules.always_allow)
rules.add_perm("accounts.change_organisation", is_owner | is_staff)
rules.add_perm("accounts.manage_members", is_owner | is_staff)
rules.add_perm("accounts.leave_organisation", is_member)
