"""A regional-size data set, bulk-created, for query plans that only show at scale."""

from __future__ import annotations

import random
from typing import Any

from django.db import connection

from accounts.models import Organisation, OrganisationKind
from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility
from matchmaking.models import Match, MatchOrigin, Proposal, ProposalStatus
from services.models import RDService, ServiceStatus
from taxonomy.models import NeedCategory, Region, ServiceType
from tests import factories


def build(*, needs: int = 3000, services: int = 200, per_need: int = 10) -> dict[str, Any]:
    """Needs spread over every region (a coordinator's region holds a fraction of them),
    `per_need` proposals each with random scores, some decided, some matched; ANALYZE."""
    rng = random.Random(16)
    regions = list(Region.objects.order_by("code"))
    category = NeedCategory.objects.get(slug="testing")
    service_type = ServiceType.objects.get(slug="testing-analysis")
    companies = Organisation.objects.bulk_create(
        [
            factories.OrganisationFactory.build(region=regions[i % len(regions)])
            for i in range(max(1, needs // 10))
        ]
    )
    providers = Organisation.objects.bulk_create(
        [
            factories.OrganisationFactory.build(
                kind=OrganisationKind.UAS, business_id="", region=regions[i % len(regions)]
            )
            for i in range(max(1, services // 10))
        ]
    )
    need_rows = DevelopmentNeed.objects.bulk_create(
        [
            factories.NeedFactory.build(
                organisation=company,
                region=company.region,
                category=category,
                status=NeedStatus.PUBLISHED if rng.random() < 0.9 else NeedStatus.CLOSED,
                visibility=rng.choice(list(NeedVisibility)),
            )
            for company in (companies[i % len(companies)] for i in range(needs))
        ],
        batch_size=1000,
    )
    service_rows = RDService.objects.bulk_create(
        [
            factories.ServiceFactory.build(
                provider=provider,
                region=provider.region,
                service_type=service_type,
                status=ServiceStatus.PUBLISHED,
            )
            for provider in (providers[i % len(providers)] for i in range(services))
        ],
        batch_size=1000,
    )
    proposals = []
    for need in need_rows:
        for service in rng.sample(service_rows, k=min(per_need, len(service_rows))):
            proposals.append(
                Proposal(
                    need=need,
                    service=service,
                    score=round(rng.random(), 4),
                    features={"text": 0.5, "area": 1.0, "type": 1.0, "trl": 0.5},
                    reasons=[{"code": "shared_terms", "terms": ["fatigue", "welded", "cold"]}],
                    model_version="bench",
                    status=ProposalStatus.PROPOSED
                    if rng.random() < 0.9
                    else ProposalStatus.DISMISSED,
                )
            )
    proposals = Proposal.objects.bulk_create(proposals, batch_size=2000)
    Match.objects.bulk_create(
        [
            Match(
                need_id=p.need_id,
                service_id=p.service_id,
                proposal=p,
                origin=MatchOrigin.ENGINE,
                stage=rng.choice(["proposed", "shortlisted", "introduced", "dismissed"]),
            )
            for p in rng.sample(proposals, k=min(len(proposals), needs // 10))
        ]
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"needs": need_rows, "services": service_rows}
