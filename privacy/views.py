"""The privacy notice, a person's own data page (export, delete account) and staff's page
for acting on a person's request."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.domain import acting_user

from . import actions
from .models import DataExport, ExportStatus


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/notice.html",
        {
            "inactive_days": settings.PRIVACY_INACTIVE_DAYS,
            "grace_days": settings.PRIVACY_GRACE_DAYS,
            "import_days": settings.IMPORT_FILE_RETENTION_DAYS,
        },
    )


@login_required
def privacy_account(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    handed, closed = actions.ownership_plan(user)
    return render(
        request,
        "privacy/account.html",
        {
            "exports": DataExport.objects.filter(user=user).defer("archive")[:5],
            "handed": handed,
            "closed": closed,
        },
    )


@login_required
@require_POST
def privacy_export_request(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    try:
        actions.data_export_request(user=user, by=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Your data is being prepared. You will get a notification when it is ready."),
        )
    return redirect("privacy_account")


@login_required
def privacy_export_download(request: HttpRequest, token: str) -> HttpResponse:
    requested = get_object_or_404(
        DataExport.objects.select_related("user"), token=token, status=ExportStatus.READY
    )
    user = acting_user(request)
    if user.pk not in (requested.user_id, requested.requested_by_id):
        raise Http404
    response = HttpResponse(bytes(requested.archive or b""), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="tki-silta-data-{requested.pk}.zip"'
    return response


@login_required
@require_POST
def privacy_erase(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the account is to be deleted."))
        return redirect("privacy_account")
    try:
        actions.user_erase(user=user, by=user, reason="own request")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("privacy_account")
    logout(request)
    messages.success(request, _("Your account and your personal data have been removed."))
    return redirect("landing")


@login_required
def privacy_staff(request: HttpRequest) -> HttpResponse:
    """Staff act on a person's request (by e-mail, phone or letter): export or erase."""
    if not request.user.is_staff:
        raise PermissionDenied
    staff = acting_user(request)
    user_model = get_user_model()
    if request.method == "POST":
        person = get_object_or_404(
            user_model, pk=request.POST.get("user", "0") or 0, erased_at__isnull=True
        )
        reason = request.POST.get("reason", "").strip()
        if not reason:
            messages.error(request, _("Write down the request the action is based on."))
        else:
            try:
                if request.POST.get("action") == "export":
                    actions.data_export_request(user=person, by=staff)
                    messages.success(
                        request, _("The export is being prepared; you will find it below.")
                    )
                elif request.POST.get("action") == "erase":
                    actions.user_erase(user=person, by=staff, reason=reason)
                    messages.success(request, _("The person's data has been removed."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect("privacy_staff")
    query = request.GET.get("q", "").strip()
    people = (
        user_model.objects.filter(
            Q(email__iexact=query) | Q(full_name__iexact=query), erased_at__isnull=True
        )[:10]
        if query
        else []
    )
    return render(
        request,
        "privacy/staff.html",
        {
            "query": query,
            "people": people,
            "exports": DataExport.objects.filter(requested_by=staff)
            .select_related("user")
            .defer("archive")[:20],
        },
    )
