"""Pages of an import: upload, column mapping, the report with its progress, run and undo."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.domain import acting_user
from core.pages import paginate

from . import actions
from .fields import IGNORE, targets
from .forms import UploadForm
from .models import ImportJob, ImportStatus
from .reading import read_table
from .selectors import jobs_visible_to, sources_for

PROBLEMS_PER_PAGE = 100
SAMPLE_ROWS = 3


def _require_importer(request: HttpRequest) -> None:
    if not actions.may_import(request.user):
        raise PermissionDenied


def _job(request: HttpRequest, pk: int) -> ImportJob:
    _require_importer(request)
    return get_object_or_404(jobs_visible_to(request.user), pk=pk)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = actions.import_upload(
                by=acting_user(request),
                kind=form.cleaned_data["kind"],
                source_name=form.cleaned_data["source"],
                filename=upload.name,
                content=upload.read(),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else "file", errors)
            else:
                form.add_error("file", exc.messages)
        else:
            return redirect("import_mapping", pk=job.pk)
    context = {
        "form": form,
        "sources": sources_for(request.user),
        **paginate(request, jobs_visible_to(request.user)),
    }
    return render(request, "imports/import_list.html", context)


@login_required
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED):
        return redirect("import_detail", pk=job.pk)
    errors: list[str] = []
    mapping = dict(job.mapping)
    if request.method == "POST":
        mapping = {
            header: request.POST.get(f"column-{index}", IGNORE)
            for index, header in enumerate(job.headers)
        }
        try:
            actions.import_check(job=job, by=acting_user(request), mapping=mapping)
        except ValidationError as exc:
            errors = exc.messages
        else:
            return redirect("import_detail", pk=job.pk)
    table = read_table(bytes(job.content), job.filename)
    columns = [
        {
            "index": index,
            "header": header,
            "chosen": mapping.get(header, IGNORE),
            "samples": [
                cells[index] for _n, cells in table.rows[:SAMPLE_ROWS] if index < len(cells)
            ],
        }
        for index, header in enumerate(job.headers)
    ]
    context = {"job": job, "columns": columns, "targets": targets(job.kind), "errors": errors}
    return render(request, "imports/import_mapping.html", context, status=400 if errors else 200)


def _detail_context(request: HttpRequest, job: ImportJob) -> dict[str, Any]:
    problems = job.problems.all()
    return {
        "job": job,
        "busy": job.is_busy,
        **paginate(request, problems, PROBLEMS_PER_PAGE),
    }


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "imports/import_detail.html", _detail_context(request, job))


@login_required
@require_POST
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        actions.import_start(job=job, by=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("import_detail", pk=job.pk)


@login_required
@require_POST
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        actions.import_undo(job=job, by=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The import is being undone."))
    return redirect("import_detail", pk=job.pk)
