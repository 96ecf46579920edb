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
from .forms import ServiceFilterForm, ServiceForm
from .models import RDService
from .selectors import services_in_directory, services_visible_to


def _my_providers(request: HttpRequest) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=scope_for(request.user).provider_org_ids)


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    services = (
        services_visible_to(request.user)
        .filter(provider_id__in=scope_for(request.user).provider_org_ids)
        .order_by("-updated_at")
    )
    return render(request, "services/service_list.html", paginate(request, services))


def service_directory(request: HttpRequest) -> HttpResponse:
    form = ServiceFilterForm(request.GET or None)
    services = services_in_directory(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            services = services.filter(
                Q(title__icontains=data["q"]) | Q(description__icontains=data["q"])
            )
        if data["service_type"]:
            services = services.filter(service_type=data["service_type"])
        if data["region"]:
            services = services.filter(region=data["region"])
        if data["priority_area"]:
            services = services.filter(priority_areas=data["priority_area"])
        if data["remote"]:
            services = services.filter(remote=True)
    context = {"filter_form": form, **paginate(request, services)}
    return render(request, "services/service_directory.html", context)


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The service; matching and brokering add their parts through template tags
    (`{% load matching brokering %}`): needs it could serve, asking about it, its history."""
    service = get_object_or_404(services_visible_to(request.user), pk=pk)
    return render(
        request,
        "services/service_detail.html",
        {
            "service": service,
            "can_edit": request.user.has_perm("services.change_rdservice", service),
        },
    )


@login_required
def service_create(request: HttpRequest) -> HttpResponse:
    providers = list(_my_providers(request))
    if not providers:
        messages.info(request, _("Services are listed by R&D providers. Create or join one first."))
        return redirect("onboarding")
    form = ServiceForm(request.POST or None, providers=_my_providers(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        provider = data.pop("provider")
        if data.get("region") is None:
            data.pop("region")
        try:
            service = actions.service_create(by=acting_user(request), provider=provider, **data)
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            if "publish" in request.POST:
                actions.service_publish(service=service, by=acting_user(request))
                messages.success(request, _("The service is published."))
            else:
                messages.success(request, _("The service is saved as a draft."))
            return redirect(service)
    return render(request, "services/service_form.html", {"form": form})


def _editable_service(request: HttpRequest, pk: int) -> RDService:
    service = get_object_or_404(services_visible_to(request.user), pk=pk)
    if not request.user.has_perm("services.change_rdservice", service):
        raise PermissionDenied
    return service


@login_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = _editable_service(request, pk)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("region") is None:
            data.pop("region")
        try:
            actions.service_update(service=service, by=acting_user(request), **data)
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(service)
    return render(request, "services/service_form.html", {"form": form, "service": service})


@login_required
@require_POST
def service_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    service = _editable_service(request, pk)
    operations = {
        "publish": (actions.service_publish, _("The service is published.")),
        "unpublish": (actions.service_unpublish, _("The service is back in drafts.")),
        "archive": (actions.service_archive, _("The service is archived.")),
    }
    try:
        if action == "delete":
            actions.service_delete(service=service, by=acting_user(request))
            messages.success(request, _("The service was deleted."))
            return redirect("service_list")
        if action not in operations:
            raise PermissionDenied
        operation, message = operations[action]
        operation(service=service, by=acting_user(request))
        messages.success(request, message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("service_detail", pk=pk)
