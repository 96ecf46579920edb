from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from accounts.scope import scope_for
from core.domain import acting_user
from core.forms import add_domain_errors
from core.pages import paginate

from . import actions
from .forms import NeedCloseForm, NeedFilterForm, NeedForm
from .models import DevelopmentNeed
from .selectors import needs_in_directory, needs_of_organisations, needs_visible_to


def _my_companies(request: HttpRequest) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=scope_for(request.user).company_org_ids)


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    needs = needs_of_organisations(request.user, scope.company_org_ids).order_by("-updated_at")
    return render(request, "companies/need_list.html", paginate(request, needs))


def need_directory(request: HttpRequest) -> HttpResponse:
    form = NeedFilterForm(request.GET or None)
    needs = needs_in_directory(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            needs = needs.filter(
                Q(title__icontains=data["q"]) | Q(description__icontains=data["q"])
            )
        if data["category"]:
            needs = needs.filter(category=data["category"])
        if data["region"]:
            needs = needs.filter(region=data["region"])
        if data["priority_area"]:
            needs = needs.filter(priority_areas=data["priority_area"])
    context = {"filter_form": form, **paginate(request, needs)}
    return render(request, "companies/need_directory.html", context)


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The need; matching and brokering add their parts through template tags
    (`{% load matching brokering %}`): suggestions, starting a match, its history."""
    need = get_object_or_404(needs_visible_to(request.user), pk=pk)
    return render(
        request,
        "companies/need_detail.html",
        {
            "need": need,
            "show_company": request.user.has_perm("companies.view_need_company", need),
            "can_edit": request.user.has_perm("companies.change_developmentneed", need),
            "close_form": NeedCloseForm(),
        },
    )


@login_required
def need_create(request: HttpRequest) -> HttpResponse:
    companies = list(_my_companies(request))
    if not companies:
        messages.info(request, _("Create or join a company first; needs belong to a company."))
        return redirect("onboarding")
    form = NeedForm(request.POST or None, companies=_my_companies(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        if data.get("region") is None:
            data.pop("region")
        try:
            need = actions.need_create(by=acting_user(request), organisation=organisation, **data)
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            if "publish" in request.POST:
                try:
                    actions.need_publish(need=need, by=acting_user(request))
                    messages.success(request, _("The need is published."))
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The need is saved as a draft."))
            return redirect(need)
    return render(request, "companies/need_form.html", {"form": form})


def _editable_need(request: HttpRequest, pk: int) -> DevelopmentNeed:
    need = get_object_or_404(needs_visible_to(request.user), pk=pk)
    if not request.user.has_perm("companies.change_developmentneed", need):
        raise PermissionDenied
    return need


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = _editable_need(request, pk)
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("region") is None:
            data.pop("region")
        try:
            actions.need_update(need=need, by=acting_user(request), **data)
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(need)
    return render(request, "companies/need_form.html", {"form": form, "need": need})


@login_required
@require_POST
def need_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    need = _editable_need(request, pk)
    try:
        if action == "publish":
            actions.need_publish(need=need, by=acting_user(request))
            messages.success(request, _("The need is published."))
        elif action == "unpublish":
            actions.need_unpublish(need=need, by=acting_user(request))
            messages.success(request, _("The need is back in drafts."))
        elif action == "close":
            form = NeedCloseForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose why the need is closed."))
                return redirect(need)
            actions.need_close(
                need=need,
                by=acting_user(request),
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The need is closed."))
        elif action == "delete":
            actions.need_delete(need=need, by=acting_user(request))
            messages.success(request, _("The need was deleted."))
            return redirect("need_list")
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("need_detail", pk=pk)
