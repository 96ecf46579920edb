"""Pages that compose several apps: the landing page, a user's home, an organisation's page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.actions import organisation_merge as organisation_merge_action
from accounts.actions import organisation_merge_preview
from accounts.dedupe import duplicate_pairs
from accounts.models import OrganisationRedirect
from accounts.scope import scope_for
from companies.models import DevelopmentNeed, NeedStatus
from companies.rules import coordinated_needs_q
from companies.selectors import (
    near_duplicate_needs,
    needs_in_directory,
    needs_of_organisations,
    needs_visible_to,
)
from core.domain import acting_user
from core.inputs import parse_id
from matchmaking.brokering.actions import label_event_actors
from matchmaking.brokering.selectors import company_visible_q, matches_for
from matchmaking.models import MatchEvent
from services.models import RDService, ServiceStatus
from services.selectors import services_in_directory, services_visible_to


def landing(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/landing.html",
        {
            "service_count": RDService.objects.filter(status=ServiceStatus.PUBLISHED).count(),
            "need_count": DevelopmentNeed.objects.filter(status=NeedStatus.PUBLISHED).count(),
            "latest_services": services_in_directory(request.user)[:3],
        },
    )


# When the accessibility statement was last reviewed against the service (update with it).
ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 28)


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement the Act on the Provision of Digital Services requires."""
    return render(
        request,
        "portal/accessibility.html",
        {
            "statement_date": ACCESSIBILITY_STATEMENT_DATE,
            "feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL,
        },
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.org_ids and not scope.is_coordinator and not scope.staff:
        return redirect("onboarding")
    context: dict[str, object] = {
        "memberships": account_selectors.memberships_of_user(request.user),
        "scope": scope,
    }
    if scope.company_org_ids:
        context["company_needs"] = needs_of_organisations(
            request.user, scope.company_org_ids
        ).order_by("-updated_at")[:10]
        context["services_for_companies"] = services_in_directory(request.user)[:5]
    if scope.provider_org_ids:
        context["provider_services"] = (
            services_visible_to(request.user)
            .filter(provider_id__in=scope.provider_org_ids)
            .order_by("-updated_at")[:10]
        )
        context["open_needs"] = needs_in_directory(request.user)[:5]
    if scope.is_coordinator:
        context["coordinated_needs"] = (
            needs_visible_to(request.user)
            .filter(coordinated_needs_q(request.user), status=NeedStatus.PUBLISHED)
            .exclude(organisation_id__in=scope.org_ids)[:15]
        )
        context["clusters"] = acting_user(request).coordinated_clusters.select_related("region")
    return render(request, "portal/home.html", context)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = account_selectors.organisations_list().filter(slug=slug).first()
    if organisation is None:
        # The page of an organisation merged into another leads to the one that remains.
        moved = get_object_or_404(
            OrganisationRedirect.objects.select_related("organisation"), old_slug=slug
        )
        return redirect(moved.organisation, permanent=True)
    is_member = organisation.pk in scope_for(request.user).org_ids
    # An anonymous need must not be tied to its company through the company's page.
    needs = needs_of_organisations(request.user, [organisation.pk])
    services = services_in_directory(request.user).filter(provider=organisation)
    if is_member:
        services = services_visible_to(request.user).filter(provider=organisation)
    members = account_selectors.members_of(organisation)
    return render(
        request,
        "portal/organisation_detail.html",
        {
            "organisation": organisation,
            "is_member": is_member,
            "can_edit": request.user.has_perm("accounts.change_organisation", organisation),
            "needs": needs,
            "services": services,
            "members": members if is_member else None,
            "contacts": members.filter(is_contact_person=True),
            **(
                _organisation_brokering(request, organisation)
                if is_member or request.user.has_perm("matchmaking.review_proposals")
                else {}
            ),
        },
    )


def _organisation_brokering(request: HttpRequest, organisation: Any) -> dict[str, Any]:
    """The organisation's matches (with the reasons it was given) and its activity."""
    # A match is listed under its company only where the viewer may know the company.
    matches = matches_for(request.user).filter(
        (Q(need__organisation=organisation) & company_visible_q(request.user))
        | Q(service__provider=organisation)
    )
    events = (
        MatchEvent.objects.filter(match__in=matches.values("pk"))
        .select_related("actor", "match__need", "match__service")
        .order_by("-created_at")[:30]
    )
    return {
        "org_matches": matches[:50],
        "org_events": label_event_actors(request.user, events),
    }


def _require_staff(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    """Staff: organisations with alike names and one company's needs that say the same."""
    _require_staff(request)
    return render(
        request,
        "portal/duplicates.html",
        {"organisation_pairs": duplicate_pairs(), "need_pairs": near_duplicate_needs()},
    )


@login_required
def organisation_merge(request: HttpRequest) -> HttpResponse:
    """Staff: preview what moves from one organisation to the other, then merge."""
    _require_staff(request)
    data = request.POST if request.method == "POST" else request.GET
    organisations = account_selectors.organisations_list()
    survivor = get_object_or_404(organisations, pk=parse_id(data.get("survivor"), name="survivor"))
    duplicate = get_object_or_404(
        organisations, pk=parse_id(data.get("duplicate"), name="duplicate")
    )
    if request.method == "POST":
        try:
            organisation_merge_action(
                survivor=survivor, duplicate=duplicate, by=acting_user(request)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(duplicate)s was merged into %(survivor)s.")
                % {"duplicate": duplicate.name, "survivor": survivor.name},
            )
            return redirect(survivor)
    return render(
        request,
        "portal/organisation_merge.html",
        {
            "survivor": survivor,
            "duplicate": duplicate,
            "moves": organisation_merge_preview(survivor=survivor, duplicate=duplicate),
        },
    )
