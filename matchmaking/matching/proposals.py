"""Matching in the product: fitting, storing proposals, and keeping them fresh.

The engine (engine/) knows nothing of Django; this module turns rows into
engine items, keeps one fitted engine per process, and writes proposals without ever
overwriting a decision a person made.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet, Value
from django.utils import timezone
from django.utils.translation import get_language

from companies.models import DevelopmentNeed, NeedStatus
from companies.selectors import needs_lock
from core import jobs
from engine import Item, Match, MatchingEngine, persist, rerank
from engine.language import guess_language
from engine.model import prepare
from services.models import RDService, ServiceStatus
from taxonomy.models import NeedCategory, PriorityArea, Region, ServiceType

from ..models import (
    DECISION_LABELS,
    EngineUpdate,
    EngineVersion,
    Proposal,
    ProposalSource,
    ProposalStatus,
)
from .notify import notify_new_proposals, notify_new_proposals_in_bulk

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
    """Slugs and codes in stored reasons -> names in the active language.

    One UNION ALL of the four vocabularies instead of a query each (every page listing
    proposals asks). As when they were read one after the other, a later vocabulary wins a
    key two share, and among priority areas the last in their listing order; the name is
    `LocalizedName.name`'s: the viewer's language, else Finnish.
    """
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    columns = ("name_fi", "name_en", "name_sv")
    parts: list[QuerySet[Any]] = []
    vocabularies: tuple[tuple[Any, str], ...] = (
        (PriorityArea, "slug"),
        (ServiceType, "slug"),
        (NeedCategory, "slug"),
        (Region, "code"),
    )
    for part, (model, key) in enumerate(vocabularies):
        first: Any = F("region__name_fi") if model is PriorityArea else Value("")
        second: Any = F("name_fi") if model is PriorityArea else Value("")
        parts.append(
            model.objects.order_by()
            .annotate(part=Value(part), first=first, second=second)
            .values_list(key, *columns, "part", "first", "second")
        )
    rows = sorted(parts[0].union(*parts[1:], all=True), key=lambda row: row[4:])
    index = columns.index(f"name_{language}") + 1 if f"name_{language}" in columns else None
    return {row[0]: (row[index] if index else "") or row[1] for row in rows}


# --- the fitted engine ----------------------------------------------------------------
#
# A fit is saved once, as a file under MATCHING_MODEL_DIR named by its version. Services
# changed afterwards are appended to the fit's log (EngineUpdate) instead of re-saving the
# file; EngineVersion.metadata["revision"] is the log's last entry. Each process keeps one
# engine: it loads the file only when the active version changes, and replays only the log
# entries it has not seen when the revision moves on.


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
    *, rematch: bool = True, reason: str = "", notify: bool = True, distribute: bool = False
) -> tuple[EngineVersion, MatchingEngine]:
    """Fit on every published need and service, train the re-ranker, re-match everything.

    The re-match runs in chunks of needs by id range (`proposals_rematch_range`): here, one
    after another, or with `distribute` as Celery tasks on the matching queue that any
    number of workers share.
    """
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
    totals: dict[str, int] = {}
    if rematch:
        chunks = rematch_chunks()
        if distribute and not jobs.runs_in_process():
            for first, last in chunks:
                jobs.dispatch_after_commit(
                    "matchmaking.tasks.match_needs_chunk", version, first, last, notify
                )
            totals["chunks_queued"] = len(chunks)
        else:
            for first, last in chunks:
                counts = proposals_rematch_range(
                    version=version, first_id=first, last_id=last, notify=notify, engine=engine
                )
                for key, value in counts.items():
                    totals[key] = totals.get(key, 0) + value
    record.metadata = {
        **engine.metadata,
        "total_seconds": round(time.perf_counter() - started, 3),
        "rematch": totals,
    }
    record.save(update_fields=["metadata"])
    return record, engine


def engine_current() -> tuple[str, MatchingEngine]:
    """The active engine: loaded when its version changes, brought up to its revision by
    replaying the log, refitted when missing or written by other library versions."""
    active = EngineVersion.objects.filter(active=True).only("pk", "version", "metadata").first()
    if active is None:
        record, engine = engine_refit(rematch=False, reason="no fitted engine yet")
        return record.version, engine
    revision = int(active.metadata.get("revision", 0))
    with _cache_lock:
        if _cache.get("version") == active.version:
            engine = _cache["engine"]
            seen = int(_cache.get("revision", 0))
            if seen < revision:
                _replay(engine, active, after=seen, upto=revision)
                _cache["revision"] = revision
            return active.version, engine
    try:
        engine = persist.load(_model_path(active.version))
    except (persist.IncompatibleModel, FileNotFoundError, OSError) as exc:
        logger.warning("Refitting the matching engine: %s", exc)
        record, engine = engine_refit(rematch=False, reason=str(exc))
        return record.version, engine
    if revision:
        _replay(engine, active, after=0, upto=revision)
    with _cache_lock:
        _cache.update(version=active.version, revision=revision, engine=engine)
    return active.version, engine


def _replay(engine: MatchingEngine, active: EngineVersion, *, after: int, upto: int) -> None:
    changes = EngineUpdate.objects.filter(engine=active, seq__gt=after, seq__lte=upto).values_list(
        "service_id", "item"
    )
    persist.replay(engine, [(str(service_id), item) for service_id, item in changes])


# A word or two per language: analysing them loads Voikko and the bilingual dictionaries
# (seconds), which the first text of each language would otherwise wait for.
_WARM_TEXTS = {"fi": "Kulumiskestävyyden testaus", "en": "Wear testing", "sv": "Provning av stål"}


def engine_warm() -> str | None:
    """Load the active engine and the language resources now (process start) rather than
    on the first publish.

    Without a fitted engine, or without the tables yet (a fresh database before
    `migrate`), there is no model to load and the first use decides; an active version
    whose file is missing or was written by another scikit-learn is refitted here, as its
    first use would.
    """
    from django.db import DatabaseError

    started = time.perf_counter()
    prepare(
        [
            Item(id=f"warm-{code}", language=code, title=text, text=text)
            for code, text in _WARM_TEXTS.items()
        ]
    )
    try:
        if not EngineVersion.objects.filter(active=True).exists():
            return None
        version, _engine = engine_current()
    except DatabaseError as exc:
        logger.info("Matching engine not warmed: %s", exc)
        return None
    logger.info("Matching engine %s warmed in %.2fs", version, time.perf_counter() - started)
    return version


def engine_service_changed(*, service_id: int, item: Item | None) -> tuple[str, MatchingEngine]:
    """Put one changed service (None: gone) into the active engine: one row appended to the
    fit's log, the process's engine updated in place; the fitted file is not re-saved."""
    version, engine = engine_current()
    with transaction.atomic():
        active = EngineVersion.objects.select_for_update().filter(version=version).first()
        if active is None:  # a refit replaced it meanwhile; the new fit has the service
            return engine_current()
        revision = int(active.metadata.get("revision", 0))
        seen = int(_cache.get("revision", 0)) if _cache.get("version") == version else 0
        if seen < revision:
            with _cache_lock:
                _replay(engine, active, after=seen, upto=revision)
        revision += 1
        EngineUpdate.objects.create(
            engine=active,
            seq=revision,
            service_id=service_id,
            item=persist.item_to_dict(item) if item is not None else None,
        )
        active.metadata = {**active.metadata, "revision": revision}
        active.save(update_fields=["metadata"])
    with _cache_lock:
        if item is None:
            engine.remove_service(str(service_id))
        else:
            engine.upsert_service(item)
        engine.metadata["revision"] = revision
        _cache.update(version=version, revision=revision, engine=engine)
    return version, engine


def forget_cached_engine() -> None:
    with _cache_lock:
        _cache.clear()
    _need_vectors.clear()


# --- proposals ------------------------------------------------------------------------

# A stored proposal is rewritten only when what a person sees of it changes: its score by
# at least half a hundredth (shown with two decimals) or its reasons. A refit moves every
# TF-IDF weight a little; rewriting every row for that would write the whole table.
SCORE_TOLERANCE = 0.005


@dataclass
class Written:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    new: dict[int, list[Proposal]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
        }


def _values(match: Match, version: str) -> dict[str, Any]:
    return {
        "score": match.score,
        "features": match.features,
        "reasons": [reason.as_dict() for reason in match.reasons],
        "model_version": version,
    }


def _store_many(results: dict[int, list[Match]], version: str) -> Written:
    """Upsert the engine's proposals for many needs in bulk; decided pairs are left exactly
    as they are, unchanged ones are not written, undecided ones that left the list go.

    Locks the needs' rows first, in id order (the lock order of companies.selectors.needs_lock),
    so it never deadlocks with a coordinator moving a match of one of them.
    """
    written = Written()
    if not results:
        return written
    now = timezone.now()
    with transaction.atomic():
        locked = set(needs_lock(results))
        existing: dict[tuple[int, int], Proposal] = {
            (p.need_id, p.service_id): p
            for p in Proposal.objects.filter(need_id__in=locked).only(
                "pk", "need_id", "service_id", "status", "source", "score", "reasons"
            )
        }
        create: list[Proposal] = []
        update: list[Proposal] = []
        keep: set[tuple[int, int]] = set()
        for need_id, matches in results.items():
            if need_id not in locked:
                continue  # deleted meanwhile
            for match in matches:
                pair = (need_id, int(match.service_id))
                keep.add(pair)
                values = _values(match, version)
                proposal = existing.get(pair)
                if proposal is None:
                    created = Proposal(need_id=need_id, service_id=pair[1], **values)
                    create.append(created)
                    written.new.setdefault(need_id, []).append(created)
                elif proposal.status != ProposalStatus.PROPOSED:
                    continue  # a person decided: never overwritten
                elif (
                    abs(proposal.score - match.score) >= SCORE_TOLERANCE
                    or proposal.reasons != values["reasons"]
                ):
                    for name, value in values.items():
                        setattr(proposal, name, value)
                    proposal.updated_at = now
                    update.append(proposal)
                else:
                    written.unchanged += 1
        gone = [
            p.pk
            for pair, p in existing.items()
            if pair not in keep
            and p.status == ProposalStatus.PROPOSED
            and p.source == "engine"
            and pair[0] in results
        ]
        if create:
            Proposal.objects.bulk_create(create, ignore_conflicts=True, batch_size=1000)
        if update:
            Proposal.objects.bulk_update(
                update,
                ["score", "features", "reasons", "model_version", "updated_at"],
                batch_size=500,
            )
        if gone:
            Proposal.objects.filter(pk__in=gone).delete()
        written.created, written.updated, written.deleted = len(create), len(update), len(gone)
    return written


def _store(need_id: int, matches: list[Match], version: str, *, notify: bool = True) -> None:
    """One need's proposals (a publish, an edit): its coordinators hear of each new pair."""
    with transaction.atomic():
        written = _store_many({need_id: matches}, version)
        if notify and written.new.get(need_id):
            notify_new_proposals(need_id, written.new[need_id])


def proposals_refresh_for_need(*, need_id: int) -> int:
    """Compute a published need's proposals with the current engine (no refit)."""
    need = published_needs().filter(pk=need_id).first()
    if need is None:
        with transaction.atomic():
            needs_lock([need_id])
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


def rematch_chunks(size: int | None = None) -> list[tuple[int, int]]:
    """The published needs cut into id ranges of `size` needs: the units of a re-match."""
    size = size or settings.MATCHING_CHUNK_SIZE
    ids = list(
        DevelopmentNeed.objects.filter(status=NeedStatus.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]


def proposals_rematch_range(
    *,
    version: str,
    first_id: int,
    last_id: int,
    notify: bool = True,
    engine: MatchingEngine | None = None,
) -> dict[str, int]:
    """Re-rank the published needs with ids in [first_id, last_id] and store what changed.

    Idempotent (a chunk run twice writes nothing the second time), and skipped when `version`
    is no longer the active one: the newer fit re-matches every need itself. New pairs are
    told through `notify_new_proposals_in_bulk`, which turns dozens into one digest.
    """
    if engine is None:
        current, engine = engine_current()
        if current != version:
            return {"skipped": 1}
    today = timezone.localdate()
    needs = [
        need_item(need, today)
        for need in published_needs().filter(pk__gte=first_id, pk__lte=last_id)
    ]
    ranked = engine.rank_many(
        needs, top=settings.MATCHING_TOP_K, min_score=settings.MATCHING_MIN_SCORE
    )
    with transaction.atomic():
        written = _store_many(
            {int(need.id): matches for need, matches in zip(needs, ranked, strict=True)}, version
        )
        told = notify_new_proposals_in_bulk(written.new, batch=version) if notify else 0
    return {**written.counts(), "needs": len(needs), "notified": told}


# --- a changed service ----------------------------------------------------------------

# Per process and per engine version: each published need's engine item and text vector,
# kept while the need is unchanged (and for the day: the item counts days to the deadline),
# so a service edit compares the service with every need in one sparse product instead of
# reading and analysing every need again.
_need_vectors: dict[str, Any] = {}


def _needs_matrix(
    version: str, engine: MatchingEngine
) -> tuple[list[int], sp.csr_matrix, dict[int, Item]]:
    today = timezone.localdate()
    current = {
        pk: (updated, today)
        for pk, updated in DevelopmentNeed.objects.filter(status=NeedStatus.PUBLISHED).values_list(
            "pk", "updated_at"
        )
    }
    if _need_vectors.get("version") != version:
        _need_vectors.clear()
        _need_vectors.update(version=version, rows={})
    rows: dict[int, tuple[Any, sp.csr_matrix, Item]] = _need_vectors["rows"]
    gone = set(rows) - set(current)
    for pk in gone:
        del rows[pk]
    stale = [pk for pk, stamp in current.items() if pk not in rows or rows[pk][0] != stamp]
    if stale:
        items = [need_item(need, today) for need in published_needs().filter(pk__in=stale)]
        vectors = engine._vectors(prepare(items))
        for index, item in enumerate(items):
            pk = int(item.id)
            rows[pk] = (current[pk], vectors[index], item)
    if stale or gone or "matrix" not in _need_vectors:
        ids = sorted(rows)
        _need_vectors["ids"] = ids
        _need_vectors["items"] = {pk: rows[pk][2] for pk in ids}
        _need_vectors["matrix"] = (
            sp.vstack([rows[pk][1] for pk in ids], format="csr")
            if ids
            else sp.csr_matrix((0, len(engine._terms)), dtype=np.float32)
        )
    return _need_vectors["ids"], _need_vectors["matrix"], _need_vectors["items"]


def _kth_scores(need_ids: Iterable[int]) -> dict[int, tuple[int, float]]:
    """Per need: how many engine proposals it holds and the lowest score among its best K."""
    top = settings.MATCHING_TOP_K
    scores: dict[int, list[float]] = {}
    for need_id, score in Proposal.objects.filter(
        need_id__in=list(need_ids), source="engine"
    ).values_list("need_id", "score"):
        scores.setdefault(need_id, []).append(score)
    result = {}
    for need_id, values in scores.items():
        values.sort(reverse=True)
        result[need_id] = (len(values), values[min(top, len(values)) - 1])
    return result


def proposals_refresh_for_service(*, service_id: int) -> int:
    """Put a changed service into the engine and update the needs it affects.

    One pass for all needs: the service's text vector against every published need's (one
    sparse product), its pair score with those that share a concept, and a re-rank (in one
    batch) of only the needs whose list it enters, or held it and may now lose it.
    Returns the number of needs re-ranked.
    """
    service = published_services().filter(pk=service_id).first()
    item = service_item(service) if service is not None else None
    version, engine = engine_service_changed(service_id=service_id, item=item)
    holding = set(
        Proposal.objects.filter(
            service_id=service_id, status=ProposalStatus.PROPOSED, source="engine"
        ).values_list("need_id", flat=True)
    )
    affected = set(holding)
    if item is not None:
        ids, matrix, items = _needs_matrix(version, engine)
        row = engine._rows.get(str(service_id))
        if ids and row is not None:
            text = np.asarray((matrix @ engine.matrix[row].T).todense()).ravel()
            sharing = [int(i) for i in np.flatnonzero(text > 0)]
            kth = _kth_scores(ids[i] for i in sharing)
            unexplained = sp.csr_matrix((1, matrix.shape[1]), dtype=np.float32)
            for index in sharing:
                need_id = ids[index]
                pair = engine._match(
                    items[need_id], row, float(text[index]), unexplained, {}, explain=False
                )
                held, lowest = kth.get(need_id, (0, 0.0))
                if pair.score >= settings.MATCHING_MIN_SCORE and (
                    held < settings.MATCHING_TOP_K or pair.score > lowest
                ):
                    affected.add(need_id)
    if not affected:
        return 0
    needs = [need_item(need) for need in published_needs().filter(pk__in=affected)]
    # Exact lists for the needs it touches: each ranked against every service, in a batch.
    ranked = engine.rank_many(
        needs, top=settings.MATCHING_TOP_K, min_score=settings.MATCHING_MIN_SCORE
    )
    results = {int(need.id): matches for need, matches in zip(needs, ranked, strict=True)}
    # A need no longer published keeps no undecided engine proposal.
    results.update({need_id: [] for need_id in affected - set(results)})
    with transaction.atomic():
        written = _store_many(results, version)
        notify_new_proposals_in_bulk(written.new, batch=f"service:{service_id}:{version}")
    return len(affected)


@transaction.atomic
def proposal_decide(*, proposal: Proposal, by: Any, status: str, note: str = "") -> Proposal:
    """Record a person's decision; it becomes a labelled pair for the re-ranker."""
    from django.core.exceptions import ValidationError

    if status not in DECISION_LABELS:
        raise ValidationError({"status": ["Choose accepted, introduced, agreement or dismissed."]})
    needs_lock([proposal.need_id])  # the lock order: need, then its proposals
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    locked.status = status
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.decision_note = note[:2000]
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    return locked
