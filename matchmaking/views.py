from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from accounts.rules import scope_for
from accounts.selectors import memberships_of_user
from companies.models import DevelopmentNeed, NeedStatus
from companies.selectors import needs_in_directory, needs_of_organisations, needs_visible_to
from matchmaking.domain import acting_user
from services.models import RDService, ServiceStatus
from services.selectors import services_in_directory, services_visible_to


def landing(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "matchmaking/landing.html",
        {
            "service_count": RDService.objects.filter(status=ServiceStatus.PUBLISHED).count(),
            "need_count": DevelopmentNeed.objects.filter(status=NeedStatus.PUBLISHED).count(),
            "latest_services": services_in_directory(request.user)[:3],
        },
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.org_ids and not scope.is_coordinator and not scope.staff:
        return redirect("onboarding")
    context: dict[str, object] = {"memberships": memberships_of_user(request.user), "scope": scope}
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
            .filter(status=NeedStatus.PUBLISHED)
            .exclude(organisation_id__in=scope.org_ids)[:15]
        )
        context["clusters"] = acting_user(request).coordinated_clusters.select_related("region")
    return render(request, "matchmaking/home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for the container: the process answers and the database does too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
