"""Pages: the catalogue and its import, the calls calendar, partnerships, work plans,
funding applications and the EEN partnership profile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import OrganisationKind
from companies.selectors import needs_visible_to
from core.domain import acting_user
from core.forms import add_domain_errors
from core.inputs import parse_id, parse_int

from . import actions, een, exports, selectors
from .fit import SIZE_WORDS, euro_range
from .forms import (
    ApplicationForm,
    CalendarFilterForm,
    CallForm,
    ImportForm,
    InstrumentForm,
    PartnershipForm,
    PlanForm,
)
from .imports import COLUMNS, ImportFileError, import_instruments, read_rows
from .models import FundingApplication, FundingCall, FundingInstrument, WorkPlan
from .workplan import TABLES, budget_by_partner, budget_total, ordered_sections, table_to_lines


def _editor(request: HttpRequest) -> bool:
    return bool(request.user.has_perm(actions.CATALOGUE_PERM))


def _require_editor(request: HttpRequest) -> None:
    if not _editor(request):
        raise PermissionDenied


# --- catalogue --------------------------------------------------------------------------


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    instruments = list(selectors.instruments_list())
    for instrument in instruments:
        # From the prefetched calls (ordered by deadline): no query per row.
        instrument.next_call = next(  # type: ignore[attr-defined]
            (call for call in instrument.calls.all() if call.deadline >= today), None
        )
    return render(
        request,
        "funding/instrument_list.html",
        {"instruments": instruments, "can_edit": _editor(request)},
    )


@login_required
def instrument_detail(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = get_object_or_404(selectors.instruments_list(), slug=slug)
    partnerships = (
        selectors.partnerships_list() if instrument.international_partners_required else None
    )
    return render(
        request,
        "funding/instrument_detail.html",
        {
            "instrument": instrument,
            "calls": instrument.calls.all(),
            "today": timezone.localdate(),
            "can_edit": _editor(request),
            "call_form": CallForm(),
            "partnerships": partnerships,
            "kinds": [OrganisationKind(k).label for k in instrument.eligible_kinds],
            "sizes": [SIZE_WORDS.get(size, size) for size in instrument.eligible_sizes],
            "project_size": euro_range(instrument.project_min_eur, instrument.project_max_eur)
            or _("unknown"),
        },
    )


def _instrument_data(form: InstrumentForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@login_required
def instrument_create(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = actions.instrument_create(
                by=acting_user(request), **_instrument_data(form)
            )
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The instrument is in the catalogue."))
            return redirect(instrument)
    return render(request, "funding/instrument_form.html", {"form": form})


@login_required
def instrument_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _require_editor(request)
    instrument = get_object_or_404(FundingInstrument, slug=slug)
    form = InstrumentForm(request.POST or None, instance=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = actions.instrument_update(
                instrument=instrument, by=acting_user(request), **_instrument_data(form)
            )
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(instrument)
    return render(request, "funding/instrument_form.html", {"form": form, "instrument": instrument})


@login_required
@require_POST
def call_create(request: HttpRequest, slug: str) -> HttpResponse:
    _require_editor(request)
    instrument = get_object_or_404(FundingInstrument, slug=slug)
    form = CallForm(request.POST)
    if form.is_valid():
        try:
            actions.call_create(instrument=instrument, by=acting_user(request), **form.cleaned_data)
            messages.success(request, _("The call was added."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(instrument)


@login_required
@require_POST
def call_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    call = get_object_or_404(FundingCall.objects.select_related("instrument"), pk=pk)
    instrument = call.instrument
    actions.call_delete(call=call, by=acting_user(request))
    messages.success(request, _("The call was removed."))
    return redirect(instrument)


@login_required
def instrument_import(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload, upload.name)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            report = import_instruments(rows=rows, by=acting_user(request))
            if report.ok:
                messages.success(
                    request,
                    _("Imported: %(created)s new, %(updated)s updated.")
                    % {"created": report.created, "updated": report.updated},
                )
                return redirect("funding_instrument_list")
    status = 400 if report is not None and not report.ok else 200
    return render(
        request,
        "funding/import.html",
        {"form": form, "report": report, "columns": COLUMNS},
        status=status,
    )


# --- calendar and partnerships ------------------------------------------------------------


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    form = CalendarFilterForm(request.GET or None)
    area_id = region_id = None
    if form.is_valid():
        area = form.cleaned_data["area"]
        region = form.cleaned_data["region"]
        area_id = area.pk if area else None
        region_id = region.pk if region else None
    calls = selectors.upcoming_calls(
        today=timezone.localdate(), area_id=area_id, region_id=region_id
    )
    return render(request, "funding/calendar.html", {"filter_form": form, "calls": calls})


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    form = PartnershipForm(request.POST or None) if _editor(request) else None
    if request.method == "POST":
        _require_editor(request)
        assert form is not None
        if form.is_valid():
            try:
                actions.partnership_create(by=acting_user(request), **form.cleaned_data)
            except ValidationError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("The partnership was added."))
                return redirect("funding_partnership_list")
    return render(
        request,
        "funding/partnership_list.html",
        {"partnerships": selectors.partnerships_list(), "form": form},
    )


@login_required
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    partnership = get_object_or_404(selectors.partnerships_list(), pk=pk)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST":
        if "delete" in request.POST:
            actions.partnership_delete(partnership=partnership, by=acting_user(request))
            messages.success(request, _("The partnership was removed."))
            return redirect("funding_partnership_list")
        if form.is_valid():
            try:
                actions.partnership_update(
                    partnership=partnership, by=acting_user(request), **form.cleaned_data
                )
            except ValidationError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("funding_partnership_list")
    return render(
        request, "funding/partnership_form.html", {"form": form, "partnership": partnership}
    )


# --- work plans ---------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "funding/plan_list.html", {"plans": selectors.work_plans_for(request.user)}
    )


@login_required
@require_POST
def plan_open(request: HttpRequest, match_pk: int) -> HttpResponse:
    match = get_object_or_404(selectors.plan_matches_for(request.user), pk=match_pk)
    instrument_id = parse_int(request.POST.get("instrument") or None, name="instrument")
    instrument = get_object_or_404(FundingInstrument, pk=instrument_id) if instrument_id else None
    try:
        plan = actions.plan_open(match=match, by=acting_user(request), instrument=instrument)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("match_detail", pk=match.pk)
    except PermissionDenied:
        raise
    messages.success(request, _("The draft work plan is open for the parties."))
    return redirect("funding_plan_detail", pk=plan.pk)


def _plan(request: HttpRequest, pk: int) -> WorkPlan:
    return get_object_or_404(selectors.work_plans_for(request.user), pk=pk)


def _plan_initial(plan: WorkPlan) -> dict[str, Any]:
    content = plan.content
    initial: dict[str, Any] = {
        "instrument": plan.instrument_id,
        "objectives": content.get("objectives", ""),
        "trl_start": content.get("trl_start"),
        "trl_target": content.get("trl_target"),
        "results": content.get("results", ""),
        "indicators": "\n".join(content.get("indicators") or []),
        "version": plan.version,
    }
    for table in TABLES:
        initial[table] = table_to_lines(content, table)
    return initial


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = PlanForm(request.POST or None, initial=_plan_initial(plan))
    headings = list(plan.instrument.application_headings) if plan.instrument else []
    sections = dict(ordered_sections(plan.content, headings))
    status = 200
    if request.method == "POST":
        posted_sections = {
            heading: request.POST.get(f"section-{index}", "")
            for index, heading in enumerate(sections)
        }
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            instrument = data.pop("instrument")
            try:
                actions.plan_save(
                    plan=plan,
                    by=acting_user(request),
                    content={**data, "sections": posted_sections},
                    version=version,
                    instrument=instrument,
                )
            except ValidationError as exc:
                add_domain_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Saved as a new version."))
                return redirect("funding_plan_detail", pk=plan.pk)
        else:
            status = 400
        sections = posted_sections
    return render(
        request,
        "funding/plan_detail.html",
        {
            "plan": plan,
            "form": form,
            "sections": list(enumerate(sections.items())),
            "content": plan.content,
            "ordered_sections": ordered_sections(plan.content, headings),
            "total": budget_total(plan.content),
            "by_partner": budget_by_partner(plan.content),
            "versions": selectors.plan_versions(plan),
        },
        status=status,
    )


@login_required
def plan_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = _plan(request, pk)
    version = get_object_or_404(selectors.plan_versions(plan), number=number)
    return render(
        request,
        "funding/plan_version.html",
        {
            "plan": plan,
            "version": version,
            "content": version.content,
            "ordered_sections": ordered_sections(
                version.content,
                list(version.instrument.application_headings) if version.instrument else [],
            ),
            "total": budget_total(version.content),
            "by_partner": budget_by_partner(version.content),
        },
    )


@login_required
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = _plan(request, pk)
    document = exports.plan_document(plan)
    if fmt == "docx":
        body, content_type = exports.to_docx(document), exports.DOCX_TYPE
    elif fmt == "pdf":
        body, content_type = exports.to_pdf(document), "application/pdf"
    else:
        raise PermissionDenied
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="work-plan-{plan.match_id}.{fmt}"'
    return response


# --- funding applications -----------------------------------------------------------------


@login_required
def application_create(request: HttpRequest, match_pk: int) -> HttpResponse:
    match = get_object_or_404(selectors.plan_matches_for(request.user), pk=match_pk)
    if not selectors.may_work_on_plan(request.user, match):
        raise PermissionDenied
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.application_record(match=match, by=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The funding application is recorded."))
            return redirect("match_detail", pk=match.pk)
    return render(request, "funding/application_form.html", {"form": form, "match": match})


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        FundingApplication.objects.filter(
            match__in=selectors.plan_matches_for(request.user).values("pk")
        ),
        pk=pk,
    )
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            actions.application_update(
                application=application, by=acting_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("match_detail", pk=application.match_id)
    return render(
        request,
        "funding/application_form.html",
        {"form": form, "match": application.match, "application": application},
    )


# --- EEN partnership profile --------------------------------------------------------------


@login_required
def een_profile(request: HttpRequest, need_pk: int) -> HttpResponse:
    need = get_object_or_404(
        needs_visible_to(request.user).select_related("organisation", "trl_now", "region"),
        pk=parse_id(str(need_pk), name="need"),
    )
    if not een.may_export(request.user, need):
        raise PermissionDenied
    profile = een.profile_for(need, request.GET or None)
    if request.GET.get("format") == "docx":
        response = HttpResponse(een.to_docx(profile), content_type=exports.DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="een-profile-{need.pk}.docx"'
        return response
    if request.GET.get("format") == "json":
        response = HttpResponse(een.to_json(profile), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="een-profile-{need.pk}.json"'
        return response
    return render(
        request,
        "funding/een_profile.html",
        {
            "need": need,
            "profile": profile,
            "stages": list(een.STAGES.items()),
            "ipr_choices": list(een.IPR.items()),
        },
    )
