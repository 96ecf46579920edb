"""Coordinators' inbox and board, a match's page, and the parties' part in it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, Prefetch, Q, QuerySet, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import scope_for
from companies.models import DevelopmentNeed
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
    MatchStage,
    OutcomeType,
    Proposal,
)
from . import actions as brokering
from . import introduction
from .funnel import ORDER, funnel, stage_counts
from .selectors import (
    CARD_FIELDS,
    coordinated_matches,
    inbox_matches,
    inbox_needs,
    inbox_proposal_rows,
    inbox_proposals,
    matches_for,
    services_to_add,
)


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
    new_needs = (
        in_scope.exclude(pk__in=matched_needs)
        # What the list shows, and what `company_for` reads (a coordinator's rule).
        .select_related("organisation")
        .prefetch_related("priority_areas")
        .only(
            "title",
            "published_at",
            "status",
            "visibility",
            "region_id",
            "organisation_id",
            "organisation__name",
        )
        .order_by("-published_at")[:20]
    )
    proposals = with_sentences(
        first_rows(inbox_proposals(user, in_scope), 20, inbox_proposal_rows())
    )
    open_matches = inbox_matches(user, in_scope)
    return render(
        request,
        "brokering/inbox.html",
        {"new_needs": new_needs, "proposals": proposals, "open_matches": open_matches[:50]},
    )


# A longer "in stage at least" than any match can have lived; larger ones overflow a date.
MAX_AGE_DAYS = 36500


def _board_matches(request: HttpRequest) -> tuple[QuerySet[Match], dict[str, Any]]:
    matches = coordinated_matches(request.user)
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
        # A subquery, not a join: a need in two areas must not count twice in GROUP BY.
        in_area = DevelopmentNeed.objects.filter(priority_areas__slug=filters["area"])
        matches = matches.filter(need__in=in_area.values("pk"))
    if filters["assignee"] == "me":
        matches = matches.filter(assignee=acting_user(request))
    elif filters["assignee"] == "none":
        matches = matches.filter(assignee__isnull=True)
    older_than = parse_int(filters["older_than"], name="older_than", maximum=MAX_AGE_DAYS)
    if older_than is not None:
        cutoff = timezone.now() - timedelta(days=older_than)
        matches = matches.filter(stage_changed_at__lte=cutoff)
    return matches, filters


# Cards a board column shows at first and adds per "show more".
BOARD_PAGE = 10


def _cards(
    matches: QuerySet[Match], stages: list[str], limits: dict[str, tuple[int, int]]
) -> list[Match]:
    """The cards of several columns: each stage's rows ranked by age in the stage (open
    stages longest-waiting first, final stages latest first), then cut to the column's
    (offset, limit) window.

    Two narrow queries: the window picks ids alone (Django compiles the window's filter
    against every selected column, and the planner joins nothing), then the cards are read
    by id with only what a card shows.
    """
    final = [stage for stage in stages if stage in FINAL_STAGES]
    # Final stages rank by the moment descending, open ones ascending: NULL for open rows
    # makes the first key a tie there, so the second decides; within one stage, both
    # orders end on the pk as before.
    order: list[Any] = [
        Case(When(stage__in=final, then=F("stage_changed_at"))).desc(nulls_last=True),
        F("stage_changed_at").asc(),
        F("pk"),
    ]
    window = Q()
    for stage in stages:
        offset, limit = limits[stage]
        window |= Q(stage=stage, position__gt=offset, position__lte=offset + limit)
    ids = list(
        matches.filter(stage__in=stages)
        .order_by()
        .annotate(position=Window(RowNumber(), partition_by=[F("stage")], order_by=order))
        .filter(window)
        .order_by("stage", "position")
        .values_list("pk", flat=True)
    )
    rows = (
        Match.objects.filter(pk__in=ids)
        .select_related("need", "service", "assignee", "proposal")
        .only(*CARD_FIELDS)
        .in_bulk()
    )
    return [rows[pk] for pk in ids]


def _page_number(request: HttpRequest) -> int:
    return parse_int(request.GET.get("page", ""), name="page", maximum=10_000) or 1


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """A kanban of the matches of the user's clusters, a column per stage, each paged.

    The first BOARD_PAGE cards of each column; "show more" (?column=<stage>&page=<n>) adds
    the next page of that column: in place with htmx, or as the whole board showing n pages
    of it without JavaScript. The counts and the funnel are GROUP BY queries, so the page
    makes the same number of queries for ten matches or ten thousand.
    """
    _require_coordinator(request)
    matches, filters = _board_matches(request)
    now = timezone.now()
    if request.GET.get("format") == "csv":
        return _csv(request, matches, funnel(matches, now))
    column = request.GET.get("column", "")
    if column not in ORDER:
        column = ""
    pages = _page_number(request) if column else 1
    if column and getattr(request, "htmx", False):
        limits = {column: ((pages - 1) * BOARD_PAGE, BOARD_PAGE)}
        counts = stage_counts(matches)
        context = _board_context(request, matches, [column], limits, counts, pages, now)
        return render(
            request, "brokering/_board_cards.html", {**context, "column": context["columns"][0]}
        )
    summary = funnel(matches, now)
    limits = {stage: (0, BOARD_PAGE * (pages if stage == column else 1)) for stage in ORDER}
    context = _board_context(request, matches, ORDER, limits, summary["counts"], pages, now)
    context.update(
        {
            "summary": summary,
            "filters": filters,
            "areas": PriorityArea.objects.all(),
            "clusters": Cluster.objects.filter(coordinators=request.user.pk),
            "reasons": DeclineReason.choices,
        }
    )
    return render(request, "brokering/board.html", context)


def _board_context(
    request: HttpRequest,
    matches: QuerySet[Match],
    stages: list[str],
    limits: dict[str, tuple[int, int]],
    counts: dict[str, int],
    pages: int,
    now: Any,
) -> dict[str, Any]:
    by_stage: dict[str, list[Match]] = {stage: [] for stage in stages}
    for card in _cards(matches, stages, limits):
        card.age_days = (now - card.stage_changed_at).days  # type: ignore[attr-defined]
        by_stage[card.stage].append(card)
    moves = _card_moves()
    query = request.GET.copy()
    for key in ("column", "page", "format"):
        query.pop(key, None)
    filter_query = query.urlencode()
    columns = []
    for stage in stages:
        offset = limits[stage][0]
        shown = offset + len(by_stage[stage])
        columns.append(
            {
                "stage": stage,
                "label": MatchStage(stage).label,
                "count": counts.get(stage, 0),
                "cards": by_stage[stage],
                "moves": moves[stage],
                # The same options on every card of the column: rendered once, not per card.
                "move_options": format_html_join(
                    "", '<option value="{}" data-stage="{}">→ {}</option>', moves[stage]
                ),
                "next_page": (shown // BOARD_PAGE) + 1 if shown < counts.get(stage, 0) else None,
            }
        )
    return {
        "columns": columns,
        "filter_query": filter_query,
        "board_url": request.path,
        # Where a card's move returns: the board as filtered.
        "move_next": request.path + (f"?{filter_query}" if filter_query else ""),
        "page": pages,
    }


def _card_moves() -> dict[str, list[tuple[str, str, Any]]]:
    """Per stage, the moves a card offers: (action, target stage, target's label)."""
    moves: dict[str, list[tuple[str, str, Any]]] = {stage: [] for stage in ORDER}
    for name, rule in brokering.TRANSITIONS.items():
        for stage in rule.source:
            moves[stage].append((name, rule.target, MatchStage(rule.target).label))
    for options in moves.values():
        options.sort(key=lambda move: ORDER.index(move[1]))
    return moves


def _card_actions() -> dict[str, list[str]]:
    actions: dict[str, list[str]] = {stage: [] for stage in ORDER}
    for name, rule in brokering.TRANSITIONS.items():
        for stage in rule.source:
            actions[stage].append(name)
    return actions


def _csv(request: HttpRequest, matches: QuerySet[Match], summary: dict[str, Any]) -> HttpResponse:
    """The funnel and its matches, headed and labelled in the reader's language: a council
    reads it in a spreadsheet, where a code like `in_discussion` means nothing."""
    response, writer = csv_response("funnel.csv")
    writer.writerow([_("Stage"), _("Matches"), _("Median days in stage")])
    for row in summary["rows"]:
        writer.writerow([MatchStage(row["stage"]).label, row["count"], row["median_days"] or ""])
    writer.writerow([_("Conversion to agreement (%)"), round(summary["conversion"] * 100, 1), ""])
    for outcome, count in sorted(summary["outcomes"].items()):
        writer.writerow(
            [_("Outcome: %(outcome)s") % {"outcome": OutcomeType(outcome).label}, count, ""]
        )
    writer.writerow(
        [
            _("Enterprises cooperating with research institutions"),
            summary["enterprises_cooperating"],
            "",
        ]
    )
    writer.writerow([])
    writer.writerow(
        [
            _("Match"),
            _("Need"),
            _("Service"),
            _("Provider"),
            _("Company"),
            _("Stage"),
            _("Outcome"),
            _("Origin"),
            _("Updated"),
        ]
    )
    # The need's areas once per need, for the company rule (not a query per row).
    for match in matches.prefetch_related("need__priority_areas").order_by("pk"):
        show_company = brokering.company_visible_to(request.user, match)
        writer.writerow(
            [
                match.pk,
                match.need.title,
                match.service.title,
                match.service.provider.name,
                match.need.organisation.name if show_company else "",
                match.get_stage_display(),
                match.get_outcome_type_display(),
                match.get_origin_display(),
                match.updated_at.isoformat(),
            ]
        )
    return response


@login_required
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_object_or_404(
        matches_for(request.user)
        # The need's areas once: every rule below (coordinating, the company, the
        # contacts, the funding panel) asks whether the user's clusters reach the need.
        .select_related("need__region")
        .prefetch_related(None)
        .prefetch_related(
            "events",
            "events__actor",
            Prefetch("tasks", queryset=FollowUpTask.objects.select_related("assignee")),
            "need__priority_areas",
        ),
        pk=pk,
    )
    coordinating = brokering.can_coordinate(request.user, match)
    tasks = list(match.tasks.all())
    for task in tasks:
        task.title = task.display_title  # in the reader's language; never saved
    role = introduction.role_of(request.user, match)
    contacts = introduction.contacts_for(request.user, match)
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
            "tasks": tasks,
            "events": brokering.label_event_actors(request.user, match.events.all()),
            "role": role,
            "next_step": introduction.next_step(match, role),
            "contacts": contacts,
            "match_reasons": (
                getattr(with_sentences([match.proposal])[0], "sentences", [])
                if match.proposal
                else []
            ),
            "coordinator_note": introduction.coordinator_note(match) if contacts else "",
            "first_call": introduction.first_call_start(timezone.now()) if contacts else None,
        },
    )


@login_required
def match_first_call(request: HttpRequest, pk: int) -> HttpResponse:
    """The suggested first call as an iCalendar file, once the contacts may be shown."""
    match = get_object_or_404(matches_for(request.user), pk=pk)
    if not introduction.contacts_for(request.user, match):
        raise Http404
    response = HttpResponse(
        introduction.first_call_ics(request.user, match),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="first-call-{match.pk}.ics"'
    return response


@login_required
@require_POST
def match_transition(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_object_or_404(matches_for(request.user), pk=pk)
    version = request.POST.get("version", "")
    rule = brokering.TRANSITIONS.get(request.POST.get("action", ""))
    missing_details = rule is not None and (
        (rule.needs_reason and not request.POST.get("reason"))
        or (rule.target == MatchStage.AGREEMENT and not request.POST.get("outcome_type"))
    )
    if missing_details and request.POST.get("from") == "board":
        # A card moved on the board (dragged, or its "Move to" list) to a stage that needs a
        # reason or an outcome: the match's page asks for it instead of refusing the move.
        messages.info(request, _("Choose the reason or the outcome to finish the move."))
        return HttpResponseRedirect(reverse("match_detail", args=[pk]) + "#move")
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
        existing = matches_for(request.user).filter(need=need, service=service).first()
        if existing is not None:
            # Asked twice: the pair is already a match, and that is where to go on.
            messages.info(request, _("This need and service are already a match."))
            return redirect("match_detail", pk=existing.pk)
        _report(request, exc)
        return _back(request, "need_detail", pk=need.pk)
    return redirect("match_detail", pk=match.pk)


@login_required
def service_lookup(request: HttpRequest) -> HttpResponse:
    """Services to add to a need, as the coordinator types: JSON, at most 20 rows."""
    need = get_object_or_404(
        needs_visible_to(request.user), pk=parse_id(request.GET.get("need"), name="need")
    )
    if not request.user.has_perm("matchmaking.coordinate_need", need):
        raise PermissionDenied
    text = request.GET.get("q", "")[:100]
    services = services_to_add(request.user, need, text) if text.strip() else []
    return JsonResponse(
        {"results": [{"id": s.pk, "title": s.title, "provider": s.provider.name} for s in services]}
    )


@login_required
def my_matches(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    matches = matches_for(request.user).filter(
        Q(need__organisation_id__in=scope.org_ids) | Q(service__provider_id__in=scope.org_ids)
    )
    return render(request, "brokering/my_matches.html", {"matches": matches})
