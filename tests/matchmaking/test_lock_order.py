"""The worker refreshing a need's proposals and a coordinator moving one of its matches, at
once, both finish: every writer locks the need's row first, so they queue instead of
deadlocking (PostgreSQL only: SQLite has one writer at a time anyway)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from matchmaking.brokering.actions import match_transition
from matchmaking.matching import proposals as matching
from matchmaking.models import Match, MatchOrigin, MatchStage, Proposal, ProposalStatus
from tests import factories
from tests.conftest import service_unavailable

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _model_dir(settings: Any, tmp_path: Any) -> Any:
    settings.MATCHING_MODEL_DIR = tmp_path / "models"
    matching.forget_cached_engine()
    yield
    matching.forget_cached_engine()


def _pause_after(
    matches: Callable[[str], bool], reached: threading.Event, other: threading.Event
) -> Callable[..., Any]:
    """An execute wrapper: after the first statement `matches` accepts, say so and give the
    other thread up to two seconds to reach its own first lock. Before the fix that is
    exactly the interleaving that deadlocked; after it, the other thread waits on the need's
    row and the pause simply runs out."""

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if not reached.is_set() and matches(sql):
            reached.set()
            other.wait(timeout=2)
        return result

    return wrapper


def _locks_proposals(sql: str) -> bool:
    text = sql.upper()
    return '"MATCHMAKING_PROPOSAL"' in text and (
        "FOR UPDATE" in text or text.startswith(("UPDATE", "DELETE", "INSERT"))
    )


def _locks_match(sql: str) -> bool:
    text = sql.upper()
    return 'FROM "MATCHMAKING_MATCH"' in text and "FOR UPDATE" in text


def _in_thread(target: Callable[[], Any], errors: list[BaseException], wrapper: Any) -> Any:
    def run() -> None:
        from django.db import connection as thread_connection

        try:
            with thread_connection.execute_wrapper(wrapper):
                target()
        except BaseException as exc:  # the test reports whatever a thread raised
            errors.append(exc)
        finally:
            thread_connection.close()

    return threading.Thread(target=run)


def _scene(coordinator: Any) -> tuple[Any, Match]:
    """A published need whose engine list no longer holds the service of a match that is
    still linked to its undecided proposal: the refresh deletes that proposal (and unlinks
    the match) while the coordinator shortlists the match (and labels the proposal)."""
    member = factories.MembershipFactory.create()
    need = factories.NeedFactory.create(
        organisation=member.organisation,
        title="Cold testing of welded joints",
        description="Fatigue testing of welded steel joints in freezing conditions.",
    )
    factories.ServiceFactory.create(
        title="Fatigue testing of welded joints", description="Welded joints tested in cold."
    )
    unrelated = factories.ServiceFactory.create(
        title="Dance lessons", description="Choreography for staff parties."
    )
    matching.engine_refit(rematch=False)
    proposal = Proposal.objects.create(
        need=need, service=unrelated, score=0.4, features={"text": 0.4}, model_version="old"
    )
    match = Match.objects.create(
        need=need, service=unrelated, proposal=proposal, origin=MatchOrigin.PROVIDER_INTEREST
    )
    return need, match


@pytest.mark.parametrize("attempt", range(3))
def test_refreshing_proposals_and_moving_a_match_at_once_both_succeed(
    coordinator: Any, attempt: int
) -> None:
    if connection.vendor != "postgresql":
        service_unavailable("row locks and deadlocks need PostgreSQL")
    need, match = _scene(coordinator)
    worker_locked, coordinator_locked = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    worker = _in_thread(
        lambda: matching.proposals_refresh_for_need(need_id=need.pk),
        errors,
        _pause_after(_locks_proposals, worker_locked, coordinator_locked),
    )
    broker = _in_thread(
        lambda: match_transition(match=match, by=coordinator, action="shortlist"),
        errors,
        _pause_after(_locks_match, coordinator_locked, worker_locked),
    )
    # Alternate who starts first: the lock order must hold whichever wins the race.
    first, second = (worker, broker) if attempt % 2 == 0 else (broker, worker)
    first.start()
    second.start()
    for thread in (first, second):
        thread.join(timeout=30)
    assert not errors, errors
    match.refresh_from_db()
    assert match.stage == MatchStage.SHORTLISTED
    # The shortlisting taught the engine, whichever order the two committed in.
    assert Proposal.objects.filter(
        need=need, service=match.service, status=ProposalStatus.ACCEPTED
    ).exists()
