"""Pages of the situational picture, its exports, the impact and rating forms."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.scope import scope_for
from companies.rules import coordinated_needs_q
from companies.selectors import needs_in_directory
from core.csv_export import csv_response, safe_cell
from taxonomy.models import Region

from . import actions, disclosure, figures, indicators, open_data, selectors
from .forms import ImpactForm, RatingForm
from .forms_filters import FilterForm
from .models import ImpactFollowUp, IntroductionRating

# A tile-grid cartogram of the 19 regions: (column, row) by rough geography.
TILES: dict[str, tuple[int, int]] = {
    "19": (2, 0),
    "17": (1, 1),
    "18": (2, 1),
    "15": (0, 2),
    "16": (1, 2),
    "11": (2, 2),
    "12": (3, 2),
    "14": (0, 3),
    "13": (1, 3),
    "10": (2, 3),
    "04": (0, 4),
    "06": (1, 4),
    "07": (2, 4),
    "09": (3, 4),
    "02": (0, 5),
    "05": (1, 5),
    "08": (2, 5),
    "21": (0, 6),
    "01": (1, 6),
}
TILE_W, TILE_H = 90, 54


def may_see_picture(user: Any) -> bool:
    """Staff, cluster coordinators and members of regional councils, clusters and
    development companies see the region's picture (aggregates only)."""
    scope = scope_for(user)
    return scope.staff or scope.is_coordinator or bool(scope.intermediary_org_ids)


def _require_picture(request: HttpRequest) -> None:
    if not may_see_picture(request.user):
        raise PermissionDenied


def _params(request: HttpRequest) -> tuple[FilterForm, figures.Params]:
    form = FilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    filters, by, granularity = form.values()
    today = timezone.localdate()
    start, end = filters.start, filters.end
    if start is None or end is None:
        start, end = selectors.months_back(today, 12)
    return form, figures.Params(filters, by, granularity, start, end)


def tiles(counts: dict[int, int]) -> list[dict[str, Any]]:
    peak = max(counts.values(), default=0)
    regions = Region.objects.all()
    result = []
    for region in regions:
        if region.code not in TILES:
            continue
        column, row = TILES[region.code]
        count = counts.get(region.pk, 0)
        result.append(
            {
                "name": region.name,
                "code": region.code,
                "count": count,
                "level": selectors.heat_level(count, peak),
                "x": column * TILE_W,
                "y": row * TILE_H,
                "w": TILE_W - 4,
                "h": TILE_H - 4,
                "tx": column * TILE_W + (TILE_W - 4) // 2,
                "ty": row * TILE_H + 22,
                "ty2": row * TILE_H + 40,
            }
        )
    return sorted(result, key=lambda t: (t["y"], t["x"]))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_picture(request)
    form, params = _params(request)
    stamp = figures.fingerprint()
    tables = {name: figures.table(name, params, stamp) for name in figures.DATASETS}
    charts = figures.chart_data(params, stamp)
    heat = figures.cached(
        "heatmap", params.key(), lambda: selectors.heat_map(params.filters), stamp
    )
    indicator_rows = figures.cached(
        "indicator-figures",
        params.key(),
        lambda: indicators.indicator_figures(params.start, params.end),
        stamp,
    )
    query = request.GET.urlencode()
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "params": params,
            "tables": tables,
            "charts": charts,
            "heat": heat,
            "tiles": tiles({int(k): v for k, v in charts["regions"].items()}),
            "map_width": 4 * TILE_W,
            "map_height": 7 * TILE_H,
            "indicators": indicator_rows,
            "may_list_records": _may_list_records(request.user),
            "query": query,
            "datasets": figures.DATASETS,
            "today": timezone.localdate(),
        },
    )


def _export_params(request: HttpRequest) -> figures.Params:
    _require_picture(request)
    return _params(request)[1]


@login_required
def export(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if name not in figures.DATASETS or fmt not in ("csv", "xlsx"):
        raise Http404
    table = figures.table(name, _export_params(request))
    filename = f"tki-{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response, writer = csv_response(filename)
        writer.writerow(table.headers)
        writer.writerows(table.rows)
        return response
    return xlsx_response([table], filename)


def xlsx_response(tables: list[figures.Table], filename: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, table in enumerate(tables):
        sheet = workbook.create_sheet(title=f"{index + 1}")
        sheet.append([table.title])
        sheet.append(table.headers)
        for row in table.rows:
            # Text that would start a formula is written as text, as in the CSV.
            sheet.append([safe_cell(cell) for cell in row])
    stream = io.BytesIO()
    workbook.save(stream)
    response = HttpResponse(
        stream.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_pdf(request: HttpRequest, year: int, month: int) -> HttpResponse:
    _require_picture(request)
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    from .report import monthly_report

    pdf = monthly_report(year, month)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tki-report-{year}-{month:02d}.pdf"'
    return response


# --- Records behind an indicator ------------------------------------------------------


def _may_list_records(user: Any) -> bool:
    scope = scope_for(user)
    return scope.staff or scope.is_coordinator


@login_required
def indicator_records(request: HttpRequest, code: str) -> HttpResponse:
    """The records an indicator counts, as far as the viewer may know them: staff see all;
    coordinators the companies with a need in their clusters (a hidden company is named
    only to those who coordinate it) and providers, which are public."""
    if code not in indicators.INDICATORS:
        raise Http404
    if not _may_list_records(request.user):
        raise PermissionDenied
    _form, params = _params(request)
    records = indicators.records(code, params.start, params.end)
    scope = scope_for(request.user)
    hidden = 0
    if code == "RCR02":
        rows = list(records)
        if not scope.staff:
            allowed = set(
                records.filter(
                    match__need__in=selectors.DevelopmentNeed.objects.filter(
                        coordinated_needs_q(request.user)
                    )
                ).values_list("pk", flat=True)
            )
            hidden = sum(1 for r in rows if r.pk not in allowed)
            rows = [r for r in rows if r.pk in allowed]
        items = [
            {
                "name": r.match.need.organisation.name,
                "url": r.match.need.organisation.get_absolute_url(),
                "detail": f"{r.private_investment_eur} € ({r.months} mo)",
            }
            for r in rows
        ]
    else:
        organisations = records.order_by("name")
        if not scope.staff and code not in ("RCO07",):
            visible = organisations.filter(
                needs__in=selectors.DevelopmentNeed.objects.filter(
                    coordinated_needs_q(request.user)
                )
            ).distinct()
            hidden = organisations.count() - visible.count()
            organisations = visible
        items = [
            {
                "name": o.name,
                "url": o.get_absolute_url(),
                "detail": o.get_sme_size_display() if o.sme_size else "",
            }
            for o in organisations
        ]
    return render(
        request,
        "insights/indicator_records.html",
        {
            "indicator": indicators.INDICATORS[code],
            "items": items,
            "hidden": hidden,
            "params": params,
        },
    )


# --- Providers: needs nobody answers --------------------------------------------------


@login_required
def provider_gaps(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    providers = Organisation.objects.filter(pk__in=scope.provider_org_ids).order_by("name")
    if not providers:
        raise PermissionDenied
    visible = needs_in_directory(request.user)
    groups = [
        {
            "provider": provider,
            "needs": selectors.unanswered_needs_for_provider(provider, visible)
            .select_related("category", "region")
            .order_by("-published_at")[:100],
        }
        for provider in providers
    ]
    return render(request, "insights/provider_gaps.html", {"groups": groups})


# --- Rating an introduction -----------------------------------------------------------


@login_required
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    rating = get_object_or_404(
        IntroductionRating.objects.select_related("match__need", "match__service"), pk=pk
    )
    if actions.party_of(request.user, rating.match) != rating.party:
        raise Http404  # a stranger learns nothing of the match
    form = RatingForm(
        request.POST or None, initial={"score": rating.score, "comment": rating.comment}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.rating_submit(
                rating=rating,
                by=request.user,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you for your answer."))
            return redirect("insights_rate", pk=rating.pk)
    return render(request, "insights/rate.html", {"rating": rating, "form": form})


# --- Impact follow-ups ----------------------------------------------------------------


def _impact_page(
    request: HttpRequest, follow_up: ImpactFollowUp, *, via_link: bool
) -> HttpResponse:
    form = ImpactForm(request.POST or None, instance=follow_up)
    if request.method == "POST" and form.is_valid():
        try:
            actions.impact_answer(
                follow_up=follow_up,
                by=request.user if request.user.is_authenticated else None,
                data=form.cleaned_data,
                via_link=via_link,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect(request.path)
    return render(
        request,
        "insights/impact_form.html",
        {"follow_up": follow_up, "form": form, "need": follow_up.match.need},
    )


@login_required
def impact_form(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(
        ImpactFollowUp.objects.select_related("match__need__organisation"), pk=pk
    )
    if not actions.may_answer_impact(request.user, follow_up):
        raise Http404
    return _impact_page(request, follow_up, via_link=False)


def impact_link(request: HttpRequest, token: str) -> HttpResponse:
    """The same form through the signed link of the e-mail: no login needed."""
    try:
        follow_up = actions.follow_up_from_token(token)
    except signing.SignatureExpired:
        return render(request, "insights/impact_link_invalid.html", {"expired": True}, status=410)
    except (signing.BadSignature, ImpactFollowUp.DoesNotExist):
        return render(request, "insights/impact_link_invalid.html", {"expired": False}, status=404)
    return _impact_page(request, follow_up, via_link=True)


@login_required
def my_follow_ups(request: HttpRequest) -> HttpResponse:
    """Impact forms and rating questions waiting for the user's organisations."""
    scope = scope_for(request.user)
    follow_ups = (
        ImpactFollowUp.objects.filter(
            match__need__organisation_id__in=scope.company_org_ids,
            due_date__lte=timezone.localdate() + timedelta(days=7),
        )
        .select_related("match__need")
        .order_by("due_date")[:100]
    )
    ratings = (
        IntroductionRating.objects.filter(
            Q(party="company", match__need__organisation_id__in=scope.org_ids)
            | Q(party="provider", match__service__provider_id__in=scope.org_ids)
        )
        .select_related("match__need", "match__service")
        .order_by("-asked_at")[:100]
    )
    return render(
        request,
        "insights/my_follow_ups.html",
        {"follow_ups": follow_ups, "ratings": ratings},
    )


# --- Open data ------------------------------------------------------------------------


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isdigit() and len(raw) == 4:
        return int(raw)
    return None


def open_filters(year: int | None) -> selectors.Filters:
    if year is None:
        return selectors.Filters()
    return selectors.Filters(start=date(year, 1, 1), end=date(year + 1, 1, 1))


def open_page(request: HttpRequest) -> HttpResponse:
    """Public aggregate figures: anyone, no login."""
    year = _year(request)
    filters = open_filters(year)
    stamp = figures.fingerprint()
    tables = {name: open_table(name, filters, stamp) for name in open_data.TABLES}
    return render(
        request,
        "insights/open.html",
        {"tables": tables, "year": year, "licence": disclosure.LICENCE},
    )


def open_table(name: str, filters: selectors.Filters, stamp: str | None = None) -> Any:
    return figures.cached(
        f"open-{name}",
        filters.key(),
        lambda: open_data.cross_table(name, filters).as_public(),
        stamp,
    )
