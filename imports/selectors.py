"""Reads for import pages: the jobs a user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import ImportJob, ImportSource


def jobs_visible_to(user: Any) -> QuerySet[ImportJob]:
    """Staff see every import; a coordinator sees their own."""
    jobs = ImportJob.objects.select_related("source", "created_by").defer("content")
    if user.is_staff:
        return jobs
    return jobs.filter(created_by=user)


def sources_for(user: Any) -> QuerySet[ImportSource]:
    return ImportSource.objects.order_by("name")
