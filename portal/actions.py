"""Writes that span several apps: an organisation's needs and services together."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from companies.actions import need_close
from companies.models import CloseReason, NeedStatus
from core import audit
from core.domain import require_perm
from search.actions import index_later
from services.actions import service_archive
from services.models import ServiceStatus


@transaction.atomic
def organisation_archive(*, organisation: Organisation, by: User) -> tuple[int, int]:
    """What replaces deleting an organisation with brokering history: its open needs are
    closed and its services archived, so nothing of it is offered any more while the
    matches and their history stay. Returns (needs closed, services archived)."""
    require_perm(by, "accounts.change_organisation", organisation)
    needs = list(organisation.needs.exclude(status=NeedStatus.CLOSED))
    for need in needs:
        need_close(
            need=need, by=by, reason=CloseReason.OTHER, note=_("The organisation was archived.")
        )
    services = list(organisation.services.exclude(status=ServiceStatus.ARCHIVED))
    for service in services:
        service_archive(service=service, by=by)
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.archived_at is None:
        locked.archived_at = timezone.now()
        locked.save(update_fields=["archived_at", "updated_at"])
        organisation.archived_at = locked.archived_at
    index_later("organisation", organisation.pk)
    audit.record(by, "archive", organisation)
    return len(needs), len(services)
