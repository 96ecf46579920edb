"""Coordinators' review of the engine's proposals (/proposals/)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.domain import acting_user
from core.pages import paginate_narrow
from taxonomy.models import DEFAULT_PROPOSAL_THRESHOLD, PriorityArea

from ..brokering import actions as brokering
from ..models import ProposalStatus
from . import proposals
from .selectors import proposals_for_review, review_rows, with_sentences


class ProposalFilterForm(forms.Form):
    min_score = forms.FloatField(
        label=gettext_lazy("Minimum score"),
        required=False,
        min_value=0,
        max_value=1,
        initial=DEFAULT_PROPOSAL_THRESHOLD,
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
    form = ProposalFilterForm(request.GET or {"min_score": DEFAULT_PROPOSAL_THRESHOLD})
    queryset = proposals_for_review(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["min_score"] is not None:
            queryset = queryset.filter(score__gte=data["min_score"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["priority_area"]:
            queryset = queryset.filter(need__priority_areas=data["priority_area"])
    context = paginate_narrow(request, queryset, rows=review_rows())
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
    """Accept (shortlist: the pair becomes a match on the board, and the coordinator lands
    on it) or dismiss a proposal (back to the review)."""
    proposal = get_object_or_404(proposals_for_review(request.user), pk=pk)
    if not request.user.has_perm("matchmaking.decide_proposal", proposal):
        raise PermissionDenied
    status = request.POST.get("status", "")
    note = request.POST.get("note", "")
    try:
        if status == ProposalStatus.ACCEPTED:
            match = brokering.proposal_shortlist(
                proposal=proposal, by=acting_user(request), note=note
            )
            messages.success(request, _("Accepted: the match is on the board, shortlisted."))
            # On to the match, where the next step (the introduction) is taken.
            return redirect("match_detail", pk=match.pk)
        if status == ProposalStatus.DISMISSED:
            proposals.proposal_decide(
                proposal=proposal, by=acting_user(request), status=status, note=note
            )
        else:
            raise ValidationError({"status": [_("Accept or dismiss the proposal.")]})
        messages.success(request, _("Decision recorded."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        # Not redirect(target): it would try "next" as a view name and raise on most words.
        return HttpResponseRedirect(target)
    return redirect("proposal_list")
