from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.rules import scope_for
from accounts.selectors import memberships_of_user
from companies.models import DevelopmentNeed, NeedStatus
from companies.selectors import needs_in_directory, needs_of_organisations, needs_visible_to
from matchmaking.domain import acting_user
from services.models import RDService, ServiceStatus
from services.selectors import services_in_directory, services_visible_to
from taxonomy.models import PriorityArea

from . import matching
from .health import DOWN, dependency_status
from .models import ProposalStatus
from .pages import paginate
from .selectors import proposals_for_review, with_sentences


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
    """Each dependency's state; 503 naming what is down, so a probe and an operator both see it."""
    checks = dependency_status()
    down = [name for name, state in checks.items() if state == DOWN]
    return JsonResponse(
        {"status": "unavailable" if down else "ok", "down": down, "checks": checks},
        status=503 if down else 200,
    )


class ProposalFilterForm(forms.Form):
    min_score = forms.FloatField(
        label=gettext_lazy("Minimum score"), required=False, min_value=0, max_value=1, initial=0.2
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All")), *ProposalStatus.choices],
    )
    priority_area = forms.ModelChoiceField(
        label=gettext_lazy("Priority area"), required=False, queryset=PriorityArea.objects.all()
    )


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """Coordinators' review: every proposal above a threshold on needs of their clusters."""
    if not request.user.has_perm("matchmaking.review_proposals"):
        raise PermissionDenied
    form = ProposalFilterForm(request.GET or {"min_score": 0.2})
    proposals = proposals_for_review(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["min_score"] is not None:
            proposals = proposals.filter(score__gte=data["min_score"])
        if data["status"]:
            proposals = proposals.filter(status=data["status"])
        if data["priority_area"]:
            proposals = proposals.filter(need__priority_areas=data["priority_area"])
    context = paginate(request, proposals)
    context["object_list"] = with_sentences(context["object_list"])
    context.update(
        filter_form=form,
        decisions=[
            (ProposalStatus.ACCEPTED, _("Accept")),
            (ProposalStatus.DISMISSED, _("Dismiss")),
        ],
    )
    return render(request, "matchmaking/proposal_list.html", context)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(proposals_for_review(request.user), pk=pk)
    if not request.user.has_perm("matchmaking.decide_proposal", proposal):
        raise PermissionDenied
    try:
        matching.proposal_decide(
            proposal=proposal,
            by=acting_user(request),
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Decision recorded."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        # Not redirect(target): it would try "next" as a view name and raise on most words.
        return HttpResponseRedirect(target)
    return redirect("proposal_list")
