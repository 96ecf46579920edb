"""One small region with known figures: every number the tests assert is worked out here.

Companies: c1 micro, c2 small, c4 large in Lapland; c3 medium in Päijät-Häme.
Providers: p1 (UAS, Lapland), p2 (university, Päijät-Häme).
Needs (published 2026):            area       region  category  lang  status
  n1 c1 10 Jan  TRL 4              A          LAP     testing   fi    matched
  n2 c1 20 Jan                     A + T      LAP     research  en    published
  n3 c2  5 Feb                     T          LAP     testing   en    published
  n4 c3 15 Feb  anonymous          D          PH      research  fi    published
  n5 c4  1 Mar                     A          LAP     testing   fi    closed
  n6 c2 draft (never counted)
Services: s1 p1 A LAP testing-analysis [fi, en] on site; s2 p2 D PH contract-research [en]
remote; s3 p1 draft.
Clusters: K (Lapland region, threshold 0.4); P (Päijät-Häme, area D, threshold 0.3).
Proposals: n2-s1 0.5 (strong for K), n3-s1 0.1.
Matches: m1 n1-s1 engine, created +3 d, introduced +5 d, agreement (joint R&D) +40 d;
m2 n3-s1 provider interest, created +20 d, proposed; m3 n4-s2 coordinator, created +2 d,
introduced +10 d, no deal +30 d.
Ratings (Feb): m1 company 4, provider 2. Impact: m1 3 mo (investment 10 000 €, product
innovation), 6 mo (investment 25 000 €, marketing innovation), 12 mo unanswered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from accounts.models import OrganisationKind, SmeSize
from companies.models import NeedStatus, NeedVisibility
from insights.models import ImpactFollowUp, IntroductionRating
from matchmaking.models import (
    Match,
    MatchEvent,
    MatchEventKind,
    MatchOrigin,
    MatchStage,
    OutcomeType,
    Proposal,
)
from services.models import ServiceStatus
from taxonomy.models import NeedCategory, PriorityArea, ServiceType
from tests import factories

NOW = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def at(day: date, days: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC) + timedelta(days=days)


@dataclass
class Region:
    orgs: dict[str, Any]
    needs: dict[str, Any]
    services: dict[str, Any]
    matches: dict[str, Any]
    clusters: dict[str, Any]
    areas: dict[str, Any]


def _stage(match: Match, stage: str, when: datetime) -> None:
    event = MatchEvent.objects.create(match=match, kind=MatchEventKind.STAGE, to_stage=stage)
    MatchEvent.objects.filter(pk=event.pk).update(created_at=when)


@pytest.fixture
def picture(db: Any) -> Region:
    lapland, ph = factories.region("19"), factories.region("07")
    area_a = PriorityArea.objects.get(slug="circular-economy-arctic-industry")
    area_t = PriorityArea.objects.get(slug="sustainable-tourism")
    area_d = PriorityArea.objects.get(slug="design")
    testing, research = (NeedCategory.objects.get(slug=s) for s in ("testing", "research"))
    orgs = {
        "c1": factories.OrganisationFactory.create(region=lapland, sme_size=SmeSize.MICRO),
        "c2": factories.OrganisationFactory.create(region=lapland, sme_size=SmeSize.SMALL),
        "c3": factories.OrganisationFactory.create(region=ph, sme_size=SmeSize.MEDIUM),
        "c4": factories.OrganisationFactory.create(region=lapland, sme_size=SmeSize.LARGE),
        "p1": factories.ProviderFactory.create(region=lapland),
        "p2": factories.ProviderFactory.create(region=ph, kind=OrganisationKind.UNIVERSITY),
    }

    def need(org: str, day: date, areas: list[Any], category: Any, language: str, **kw: Any) -> Any:
        made = factories.NeedFactory.create(
            organisation=orgs[org],
            published_at=at(day),
            category=category,
            language=language,
            **kw,
        )
        made.priority_areas.set(areas)
        return made

    needs = {
        "n1": need(
            "c1",
            date(2026, 1, 10),
            [area_a],
            testing,
            "fi",
            status=NeedStatus.MATCHED,
            trl_now_id=4,
        ),
        "n2": need("c1", date(2026, 1, 20), [area_a, area_t], research, "en"),
        "n3": need("c2", date(2026, 2, 5), [area_t], testing, "en"),
        "n4": need(
            "c3", date(2026, 2, 15), [area_d], research, "fi", visibility=NeedVisibility.ANONYMOUS
        ),
        "n5": need("c4", date(2026, 3, 1), [area_a], testing, "fi", status=NeedStatus.CLOSED),
        "n6": need("c2", date(2026, 3, 2), [area_a], testing, "fi", status=NeedStatus.DRAFT),
    }
    testing_type = ServiceType.objects.get(slug="testing-analysis")
    contract = ServiceType.objects.get(slug="contract-research")
    services = {
        "s1": factories.ServiceFactory.create(
            provider=orgs["p1"],
            service_type=testing_type,
            languages=["fi", "en"],
            published_at=at(date(2026, 1, 5)),
        ),
        "s2": factories.ServiceFactory.create(
            provider=orgs["p2"],
            service_type=contract,
            languages=["en"],
            remote=True,
            published_at=at(date(2026, 2, 1)),
        ),
        "s3": factories.ServiceFactory.create(
            provider=orgs["p1"], service_type=testing_type, status=ServiceStatus.DRAFT
        ),
    }
    services["s1"].priority_areas.set([area_a])
    services["s2"].priority_areas.set([area_d])
    services["s3"].priority_areas.set([area_t])
    clusters = {
        "K": factories.ClusterFactory.create(region=lapland, proposal_threshold=0.4),
        "P": factories.ClusterFactory.create(region=ph, proposal_threshold=0.3),
    }
    clusters["P"].priority_areas.set([area_d])
    for n, s, score in (("n2", "s1", 0.5), ("n3", "s1", 0.1)):
        Proposal.objects.create(
            need=needs[n], service=services[s], score=score, model_version="test"
        )

    def match(n: str, s: str, origin: str, created_days: int, stage: str, **kw: Any) -> Match:
        made = Match.objects.create(
            need=needs[n], service=services[s], origin=origin, stage=stage, **kw
        )
        Match.objects.filter(pk=made.pk).update(
            created_at=needs[n].published_at + timedelta(days=created_days)
        )
        made.refresh_from_db()
        return made

    m1 = match(
        "n1",
        "s1",
        MatchOrigin.ENGINE,
        3,
        MatchStage.AGREEMENT,
        outcome_type=OutcomeType.JOINT_RD_PROJECT,
    )
    _stage(m1, MatchStage.INTRODUCED, needs["n1"].published_at + timedelta(days=5))
    _stage(m1, MatchStage.AGREEMENT, needs["n1"].published_at + timedelta(days=40))
    m2 = match("n3", "s1", MatchOrigin.PROVIDER_INTEREST, 20, MatchStage.PROPOSED)
    m3 = match("n4", "s2", MatchOrigin.COORDINATOR, 2, MatchStage.NO_DEAL)
    _stage(m3, MatchStage.INTRODUCED, needs["n4"].published_at + timedelta(days=10))
    _stage(m3, MatchStage.NO_DEAL, needs["n4"].published_at + timedelta(days=30))
    for party, score in (("company", 4), ("provider", 2)):
        IntroductionRating.objects.create(
            match=m1, party=party, score=score, rated_at=at(date(2026, 2, 1))
        )
    agreed = needs["n1"].published_at + timedelta(days=40)
    ImpactFollowUp.objects.create(
        match=m1,
        months=3,
        due_date=date(2026, 5, 19),
        answered_at=agreed + timedelta(days=90),
        private_investment_eur=10_000,
        product_process_innovation=True,
        project_started=True,
    )
    ImpactFollowUp.objects.create(
        match=m1,
        months=6,
        due_date=date(2026, 8, 19),
        answered_at=agreed + timedelta(days=180),
        private_investment_eur=25_000,
        marketing_org_innovation=True,
    )
    ImpactFollowUp.objects.create(match=m1, months=12, due_date=date(2027, 2, 19))
    return Region(
        orgs=orgs,
        needs=needs,
        services=services,
        matches={"m1": m1, "m2": m2, "m3": m3},
        clusters=clusters,
        areas={"A": area_a, "T": area_t, "D": area_d},
    )


@pytest.fixture(autouse=True)
def _in_english() -> Any:
    from django.utils import translation

    with translation.override("en"):
        yield
