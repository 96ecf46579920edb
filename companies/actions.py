"""Writes for development needs. Status changes follow NEED_TRANSITIONS and nothing else."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind, User
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

from .models import CloseReason, DevelopmentNeed, FundingInterest, NeedStatus

NEED_FIELDS = (
    "title",
    "description",
    "language",
    "category",
    "priority_areas",
    "keywords",
    "region",
    "trl_now",
    "trl_target",
    "budget",
    "wished_start",
    "deadline",
    "funding_interest",
    "open_to_international",
    "visibility",
)

NEED_TRANSITIONS: dict[str, frozenset[str]] = {
    # A draft or expired need with history cannot be deleted, so it can be closed.
    NeedStatus.DRAFT: frozenset({NeedStatus.PUBLISHED, NeedStatus.CLOSED}),
    NeedStatus.PUBLISHED: frozenset(
        {NeedStatus.DRAFT, NeedStatus.MATCHED, NeedStatus.CLOSED, NeedStatus.EXPIRED}
    ),
    NeedStatus.MATCHED: frozenset({NeedStatus.PUBLISHED, NeedStatus.CLOSED, NeedStatus.EXPIRED}),
    NeedStatus.CLOSED: frozenset(),
    NeedStatus.EXPIRED: frozenset({NeedStatus.PUBLISHED, NeedStatus.CLOSED}),
}


def _check_transition(need: DevelopmentNeed, target: str) -> None:
    if target not in NEED_TRANSITIONS[need.status]:
        raise ValidationError(
            {
                "status": [
                    _("A need that is %(current)s cannot become %(target)s.")
                    % {"current": NeedStatus(need.status).label, "target": NeedStatus(target).label}
                ]
            }
        )


def _prepare(data: dict[str, Any]) -> dict[str, Any]:
    data = {key: value for key, value in data.items() if key in NEED_FIELDS}
    if "keywords" in data:
        data["keywords"] = clean_keywords(data["keywords"])
    if "funding_interest" in data:
        data["funding_interest"] = clean_choice_list(
            "funding_interest", data["funding_interest"], FundingInterest.values
        )
    return data


def _check_dates_and_levels(need: DevelopmentNeed) -> None:
    errors: dict[str, list[str]] = {}
    if need.trl_now_id and need.trl_target_id and need.trl_target_id < need.trl_now_id:
        errors["trl_target"] = [_("The target TRL cannot be below the current TRL.")]
    if need.wished_start and need.deadline and need.deadline < need.wished_start:
        errors["deadline"] = [_("The deadline cannot be before the wished start.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def need_create(*, by: User, organisation: Organisation, **fields: Any) -> DevelopmentNeed:
    if organisation.kind != OrganisationKind.COMPANY:
        raise ValidationError({"organisation": [_("Only companies post development needs.")]})
    require_perm(by, "accounts.view_organisation", organisation)
    if not by.has_perm(
        "companies.change_developmentneed", DevelopmentNeed(organisation=organisation)
    ):
        raise ValidationError({"organisation": [_("You are not a member of this company.")]})
    data = _prepare(fields)
    data.setdefault("region", organisation.region)
    need = DevelopmentNeed(organisation=organisation, created_by=by, status=NeedStatus.DRAFT)
    for key, value in data.items():
        if key != "priority_areas":
            setattr(need, key, value)
    _check_dates_and_levels(need)
    need = model_create(instance=need, data=data)
    audit.record(by, "create", need)
    _reindex(need.pk)
    return need


@transaction.atomic
def need_update(*, need: DevelopmentNeed, by: User, **fields: Any) -> DevelopmentNeed:
    """Save the fields that differ from the stored need, read under a row lock.

    Returns the stored need; a field another request changed meanwhile keeps its value.
    """
    require_perm(by, "companies.change_developmentneed", need)
    need = DevelopmentNeed.objects.select_for_update().get(pk=need.pk)
    if need.status in (NeedStatus.CLOSED,):
        raise ValidationError(_("A closed need cannot be edited."))
    before = audit.snapshot(need)
    need, changed = model_update(
        instance=need, data=_prepare(fields), fields=NEED_FIELDS, check=_check_dates_and_levels
    )
    if not changed:
        return need
    audit.record(by, "update", need, before)
    _reindex(need.pk)
    if need.status == NeedStatus.PUBLISHED:
        _rematch(need)
    return need


def _reindex(need_id: int, *, deleted: bool = False) -> None:
    from search.actions import index_later

    index_later("need", need_id, "delete" if deleted else "upsert")
    # Every write that reindexes a need also changes the situational picture's figures.
    jobs.picture_changed()


def _rematch(need: DevelopmentNeed) -> None:
    """Proposals follow the need after commit; the nightly refit catches any lost task."""
    if jobs.is_deferred():
        return
    jobs.dispatch_after_commit("matchmaking.tasks.match_need", need.pk)


@transaction.atomic
def need_publish(*, need: DevelopmentNeed, by: User) -> DevelopmentNeed:
    require_perm(by, "companies.change_developmentneed", need)
    need = DevelopmentNeed.objects.select_for_update().get(pk=need.pk)
    _check_transition(need, NeedStatus.PUBLISHED)
    if need.deadline and need.deadline < timezone.localdate():
        raise ValidationError({"deadline": [_("Move the deadline to the future to publish.")]})
    need.status = NeedStatus.PUBLISHED
    need.published_at = timezone.now()
    need.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(by, "publish", need)
    _reindex(need.pk)
    _rematch(need)
    return need


@transaction.atomic
def need_mark_matched(*, need: DevelopmentNeed, by: User) -> bool:
    """A match of the need reached an agreement: a published need has found its provider.

    Called by brokering after its own permission check. A guarded change: only a published
    need becomes matched (a closed or expired one keeps its status; a second agreement
    changes nothing). The company can publish it again to look further, or close it.
    """
    changed = DevelopmentNeed.objects.filter(pk=need.pk, status=NeedStatus.PUBLISHED).update(
        status=NeedStatus.MATCHED, updated_at=timezone.now()
    )
    if changed:
        need.status = NeedStatus.MATCHED
        audit.record(by, "matched", need)
        _reindex(need.pk)
    return bool(changed)


@transaction.atomic
def need_unpublish(*, need: DevelopmentNeed, by: User) -> DevelopmentNeed:
    require_perm(by, "companies.change_developmentneed", need)
    need = DevelopmentNeed.objects.select_for_update().get(pk=need.pk)
    _check_transition(need, NeedStatus.DRAFT)
    need.status = NeedStatus.DRAFT
    need.save(update_fields=["status", "updated_at"])
    audit.record(by, "unpublish", need)
    _reindex(need.pk)
    return need


@transaction.atomic
def need_close(*, need: DevelopmentNeed, by: User, reason: str, note: str = "") -> DevelopmentNeed:
    require_perm(by, "companies.change_developmentneed", need)
    if reason not in CloseReason.values:
        raise ValidationError({"close_reason": [_("Choose why the need is closed.")]})
    need = DevelopmentNeed.objects.select_for_update().get(pk=need.pk)
    _check_transition(need, NeedStatus.CLOSED)
    need.status = NeedStatus.CLOSED
    need.close_reason = reason
    need.close_note = note[:2000]
    need.closed_at = timezone.now()
    need.save(update_fields=["status", "close_reason", "close_note", "closed_at", "updated_at"])
    audit.record(by, f"close:{reason}", need)
    _reindex(need.pk)
    return need


@transaction.atomic
def need_delete(*, need: DevelopmentNeed, by: User) -> None:
    require_perm(by, "companies.delete_developmentneed", need)
    need_id = need.pk
    # Locked, so no match can be started between the check and the delete.
    DevelopmentNeed.objects.select_for_update().filter(pk=need_id).first()
    if has_history("need", need_id):
        raise HistoryKept(
            _(
                "This need cannot be deleted because it has brokering history (matches or "
                "decided proposals). Close it instead."
            )
        )
    audit.record(by, "delete", need)
    need.delete()
    _reindex(need_id, deleted=True)


def needs_expire_overdue(*, today: Any = None) -> int:
    """Expire published or matched needs whose deadline has passed; returns how many."""
    today = today or timezone.localdate()
    with transaction.atomic():
        overdue = DevelopmentNeed.objects.filter(
            status__in=(NeedStatus.PUBLISHED, NeedStatus.MATCHED), deadline__lt=today
        )
        ids = list(overdue.values_list("pk", flat=True))
        DevelopmentNeed.objects.filter(pk__in=ids).update(
            status=NeedStatus.EXPIRED, updated_at=timezone.now()
        )
        for need_id in ids:
            _reindex(need_id)
    return len(ids)
