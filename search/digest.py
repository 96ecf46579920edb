"""Providers' weekly digest: new needs in their priority areas or region, and new hits of
their saved searches. The week is in the notification key, so a rerun sends nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility
from core.dates import iso_week
from notifications.models import Event
from notifications.notify import notify
from services.models import RDService

from .forms import SearchForm
from .models import SavedSearch
from .selectors import search


def send_weekly_digest(*, today: date | None = None) -> int:
    """To providers: new needs in their priority areas or region, and new saved-search hits."""
    today = today or timezone.localdate()
    since = timezone.now() - timedelta(days=7)
    new_needs = DevelopmentNeed.objects.filter(
        status=NeedStatus.PUBLISHED,
        published_at__gte=since,
        visibility__in=(NeedVisibility.PUBLIC, NeedVisibility.ANONYMOUS),
    )
    recipients: dict[int, Any] = {}
    lines: dict[int, list[str]] = {}
    for membership in Membership.objects.filter(
        organisation__kind__in=("university", "uas", "research_institute", "laboratory")
    ).select_related("user", "organisation"):
        services = RDService.objects.filter(provider=membership.organisation, status="published")
        areas = set(services.values_list("priority_areas", flat=True)) - {None}
        regions = set(services.values_list("region_id", flat=True))
        relevant = (
            new_needs.filter(Q(priority_areas__in=areas) | Q(region_id__in=regions))
            .distinct()
            .order_by("-published_at")[:20]
        )
        found = [
            f"- {need.title} {settings.SITE_URL}{need.get_absolute_url()}" for need in relevant
        ]
        if found:
            recipients[membership.user_id] = membership.user
            lines.setdefault(membership.user_id, []).extend(found)
    for saved in SavedSearch.objects.select_related("user"):
        hits = _new_hits(saved, since)
        if hits:
            recipients[saved.user_id] = saved.user
            lines.setdefault(saved.user_id, []).append(
                f"{saved.name}: {hits} {settings.SITE_URL}{saved.get_absolute_url()}"
            )
    sent = 0
    for user_id, user in recipients.items():
        sent += len(
            notify(
                recipients=[user],
                event=Event.WEEKLY_DIGEST,
                object_key="digest",
                period=iso_week(today),
                title=_("Your weekly digest"),
                body="\n".join(dict.fromkeys(lines[user_id])),
            )
        )
    return sent


def _new_hits(saved: SavedSearch, since: datetime) -> int:
    data = QueryDict(saved.query_string)
    form = SearchForm(data)
    if not form.is_valid():
        return 0
    results = search(form.to_query(data, page_size=100), saved.user)
    return sum(
        1
        for hit in results.hits
        if hit.fields.get("date") and hit.fields["date"] >= since.isoformat()
    )
