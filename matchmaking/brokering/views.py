"""Coordinators' inbox and board, a match's page, and the parties' part in it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import scope_for
from companies.models import DevelopmentNeed
from companies.rules import coordinated_needs_q
from companies.selectors import needs_visible_to
from core.csv_export import csv_response
from core.domain import acting_user
from core.inputs import parse_id, parse_int
from core.pages import first_rows
from services.selectors import services_in_directory
from taxonomy.models import Cluster, PriorityArea

from ..matching.selectors import with_sentences
from ..models import (
    FINAL_STAGES,
    DeclineReason,
    FollowUpTask,
    FundingKind,
    Match,
    MatchOrigin,
    OutcomeType,
    Proposal,
)
from . import actions as brokering
from .funnel import ORDER, funnel
from .selectors import inbox_needs, inbox_proposals, matches_for


def _require_coordinator(request: HttpRequest) -> None:
    if not request.user.has_perm("matchmaking.review_proposals"):
        raise PermissionDenied


def _back(request: HttpRequest, default: str, **kwargs: Any) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        # Not redirect(target): it would try "next" as a view name and raise on most words.
        return HttpResponseRedirect(target)
    return redirect(default, **kwargs)


def _report(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """New needs and new proposals of the user's clusters, unassigned matches first."""
    _require_coordinator(request)
    user = request.user
    in_scope = inbox_needs(user)
    matched_needs = Match.objects.values("need_id")
    new_needs = in_scope.exclude(pk__in=matched_needs).order_by("-published_at")[:20]
    proposals = with_sentences(first_rows(inbox_proposals(user, in_scope), 20))
    open_matches = (
        matches_for(user)
        .filter(need__in=in_scope.values("pk"))
        .exclude(stage__in=FINAL_STAGES)
        .order_by("assignee_id", "-updated_at")
    )  # unassigned (NULL) first
    return render(
        request,
        "brokering/inbox.html",
        {"new_needs": new_needs, "proposals": proposals, "open_matches": open_matches[:50]},
    )


# A longer "in stage at least" than any match can have lived; larger ones overflow a date.
MAX_AGE_DAYS = 36500


def _board_matches(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    user = request.user
    matches = matches_for(user).filter(
        need__in=DevelopmentNeed.objects.filter(coordinated_needs_q(user)).values("pk")
    )
    filters = {
        "area": request.GET.get("area", ""),
        "assignee": request.GET.get("assignee", ""),
        "older_than": request.GET.get("older_than", ""),
        "cluster": request.GET.get("cluster", ""),
    }
    if filters["cluster"]:
        cluster = Cluster.objects.filter(slug=filters["cluster"]).first()
        if cluster is not None:
            reached = DevelopmentNeed.objects.filter(cluster.reach_q()).values("pk")
            matches = matches.filter(need__in=reached)
    if filters["area"]:
        matches = matches.filter(need__priority_areas__slug=filters["area"])
    if filters["assignee"] == "me":
        matches = matches.filter(assignee=acting_user(request))
    elif filters["assignee"] == "none":
        matches = matches.filter(assignee__isnull=True)
    older_than = parse_int(filters["older_than"], name="older_than", maximum=MAX_AGE_DAYS)
    if older_than is not None:
        cutoff = timezone.now() - timedelta(days=older_than)
        matches = matches.filter(stage_changed_at__lte=cutoff)
    return matches.distinct(), filters


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """Columns by stage; a card's buttons perform the transition; funnel and CSV below."""
    _require_coordinator(request)
    queryset, filters = _board_matches(request)
    summary = funnel(queryset, timezone.now())  # GROUP BY in the database
    matches = list(queryset)
    if request.GET.get("format") == "csv":
        return _csv(request, matches, summary)
    columns = [(row, [m for m in matches if m.stage == row["stage"]]) for row in summary["rows"]]
    return render(
        request,
        "brokering/board.html",
        {
            "columns": columns,
            "summary": summary,
            "filters": filters,
            "areas": PriorityArea.objects.all(),
            "transitions": _card_actions(),
            "clusters": Cluster.objects.filter(coordinators=request.user.pk),
            "reasons": DeclineReason.choices,
            "outcomes": OutcomeType.choices,
            "funding_kinds": FundingKind.choices,
        },
    )


def _card_actions() -> dict[str, list[str]]:
    actions: dict[str, list[str]] = {stage: [] for stage in ORDER}
    for name, rule in brokering.TRANSITIONS.items():
        for stage in rule.source:
            actions[stage].append(name)
    return actions


def _csv(request: HttpRequest, matches: list[Match], summary: dict[str, Any]) -> HttpResponse:
    response, writer = csv_response("funnel.csv")
    writer.writerow(["stage", "count", "median_days_in_stage"])
    for row in summary["rows"]:
        writer.writerow([row["stage"], row["count"], row["median_days"] or ""])
    writer.writerow(["conversion_to_agreement", summary["conversion"], ""])
    for outcome, count in sorted(summary["outcomes"].items()):
        writer.writerow([f"outcome:{outcome}", count, ""])
    writer.writerow(
        ["enterprises_cooperating_with_research", summary["enterprises_cooperating"], ""]
    )
    writer.writerow([])
    writer.writerow(
        ["match", "need", "service", "provider", "company", "stage", "outcome", "origin", "updated"]
    )
    for match in matches:
        show_company = brokering.company_visible_to(request.user, match)
        writer.writerow(
            [
                match.pk,
                match.need.title,
                match.service.title,
                match.service.provider.name,
                match.need.organisation.name if show_company else "",
                match.stage,
                match.outcome_type,
                match.origin,
                match.updated_at.isoformat(),
            ]
        )
    return response


@login_required
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_object_or_404(matches_for(request.user), pk=pk)
    coordinating = brokering.can_coordinate(request.user, match)
    return render(
        request,
        "brokering/match_detail.html",
        {
            "match": match,
            "coordinating": coordinating,
            "party": brokering._party(request.user, match),
            "show_company": brokering.company_visible_to(request.user, match),
            "actions": _card_actions()[match.stage] if coordinating else [],
            "reasons": DeclineReason.choices,
            "outcomes": OutcomeType.choices,
            "funding_kinds": FundingKind.choices,
            "tasks": match.tasks.select_related("assignee"),
            "events": brokering.label_event_actors(request.user, match.events.all()),
        },
    )


@login_required
@require_POST
def match_transition(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_object_or_404(matches_for(request.user), pk=pk)
    version = request.POST.get("version", "")
    try:
        brokering.match_transition(
            match=match,
            by=acting_user(request),
            action=request.POST.get("action", ""),
            version=parse_int(version, name="version"),
            reason=request.POST.get("reason", ""),
            reason_text=request.POST.get("reason_text", ""),
            outcome_type=request.POST.get("outcome_type", ""),
            funding_kind=request.POST.get("funding_kind", ""),
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("The match moved on."))
    except ValidationError as exc:
        _report(request, exc)
    return _back(request, "match_detail", pk=pk)


@login_required
@require_POST
def match_bulk(request: HttpRequest) -> HttpResponse:
    """Board bulk actions: assign to me, or dismiss with one reason."""
    _require_coordinator(request)
    ids = [parse_id(i, name="match") for i in request.POST.getlist("match")]
    done = 0
    for match in matches_for(request.user).filter(pk__in=ids):
        try:
            if request.POST.get("bulk") == "assign_me":
                brokering.match_assign(
                    match=match, by=acting_user(request), assignee_id=request.user.pk
                )
            elif request.POST.get("bulk") == "dismiss":
                brokering.match_transition(
                    match=match,
                    by=acting_user(request),
                    action="dismiss",
                    reason=request.POST.get("reason", ""),
                )
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            messages.error(
                request, f"{match.need.title}: {' '.join(getattr(exc, 'messages', [str(exc)]))}"
            )
    messages.success(request, _("%(count)s matches updated.") % {"count": done})
    return redirect("brokering_board")


def _match_action(request: HttpRequest, pk: int, perform: Any, success: str) -> HttpResponse:
    """Run one party or coordinator action on a visible match and go back to its page."""
    match = get_object_or_404(matches_for(request.user), pk=pk)
    try:
        perform(match, acting_user(request))
        messages.success(request, success)
    except ValidationError as exc:
        _report(request, exc)
    return redirect("match_detail", pk=pk)


@login_required
@require_POST
def match_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _match_action(
        request,
        pk,
        lambda match, user: brokering.match_answer(
            match=match,
            by=user,
            answer=request.POST.get("answer", ""),
            reason=request.POST.get("reason", ""),
            text=request.POST.get("text", ""),
        ),
        _("Your answer was recorded."),
    )


@login_required
@require_POST
def match_consent(request: HttpRequest, pk: int) -> HttpResponse:
    return _match_action(
        request,
        pk,
        lambda match, user: brokering.match_consent(match=match, by=user),
        _("You agreed to be introduced."),
    )


@login_required
@require_POST
def match_log(request: HttpRequest, pk: int) -> HttpResponse:
    return _match_action(
        request,
        pk,
        lambda match, user: brokering.match_log(
            match=match,
            by=user,
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
        ),
        _("Logged."),
    )


@login_required
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(
        FollowUpTask.objects.select_related("match", "match__need"),
        pk=pk,
        match__in=matches_for(request.user),
    )
    brokering.task_done(task=task, by=acting_user(request))
    return redirect("match_detail", pk=task.match_id)


@login_required
@require_POST
def match_start(request: HttpRequest) -> HttpResponse:
    """Shortlist a proposal, add a match, express interest, or ask about a service."""
    need = get_object_or_404(
        needs_visible_to(request.user), pk=parse_id(request.POST.get("need"), name="need")
    )
    service = get_object_or_404(
        services_in_directory(request.user),
        pk=parse_id(request.POST.get("service"), name="service"),
    )
    origin = request.POST.get("origin", "")
    note = request.POST.get("note", "")
    user = acting_user(request)
    try:
        if origin == MatchOrigin.ENGINE:
            proposal = get_object_or_404(Proposal, need=need, service=service)
            match = brokering.proposal_shortlist(proposal=proposal, by=user, note=note)
        else:
            match = brokering.match_create(
                need=need, service=service, by=user, origin=origin, note=note
            )
        messages.success(request, _("The match was started."))
    except ValidationError as exc:
        _report(request, exc)
        return _back(request, "home")
    return redirect("match_detail", pk=match.pk)


@login_required
def my_matches(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    matches = matches_for(request.user).filter(
        Q(need__organisation_id__in=scope.org_ids) | Q(service__provider_id__in=scope.org_ids)
    )
    return render(request, "brokering/my_matches.html", {"matches": matches})
