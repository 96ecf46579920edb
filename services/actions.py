"""Writes for R&D services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CONTENT_LANGUAGE_CODES, Membership, Organisation, User
from core import audit, jobs
from core.domain import (
    HistoryKept,
    clean_choice_list,
    clean_keywords,
    model_create,
    model_update,
    require_perm,
)
from core.history import has_history

from .models import RDService, ServiceStatus

SERVICE_FIELDS = (
    "title",
    "description",
    "languages",
    "service_type",
    "priority_areas",
    "keywords",
    "trl_min",
    "trl_max",
    "price_model",
    "indicative_price",
    "lead_time_weeks",
    "availability",
    "region",
    "remote",
    "contact_person",
    "equipment",
)

SERVICE_TRANSITIONS: dict[str, frozenset[str]] = {
    ServiceStatus.DRAFT: frozenset({ServiceStatus.PUBLISHED, ServiceStatus.ARCHIVED}),
    ServiceStatus.PUBLISHED: frozenset({ServiceStatus.DRAFT, ServiceStatus.ARCHIVED}),
    ServiceStatus.ARCHIVED: frozenset({ServiceStatus.DRAFT}),
}


def _prepare(data: dict[str, Any]) -> dict[str, Any]:
    data = {key: value for key, value in data.items() if key in SERVICE_FIELDS}
    if "keywords" in data:
        data["keywords"] = clean_keywords(data["keywords"])
    if "languages" in data:
        data["languages"] = clean_choice_list(
            "languages", data["languages"], CONTENT_LANGUAGE_CODES
        )
    return data


def _check(service: RDService) -> None:
    errors: dict[str, list[str]] = {}
    if service.trl_min_id and service.trl_max_id and service.trl_max_id < service.trl_min_id:
        errors["trl_max"] = [_("The highest TRL cannot be below the lowest.")]
    if not service.languages:
        errors["languages"] = [_("Name at least one language the service is offered in.")]
    if (
        service.contact_person_id
        and not Membership.objects.filter(
            user_id=service.contact_person_id, organisation_id=service.provider_id
        ).exists()
    ):
        errors["contact_person"] = [_("The contact person must be a member of the provider.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def service_create(*, by: User, provider: Organisation, **fields: Any) -> RDService:
    if not provider.is_provider:
        raise ValidationError(
            {
                "provider": [
                    _("Only universities, research institutes and laboratories list R&D services.")
                ]
            }
        )
    if not by.has_perm("services.change_rdservice", RDService(provider=provider)):
        raise ValidationError({"provider": [_("You are not a member of this organisation.")]})
    data = _prepare(fields)
    data.setdefault("region", provider.region)
    service = RDService(provider=provider, created_by=by, status=ServiceStatus.DRAFT)
    for key, value in data.items():
        if key != "priority_areas":
            setattr(service, key, value)
    _check(service)
    service = model_create(instance=service, data=data)
    audit.record(by, "create", service)
    return service


def _rematch(service_id: int) -> None:
    """The engine, the affected needs' proposals and the search index follow the service."""
    from search.actions import index_later

    index_later("service", service_id)
    jobs.picture_changed()  # supply figures of the situational picture
    if jobs.is_deferred():
        return
    jobs.dispatch_after_commit("matchmaking.tasks.match_service", service_id)


@transaction.atomic
def service_update(*, service: RDService, by: User, **fields: Any) -> RDService:
    """Save the fields that differ from the stored service, read under a row lock.

    Returns the stored service; a field another request changed meanwhile keeps its value.
    """
    require_perm(by, "services.change_rdservice", service)
    service = RDService.objects.select_for_update().get(pk=service.pk)
    before = audit.snapshot(service)
    service, changed = model_update(
        instance=service, data=_prepare(fields), fields=SERVICE_FIELDS, check=_check
    )
    if not changed:
        return service
    audit.record(by, "update", service, before)
    if service.status == ServiceStatus.PUBLISHED:
        _rematch(service.pk)
    return service


def _transition(service: RDService, by: User, target: str) -> RDService:
    require_perm(by, "services.change_rdservice", service)
    service = RDService.objects.select_for_update().get(pk=service.pk)
    if target not in SERVICE_TRANSITIONS[service.status]:
        raise ValidationError(
            {
                "status": [
                    _("A service that is %(current)s cannot become %(target)s.")
                    % {
                        "current": ServiceStatus(service.status).label,
                        "target": ServiceStatus(target).label,
                    }
                ]
            }
        )
    service.status = target
    fields = ["status", "updated_at"]
    if target == ServiceStatus.PUBLISHED:
        service.published_at = timezone.now()
        fields.append("published_at")
    service.save(update_fields=fields)
    audit.record(by, f"status:{target}", service)
    _rematch(service.pk)
    return service


@transaction.atomic
def service_publish(*, service: RDService, by: User) -> RDService:
    return _transition(service, by, ServiceStatus.PUBLISHED)


@transaction.atomic
def service_unpublish(*, service: RDService, by: User) -> RDService:
    return _transition(service, by, ServiceStatus.DRAFT)


@transaction.atomic
def service_archive(*, service: RDService, by: User) -> RDService:
    return _transition(service, by, ServiceStatus.ARCHIVED)


@transaction.atomic
def service_delete(*, service: RDService, by: User) -> None:
    require_perm(by, "services.delete_rdservice", service)
    service_id = service.pk
    # Locked, so no match can be started between the check and the delete.
    RDService.objects.select_for_update().filter(pk=service_id).first()
    if has_history("service", service_id):
        raise HistoryKept(
            _(
                "This service cannot be deleted because it has brokering history (matches or "
                "decided proposals). Archive it instead."
            )
        )
    audit.record(by, "delete", service)
    service.delete()
    _rematch(service_id)
