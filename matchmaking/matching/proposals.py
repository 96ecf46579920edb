"""Matching in the product: fitting, storing proposals, and keeping them fresh.

The engine (engine/) knows nothing of Django; this module turns rows into
engine items, keeps one fitted engine per process, and writes proposals without ever
overwriting a decision a person made.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from companies.models import DevelopmentNeed, NeedStatus
from engine import Item, Match, MatchingEngine, persist, rerank
from engine.language import guess_language
from services.models import RDService, ServiceStatus
from taxonomy.models import NeedCategory, PriorityArea, Region, ServiceType

from ..models import DECISION_LABELS, EngineVersion, Proposal, ProposalSource, ProposalStatus
from .notify import notify_new_proposals

logger = logging.getLogger(__name__)

_cache_lock = threading.Lock()
_cache: dict[str, Any] = {}


# --- rows to engine items -------------------------------------------------------------


def published_needs() -> QuerySet[DevelopmentNeed]:
    return (
        DevelopmentNeed.objects.filter(status=NeedStatus.PUBLISHED)
        .select_related("category", "region")
        .prefetch_related("priority_areas")
        .order_by("pk")
    )


def published_services() -> QuerySet[RDService]:
    return (
        RDService.objects.filter(status=ServiceStatus.PUBLISHED)
        .select_related("service_type", "region")
        .prefetch_related("priority_areas")
        .order_by("pk")
    )


def need_item(need: DevelopmentNeed, today: date | None = None) -> Item:
    today = today or timezone.localdate()
    return Item(
        id=str(need.pk),
        language=need.language,
        title=need.title,
        text=need.description,
        keywords=tuple(need.keywords or ()),
        kind=need.category.slug,
        priority_areas=frozenset(area.slug for area in need.priority_areas.all()),
        region=need.region.code,
        trl_low=need.trl_now_id,
        trl_high=need.trl_target_id,
        days_to_deadline=(need.deadline - today).days if need.deadline else None,
    )


def service_item(service: RDService) -> Item:
    text = f"{service.title} {service.description}"
    offered = [code for code in service.languages if code in ("fi", "sv", "en")]
    return Item(
        id=str(service.pk),
        language=guess_language(text, offered[0] if offered else "fi"),
        title=service.title,
        text=f"{service.description} {service.equipment}",
        keywords=tuple(service.keywords or ()),
        kind=service.service_type.slug,
        priority_areas=frozenset(area.slug for area in service.priority_areas.all()),
        region=service.region.code,
        remote=service.remote,
        languages=frozenset(offered),
        trl_low=service.trl_min_id,
        trl_high=service.trl_max_id,
        lead_time_weeks=service.lead_time_weeks,
    )


def reason_labels() -> dict[str, str]:
    """Slugs and codes in stored reasons -> names in the active language."""
    labels: dict[str, str] = {}
    for model, key in (
        (PriorityArea, "slug"),
        (ServiceType, "slug"),
        (NeedCategory, "slug"),
        (Region, "code"),
    ):
        for term in model.objects.all():
            labels[getattr(term, key)] = term.name
    return labels


# --- the fitted engine ----------------------------------------------------------------


def _model_path(version: str) -> Path:
    return Path(settings.MATCHING_MODEL_DIR) / f"engine-{version}.joblib"


def _training_examples(engine: MatchingEngine | None = None) -> list[rerank.Example]:
    """Every decided pair, labelled; with an engine, its features as that engine sees them.

    A coordinator's own match was never scored by the engine: it must not be learned as a
    pair with no shared text (a lie that teaches the re-ranker that text does not count).
    With the engine being fitted, every decided pair is scored afresh, so that decisions
    made under older versions speak the current features; a coordinator's pair the engine
    cannot score (the service has left the catalogue) is left out.
    """
    decided = list(
        Proposal.objects.filter(status__in=list(DECISION_LABELS))
        .select_related("need__category", "need__region")
        .prefetch_related("need__priority_areas")
    )
    fresh: dict[tuple[int, int], dict[str, float]] = {}
    if engine is not None:
        today = timezone.localdate()
        by_need: dict[int, list[Proposal]] = {}
        for proposal in decided:
            by_need.setdefault(proposal.need_id, []).append(proposal)
        for rows in by_need.values():
            item = need_item(rows[0].need, today)
            for match in engine.score_pairs(item, [str(p.service_id) for p in rows]):
                fresh[(rows[0].need_id, int(match.service_id))] = match.features
    examples = []
    for proposal in decided:
        features = fresh.get((proposal.need_id, proposal.service_id))
        if features is None:
            if engine is not None and proposal.source == ProposalSource.COORDINATOR:
                continue
            features = dict(proposal.features)
        examples.append(
            rerank.Example(
                group=str(proposal.need_id),
                features=features,
                label=DECISION_LABELS[ProposalStatus(proposal.status)],
            )
        )
    return examples


def engine_refit(
    *, rematch: bool = True, reason: str = "", notify: bool = True
) -> tuple[EngineVersion, MatchingEngine]:
    """Fit on every published need and service, train the re-ranker, re-match everything."""
    started = time.perf_counter()
    today = timezone.localdate()
    needs = [need_item(need, today) for need in published_needs()]
    services = [service_item(service) for service in published_services()]
    engine = MatchingEngine().fit(needs, services)
    reranker, report = rerank.train(_training_examples(engine))
    engine.reranker = reranker
    version = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    engine.metadata.update(version=version, revision=0, reason=reason)
    persist.save(engine, _model_path(version))
    with transaction.atomic():
        EngineVersion.objects.filter(active=True).update(active=False)
        record = EngineVersion.objects.create(
            version=version, metadata=engine.metadata, reranker_report=report, active=True
        )
    with _cache_lock:
        _cache.update(version=version, revision=0, engine=engine)
    logger.info(
        "Engine %s fitted on %s needs and %s services in %.2fs (re-ranker: %s)",
        version,
        len(needs),
        len(services),
        time.perf_counter() - started,
        report.get("reason"),
    )
    if rematch:
        ranked = engine.rank_many(
            needs, top=settings.MATCHING_TOP_K, min_score=settings.MATCHING_MIN_SCORE
        )
        for need, matches in zip(needs, ranked, strict=True):
            _store(int(need.id), matches, version, notify=notify)
    record.metadata = {**engine.metadata, "total_seconds": round(time.perf_counter() - started, 3)}
    record.save(update_fields=["metadata"])
    return record, engine


def engine_current() -> tuple[str, MatchingEngine]:
    """The active engine, loaded lazily; refitted when missing or written by other versions."""
    active = EngineVersion.objects.filter(active=True).first()
    if active is None:
        record, engine = engine_refit(rematch=False, reason="no fitted engine yet")
        return record.version, engine
    revision = int(active.metadata.get("revision", 0))
    with _cache_lock:
        if _cache.get("version") == active.version and _cache.get("revision") == revision:
            return active.version, _cache["engine"]
    try:
        engine = persist.load(_model_path(active.version))
    except (persist.IncompatibleModel, FileNotFoundError, OSError) as exc:
        logger.warning("Refitting the matching engine: %s", exc)
        record, engine = engine_refit(rematch=False, reason=str(exc))
        return record.version, engine
    with _cache_lock:
        _cache.update(version=active.version, revision=revision, engine=engine)
    return active.version, engine


def forget_cached_engine() -> None:
    with _cache_lock:
        _cache.clear()


# --- proposals ------------------------------------------------------------------------


def _store(need_id: int, matches: list[Match], version: str, *, notify: bool = True) -> None:
    """Upsert the engine's proposals for one need; decided pairs are left exactly as they are."""
    with transaction.atomic():
        existing = {
            p.service_id: p for p in Proposal.objects.select_for_update().filter(need_id=need_id)
        }
        keep: set[int] = set()
        new: list[Proposal] = []
        for match in matches:
            service_id = int(match.service_id)
            keep.add(service_id)
            values = {
                "score": match.score,
                "features": match.features,
                "reasons": [reason.as_dict() for reason in match.reasons],
                "model_version": version,
            }
            proposal = existing.get(service_id)
            if proposal is None:
                new.append(Proposal(need_id=need_id, service_id=service_id, **values))
            elif proposal.status == ProposalStatus.PROPOSED:
                Proposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PROPOSED).update(
                    **values, updated_at=timezone.now()
                )
        Proposal.objects.bulk_create(new, ignore_conflicts=True)
        if new and notify:
            notify_new_proposals(need_id, new)
        # Undecided engine proposals that no longer make the list go; decisions stay.
        Proposal.objects.filter(
            need_id=need_id, status=ProposalStatus.PROPOSED, source="engine"
        ).exclude(service_id__in=keep).delete()


def proposals_refresh_for_need(*, need_id: int) -> int:
    """Compute a published need's proposals with the current engine (no refit)."""
    need = published_needs().filter(pk=need_id).first()
    if need is None:
        Proposal.objects.filter(
            need_id=need_id, status=ProposalStatus.PROPOSED, source="engine"
        ).delete()
        return 0
    version, engine = engine_current()
    matches = engine.rank(
        need_item(need), top=settings.MATCHING_TOP_K, min_score=settings.MATCHING_MIN_SCORE
    )
    _store(need.pk, matches, version)
    return len(matches)


def proposals_refresh_for_service(*, service_id: int) -> int:
    """Put a changed service into the engine and update the needs it affects."""
    service = published_services().filter(pk=service_id).first()
    with transaction.atomic():
        active = EngineVersion.objects.select_for_update().filter(active=True).first()
        version, engine = engine_current()
        if service is None:
            engine.remove_service(str(service_id))
        else:
            engine.upsert_service(service_item(service))
        if active is not None:
            revision = int(active.metadata.get("revision", 0)) + 1
            engine.metadata["revision"] = revision
            persist.save(engine, _model_path(version))
            active.metadata = {**active.metadata, "revision": revision}
            active.save(update_fields=["metadata"])
            with _cache_lock:
                _cache.update(version=version, revision=revision, engine=engine)
    if service is None:
        return Proposal.objects.filter(
            service_id=service_id, status=ProposalStatus.PROPOSED, source="engine"
        ).delete()[0]
    needs = list(published_needs())
    affected = {
        int(match.need_id)
        for match in engine.needs_for_service(
            str(service_id),
            [need_item(need) for need in needs],
            top=len(needs) or 1,
            min_score=settings.MATCHING_MIN_SCORE,
        )
    }
    stale = set(
        Proposal.objects.filter(service_id=service_id, status=ProposalStatus.PROPOSED).values_list(
            "need_id", flat=True
        )
    )
    for need in needs:
        if need.pk in affected or need.pk in stale:
            _store(
                need.pk,
                engine.rank(
                    need_item(need),
                    top=settings.MATCHING_TOP_K,
                    min_score=settings.MATCHING_MIN_SCORE,
                ),
                version,
            )
    return len(affected)


@transaction.atomic
def proposal_decide(*, proposal: Proposal, by: Any, status: str, note: str = "") -> Proposal:
    """Record a person's decision; it becomes a labelled pair for the re-ranker."""
    from django.core.exceptions import ValidationError

    if status not in DECISION_LABELS:
        raise ValidationError({"status": ["Choose accepted, introduced, agreement or dismissed."]})
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    locked.status = status
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.decision_note = note[:2000]
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    return locked
