"""Matching writes in proportion to what changed: a refit re-matches in bulk chunks and
writes only changed proposals, coordinators get a digest rather than dozens of messages, a
service edit appends to the model's log and re-ranks only the needs it affects, and each
process loads a model only when its version changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engine import persist
from matchmaking.matching import proposals as matching
from matchmaking.matching.notify import DIGEST_AFTER
from matchmaking.models import EngineUpdate, EngineVersion, Proposal
from notifications.models import Event, Notification, OutboundEmail
from services.actions import service_update
from tests import factories

pytestmark = pytest.mark.django_db

WELDING = "Fatigue testing of welded joints in freezing conditions, with a climate chamber."


@pytest.fixture(autouse=True)
def _model_dir(settings: Any, tmp_path: Any) -> Any:
    settings.MATCHING_MODEL_DIR = tmp_path / "models"
    settings.MATCHING_CHUNK_SIZE = 3
    matching.forget_cached_engine()
    yield
    matching.forget_cached_engine()


@pytest.fixture
def region_market(coordinator: Any) -> dict[str, Any]:
    """Eight needs on welded joints and four services that fit them, in the coordinator's
    region: every refit proposes dozens of pairs above the default threshold."""
    needs = [
        factories.NeedFactory.create(
            title=f"Welded frame {n}: fatigue in cold", description=WELDING
        )
        for n in range(8)
    ]
    services = [
        factories.ServiceFactory.create(
            title=f"Fatigue laboratory {n}", description=WELDING, languages=["en"]
        )
        for n in range(4)
    ]
    factories.ServiceFactory.create(title="Dance lessons", description="Choreography for staff.")
    return {"needs": needs, "services": services, "coordinator": coordinator}


def _counting(function: Any, calls: list[Any]) -> Any:
    def counted(*args: Any) -> Any:
        calls.append(args)
        return function(*args)

    return counted


def _proposal_writes(queries: list[dict[str, Any]]) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if '"matchmaking_proposal"' in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_a_refit_rematches_in_chunks_and_a_second_refit_writes_no_proposal(region_market):
    record, _engine = matching.engine_refit()
    assert record.metadata["rematch"]["needs"] == 8
    assert record.metadata["rematch"]["created"] == Proposal.objects.count() > 8
    with CaptureQueriesContext(connection) as queries:
        again, _engine = matching.engine_refit()
    # Nothing changed: every proposal is read once per chunk and none is written.
    assert again.metadata["rematch"]["unchanged"] == Proposal.objects.count()
    assert again.metadata["rematch"]["created"] == again.metadata["rematch"]["updated"] == 0
    assert _proposal_writes(queries.captured_queries) == []
    # Three chunks of at most three needs; a bounded number of queries for the whole refit.
    assert len(matching.rematch_chunks()) == 3
    assert len(queries.captured_queries) < 60


def test_a_refit_writes_a_changed_proposal_in_one_bulk_update(region_market):
    matching.engine_refit()
    proposal = Proposal.objects.filter(need=region_market["needs"][0]).earliest("pk")
    Proposal.objects.filter(pk=proposal.pk).update(score=0.01, reasons=[])
    with CaptureQueriesContext(connection) as queries:
        record, _engine = matching.engine_refit()
    assert record.metadata["rematch"]["updated"] == 1
    assert len(_proposal_writes(queries.captured_queries)) == 1
    proposal.refresh_from_db()
    assert proposal.score > 0.3 and proposal.reasons


def test_a_refit_tells_a_coordinator_of_dozens_of_new_proposals_in_one_digest(region_market):
    matching.engine_refit()
    coordinator = region_market["coordinator"]
    above = Proposal.objects.filter(score__gte=0.3).count()
    assert above > DIGEST_AFTER * 3  # the refit found dozens for this coordinator
    received = Notification.objects.filter(recipient=coordinator, event=Event.NEW_PROPOSAL)
    # One digest for the refit's version, not one notification (and e-mail) per proposal.
    assert received.count() == 1
    assert "proposals:" in received.get().key
    assert OutboundEmail.objects.filter(to=coordinator.email).count() == 1


def test_a_coordinator_with_few_new_proposals_hears_of_each(coordinator):
    need = factories.NeedFactory.create(description=WELDING)
    factories.ServiceFactory.create(title="Fatigue laboratory", description=WELDING)
    matching.engine_refit()
    pairs = Proposal.objects.filter(need=need, score__gte=0.3).count()
    assert 0 < pairs <= DIGEST_AFTER
    keys = Notification.objects.filter(recipient=coordinator).values_list("key", flat=True)
    assert len(keys) == pairs
    assert all(":proposal:" in key for key in keys)


def test_a_chunk_run_twice_writes_nothing_the_second_time(region_market):
    record, _engine = matching.engine_refit(rematch=False)
    first, last = matching.rematch_chunks()[0]
    created = matching.proposals_rematch_range(version=record.version, first_id=first, last_id=last)
    again = matching.proposals_rematch_range(version=record.version, first_id=first, last_id=last)
    assert created["created"] > 0
    assert again["created"] == again["updated"] == again["deleted"] == 0


def test_a_chunk_of_a_replaced_version_does_nothing(region_market):
    old, _engine = matching.engine_refit(rematch=False)
    matching.engine_refit(rematch=False)
    first, last = matching.rematch_chunks()[0]
    assert matching.proposals_rematch_range(version=old.version, first_id=first, last_id=last) == {
        "skipped": 1
    }
    assert not Proposal.objects.exists()


def test_a_service_edit_appends_to_the_model_and_reranks_with_one_model_load(
    region_market, monkeypatch, django_capture_on_commit_callbacks
):
    matching.engine_refit()
    need = region_market["needs"][0]
    dance = factories.ServiceFactory.create(title="Dance lessons 2", description="Choreography.")
    matching.engine_refit()
    assert not Proposal.objects.filter(service=dance).exists()
    matching.forget_cached_engine()  # as a fresh worker process

    loads: list[Any] = []
    saves: list[Any] = []
    monkeypatch.setattr(persist, "load", _counting(persist.load, loads))
    monkeypatch.setattr(persist, "save", lambda *args: saves.append(args))
    provider_user = factories.MembershipFactory.create(organisation=dance.provider).user
    with django_capture_on_commit_callbacks(execute=True):
        service_update(
            service=dance,
            by=provider_user,
            title="Fatigue laboratory for welded frames",
            description=WELDING,
        )
    assert len(loads) == 1  # loaded once, for the version; never saved again
    assert saves == []
    active = EngineVersion.objects.get(active=True)
    assert active.metadata["revision"] == 1
    assert EngineUpdate.objects.filter(engine=active, service_id=dance.pk).count() == 1
    assert Proposal.objects.filter(need=need, service=dance).exists()


def test_a_process_replays_only_the_log_entries_it_has_not_seen(region_market, monkeypatch):
    matching.engine_refit(rematch=False)
    version, engine = matching.engine_current()
    new = factories.ServiceFactory.create(title="Cold chamber", description=WELDING)
    # Another process appends the change; this one must catch up without loading the file.
    active = EngineVersion.objects.get(active=True)
    EngineUpdate.objects.create(
        engine=active,
        seq=1,
        service_id=new.pk,
        item=persist.item_to_dict(matching.service_item(new)),
    )
    active.metadata = {**active.metadata, "revision": 1}
    active.save(update_fields=["metadata"])

    def no_load(path: Any) -> Any:
        raise AssertionError("the model file was loaded again")

    monkeypatch.setattr(persist, "load", no_load)
    same_version, same_engine = matching.engine_current()
    assert (same_version, same_engine) == (version, engine)
    assert str(new.pk) in engine.service_ids


def test_a_fresh_process_loads_the_fit_and_replays_its_log(region_market):
    matching.engine_refit(rematch=False)
    new = factories.ServiceFactory.create(title="Cold chamber", description=WELDING)
    gone = region_market["services"][0]
    matching.engine_service_changed(service_id=new.pk, item=matching.service_item(new))
    matching.engine_service_changed(service_id=gone.pk, item=None)
    matching.forget_cached_engine()
    _version, engine = matching.engine_current()
    assert str(new.pk) in engine.service_ids
    assert str(gone.pk) not in engine.service_ids
    assert engine.rank(matching.need_item(region_market["needs"][0]))


def test_warming_loads_the_active_model_without_fitting_one(db, monkeypatch):
    assert matching.engine_warm() is None  # nothing fitted yet: nothing to warm, no fit
    assert not EngineVersion.objects.exists()
    factories.ServiceFactory.create()
    record, _engine = matching.engine_refit(rematch=False)
    matching.forget_cached_engine()
    loads: list[Any] = []
    monkeypatch.setattr(persist, "load", _counting(persist.load, loads))
    assert matching.engine_warm() == record.version
    matching.engine_current()  # the first publish after the start finds it loaded
    assert len(loads) == 1
