"""'Answered within 10 working days' counts Finnish working days, not 14 calendar days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from insights import selectors
from insights.actions import answer_calendar_extend
from insights.models import AnswerDeadline
from insights.working_days import is_working_day, working_days_after
from matchmaking.models import Match, MatchOrigin, MatchStage
from tests import factories


@pytest.mark.parametrize(
    ("published", "deadline"),
    [
        # An ordinary fortnight: two weekends, no holiday.
        (date(2026, 3, 10), date(2026, 3, 24)),
        # Friday before Christmas: 24-26 Dec, New Year's Day and Epiphany do not count.
        (date(2026, 12, 18), date(2027, 1, 7)),
        # Midsummer Eve (Fri 19 Jun 2026) is a day off.
        (date(2026, 6, 15), date(2026, 6, 30)),
        # Published on a Saturday: the count starts on Monday.
        (date(2026, 3, 14), date(2026, 3, 27)),
        # Easter 2026: Good Friday 3 Apr and Easter Monday 6 Apr.
        (date(2026, 3, 30), date(2026, 4, 15)),
    ],
)
def test_tenth_working_day_after_publication(published, deadline):
    assert working_days_after(published) == deadline


def test_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 12, 24))
    assert not is_working_day(date(2026, 6, 19))
    assert not is_working_day(date(2026, 12, 6))  # Independence Day, a Sunday anyway
    assert not is_working_day(date(2026, 3, 14))
    assert is_working_day(date(2026, 12, 23))


def test_calendar_rows_bound_the_local_day_and_are_added_once(db):
    assert answer_calendar_extend(start=date(2026, 12, 17), end=date(2026, 12, 20)) == 3
    assert answer_calendar_extend(start=date(2026, 12, 15), end=date(2026, 12, 20)) == 2
    row = AnswerDeadline.objects.get(day=date(2026, 12, 18))
    # Helsinki is UTC+2 in winter: the local day starts at 22:00 UTC the day before.
    assert row.starts_at == datetime(2026, 12, 17, 22, 0, tzinfo=UTC)
    assert row.ends_at == datetime(2026, 12, 18, 22, 0, tzinfo=UTC)
    assert row.answer_by == datetime(2027, 1, 7, 22, 0, tzinfo=UTC)


@pytest.fixture
def holiday_needs(db: Any) -> Any:
    region = factories.region("19")
    cluster = factories.ClusterFactory.create(region=region)
    provider = factories.ProviderFactory.create(region=region)
    service = factories.ServiceFactory.create(provider=provider)
    company = factories.OrganisationFactory.create(region=region)

    def need(published: datetime, first_match: datetime | None) -> Any:
        made = factories.NeedFactory.create(organisation=company, published_at=published)
        if first_match is not None:
            match = Match.objects.create(
                need=made, service=service, origin=MatchOrigin.ENGINE, stage=MatchStage.PROPOSED
            )
            Match.objects.filter(pk=match.pk).update(created_at=first_match)
        return made

    # 01:30 on 18 Dec in Helsinki: the 17th in UTC, but the local day is the 18th.
    christmas = datetime(2026, 12, 17, 23, 30, tzinfo=UTC)
    need(christmas, datetime(2027, 1, 7, 21, 59, tzinfo=UTC))  # 23:59 on the 10th day: in
    need(christmas, datetime(2027, 1, 7, 22, 0, tzinfo=UTC))  # 00:00 on the 11th: late
    need(christmas, None)
    # 15 Jun 09:00 local; Midsummer Eve is off, so 30 Jun still counts (14 days would not).
    midsummer = datetime(2026, 6, 15, 6, 0, tzinfo=UTC)
    need(midsummer, midsummer + timedelta(days=15))
    need(midsummer, midsummer + timedelta(days=16))
    return cluster


@pytest.mark.parametrize(
    ("start", "end", "received", "answered"),
    [(date(2026, 12, 1), date(2027, 1, 1), 3, 1), (date(2026, 6, 1), date(2026, 7, 1), 2, 1)],
)
def test_scorecard_counts_answers_by_working_days(holiday_needs, start, end, received, answered):
    card = selectors.cluster_scorecard(holiday_needs, start, end)
    assert (card["needs_received"], card["answered_within_10_working_days"]) == (
        received,
        answered,
    )
    together = {c["cluster_id"]: c for c in selectors.scorecards(start, end)}
    assert together[holiday_needs.pk] == card
