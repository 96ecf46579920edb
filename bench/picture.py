"""The situational picture at scale: each view's figures warm and cold, against a naive
per-row Python computation of the same figures in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tki_picture python bench/picture.py [--quick]

Full size: 100,000 needs and 50,000 services (plus 5,000 companies, 500 providers, 100,000
proposals, 20,000 matches with their stage events, ratings and impact answers), written with
bulk_create into the database named by DATABASE_URL, which must be PostgreSQL and is
EMPTIED of organisations, needs, services and brokering rows first (use a scratch
database). `--quick` is a tenth of that.

Per view: cold = cache cleared, figures computed from the database; warm = the same call
again (the fingerprint query and a cache hit); naive = every row fetched and the same
figures counted in Python. The naive results must equal the database's (checked), so the
bench is also a correctness test at scale. Targets: warm under 300 ms, cold under 2 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = 20261128


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tki_picture")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("bench/picture.py measures PostgreSQL: set DATABASE_URL to one.")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def wipe() -> None:
    from django.db import connection

    tables = [
        "insights_impactfollowup",
        "insights_introductionrating",
        "matchmaking_followuptask",
        "matchmaking_matchevent",
        "matchmaking_match",
        "matchmaking_proposal",
        "companies_developmentneed_priority_areas",
        "companies_developmentneed",
        "services_rdservice_priority_areas",
        "services_rdservice",
        "taxonomy_cluster_priority_areas",
        "taxonomy_cluster_coordinators",
        "taxonomy_cluster",
        "accounts_membership",
        "accounts_organisation",
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def build(scale: float) -> dict[str, int]:
    from accounts.models import PROVIDER_KINDS, Organisation, OrganisationKind, SmeSize
    from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility
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
    from services.models import RDService, ServiceStatus
    from taxonomy.models import (
        Cluster,
        IndustryCode,
        Municipality,
        NeedCategory,
        PriorityArea,
        Region,
        ServiceType,
    )

    rng = random.Random(SEED)
    n_needs, n_services = int(100_000 * scale), int(50_000 * scale)
    n_companies, n_providers = int(5_000 * scale), max(20, int(500 * scale))
    regions = list(Region.objects.values_list("pk", flat=True))
    municipalities = defaultdict(list)
    for pk, region in Municipality.objects.values_list("pk", "region_id"):
        municipalities[region].append(pk)
    industries = list(
        IndustryCode.objects.filter(parent__isnull=False).values_list("pk", flat=True)
    )
    areas = list(PriorityArea.objects.values_list("pk", flat=True))
    categories = list(NeedCategory.objects.values_list("pk", flat=True))
    types = list(ServiceType.objects.values_list("pk", flat=True))
    sizes = [SmeSize.MICRO, SmeSize.SMALL, SmeSize.MEDIUM, SmeSize.LARGE, ""]
    provider_kinds = sorted(PROVIDER_KINDS)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 11, 1, tzinfo=UTC) - start).total_seconds()

    def region_choice() -> int:
        # Skewed: a few regions hold most of the activity, as in life.
        return regions[min(len(regions) - 1, int(rng.expovariate(0.35)))]

    orgs = []
    for i in range(n_companies + n_providers):
        region = region_choice()
        company = i < n_companies
        orgs.append(
            Organisation(
                name=f"Bench {i}",
                slug=f"bench-{i}",
                kind=OrganisationKind.COMPANY if company else rng.choice(provider_kinds),
                sme_size=rng.choice(sizes) if company else "",
                industry_id=rng.choice(industries) if company and industries else None,
                region_id=region,
                municipality_id=rng.choice(municipalities[region])
                if municipalities[region]
                else None,
            )
        )
    Organisation.objects.bulk_create(orgs, batch_size=5000)
    org_rows = list(Organisation.objects.order_by("pk").values_list("pk", "region_id", "kind"))
    companies = [row for row in org_rows if row[2] == OrganisationKind.COMPANY]
    providers = [row for row in org_rows if row[2] != OrganisationKind.COMPANY]

    def moment() -> datetime:
        return start + timedelta(seconds=rng.random() * span)

    statuses = [NeedStatus.PUBLISHED] * 6 + [
        NeedStatus.CLOSED,
        NeedStatus.EXPIRED,
        NeedStatus.MATCHED,
    ]
    needs = []
    for i in range(n_needs):
        org, region, _kind = rng.choice(companies)
        trl = rng.choice([None, 2, 3, 4, 5, 6, 7])
        needs.append(
            DevelopmentNeed(
                organisation_id=org,
                title=f"Bench need {i}",
                description=rng.choice(DESCRIPTIONS),
                language=rng.choice(["fi", "fi", "en", "sv"]),
                category_id=rng.choice(categories),
                region_id=region,
                trl_now_id=trl,
                visibility=rng.choice(
                    [NeedVisibility.PUBLIC] * 6
                    + [NeedVisibility.ANONYMOUS, NeedVisibility.COORDINATORS]
                ),
                status=rng.choice(statuses),
                published_at=moment(),
            )
        )
    DevelopmentNeed.objects.bulk_create(needs, batch_size=5000)
    need_ids = list(DevelopmentNeed.objects.order_by("pk").values_list("pk", flat=True))
    Through = DevelopmentNeed.priority_areas.through
    Through.objects.bulk_create(
        [
            Through(developmentneed_id=need, priorityarea_id=area)
            for need in need_ids
            for area in rng.sample(areas, rng.choice([1, 1, 2]))
        ],
        batch_size=10000,
    )
    services = []
    for i in range(n_services):
        org, region, _kind = rng.choice(providers)
        low = rng.choice([None, 1, 2, 3, 4])
        services.append(
            RDService(
                provider_id=org,
                title=f"Bench service {i}",
                description="Testing and development service.",
                languages=rng.choice([["fi"], ["fi", "en"], ["en"], ["fi", "sv", "en"]]),
                service_type_id=rng.choice(types),
                region_id=region,
                remote=rng.random() < 0.2,
                trl_min_id=low,
                trl_max_id=None if low is None else min(9, low + 3),
                status=ServiceStatus.PUBLISHED,
                published_at=moment(),
            )
        )
    RDService.objects.bulk_create(services, batch_size=5000)
    service_ids = list(RDService.objects.order_by("pk").values_list("pk", flat=True))
    SThrough = RDService.priority_areas.through
    SThrough.objects.bulk_create(
        [
            SThrough(rdservice_id=service, priorityarea_id=area)
            for service in service_ids
            for area in rng.sample(areas, rng.choice([1, 2]))
        ],
        batch_size=10000,
    )
    clusters = []
    for i in range(10):
        clusters.append(
            Cluster(
                name=f"Bench cluster {i}",
                slug=f"bench-cluster-{i}",
                region_id=regions[i % len(regions)],
                proposal_threshold=rng.choice([0.2, 0.3, 0.4, 0.5]),
            )
        )
    Cluster.objects.bulk_create(clusters)
    for cluster in Cluster.objects.all():
        cluster.priority_areas.set(rng.sample(areas, 2))
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < n_needs:
        pairs.add((rng.choice(need_ids), rng.choice(service_ids)))
    Proposal.objects.bulk_create(
        [
            Proposal(
                need_id=n, service_id=s, score=round(rng.random() * 0.8, 3), model_version="bench"
            )
            for n, s in pairs
        ],
        batch_size=10000,
    )
    published: dict[int, datetime] = {
        pk: at for pk, at in DevelopmentNeed.objects.values_list("pk", "published_at") if at
    }
    match_pairs = rng.sample(sorted(pairs), int(20_000 * scale))
    stages: list[str] = [
        MatchStage.PROPOSED,
        MatchStage.SHORTLISTED,
        MatchStage.INTRODUCED,
        MatchStage.IN_DISCUSSION,
        MatchStage.AGREEMENT,
        MatchStage.AGREEMENT,
        MatchStage.NO_DEAL,
        MatchStage.DISMISSED,
    ]
    matches = []
    for n, s in match_pairs:
        stage = rng.choice(stages)
        matches.append(
            Match(
                need_id=n,
                service_id=s,
                origin=rng.choice(list(MatchOrigin.values)),
                stage=stage,
                outcome_type=rng.choice(list(OutcomeType.values))
                if stage == MatchStage.AGREEMENT
                else "",
            )
        )
    Match.objects.bulk_create(matches, batch_size=5000)
    events: list[MatchEvent] = []
    created: dict[int, datetime] = {}
    for pk, need, stage in Match.objects.values_list("pk", "need_id", "stage"):
        began = published[need] + timedelta(days=rng.randint(0, 30))
        created[pk] = began
        if stage in (
            MatchStage.INTRODUCED,
            MatchStage.IN_DISCUSSION,
            MatchStage.AGREEMENT,
            MatchStage.NO_DEAL,
        ):
            events.append(
                MatchEvent(match_id=pk, kind=MatchEventKind.STAGE, to_stage=MatchStage.INTRODUCED)
            )
        if stage == MatchStage.AGREEMENT:
            events.append(
                MatchEvent(match_id=pk, kind=MatchEventKind.STAGE, to_stage=MatchStage.AGREEMENT)
            )
    MatchEvent.objects.bulk_create(events, batch_size=10000)
    # auto_now_add ignores given values on create: set the historical times in SQL.
    fix_times(created)
    agreed = list(Match.objects.filter(stage=MatchStage.AGREEMENT).values_list("pk", flat=True))
    IntroductionRating.objects.bulk_create(
        [
            IntroductionRating(
                match_id=pk,
                party=party,
                score=rng.randint(1, 5),
                rated_at=created[pk] + timedelta(days=20),
            )
            for pk in agreed
            for party in ("company", "provider")
        ],
        batch_size=10000,
    )
    ImpactFollowUp.objects.bulk_create(
        [
            ImpactFollowUp(
                match_id=pk,
                months=months,
                due_date=date(2026, 1, 1),
                answered_at=created[pk] + timedelta(days=30 * months),
                private_investment_eur=rng.choice([None, 5000, 20000, 100000]),
                product_process_innovation=rng.random() < 0.3,
                marketing_org_innovation=rng.random() < 0.2,
            )
            for pk in agreed
            for months in (3, 6)
        ],
        batch_size=10000,
    )
    return {
        "needs": len(need_ids),
        "services": len(service_ids),
        "organisations": len(org_rows),
        "proposals": len(pairs),
        "matches": len(matches),
        "events": len(events),
    }


def fix_times(created: dict[int, datetime]) -> None:
    """Give matches and their events historical timestamps (auto_now_add overrode them)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_times (id bigint, at timestamptz)")
        rows = list(created.items())
        for i in range(0, len(rows), 5000):
            chunk = rows[i : i + 5000]
            cursor.execute(
                # Only placeholders are joined; the values go as parameters.
                "INSERT INTO bench_times VALUES " + ",".join(["(%s, %s)"] * len(chunk)),  # noqa: S608
                [value for row in chunk for value in row],
            )
        cursor.execute(
            "UPDATE matchmaking_match m SET created_at = t.at, stage_changed_at = t.at "
            "FROM bench_times t WHERE m.id = t.id"
        )
        cursor.execute("TRUNCATE bench_times")
        # Events: introductions 1-40 days and agreements 41-120 days after the match began.
        cursor.execute(
            "UPDATE matchmaking_matchevent e SET created_at = m.created_at + "
            "((e.id * 7919) % 40 + 1) * interval '1 day' + "
            "CASE WHEN e.to_stage = 'agreement' THEN interval '41 days' ELSE interval '0' END "
            "FROM matchmaking_match m WHERE e.match_id = m.id"
        )
        cursor.execute("DROP TABLE bench_times")
        cursor.execute("ANALYZE")


DESCRIPTIONS = [
    "We need fatigue testing of welded joints in cold conditions.",
    "Kaipaamme apua tuotteen kestävyystestaukseen ja materiaalien analysointiin.",
    "Looking for a partner to pilot a circular economy process for plastic waste.",
    "Haemme kumppania matkailupalvelujen digitalisointiin ja asiakaskokemuksen kehittämiseen.",
    "Vi söker en partner för att utveckla en ny förpackningslösning av trä.",
    "Need help with life cycle assessment of our product and carbon footprint.",
    "Tarvitsemme tutkimusta biomassan jalostamisesta korkeamman arvon tuotteiksi.",
]


# --- The naive computations ------------------------------------------------------------


def naive_demand_by_region() -> dict[Any, tuple[int, int]]:
    from companies.models import DevelopmentNeed, NeedStatus

    counts: Counter[Any] = Counter()
    orgs: dict[Any, set[int]] = defaultdict(set)
    for need in DevelopmentNeed.objects.all():
        if need.status == NeedStatus.DRAFT or need.published_at is None:
            continue
        counts[need.region_id] += 1
        orgs[need.region_id].add(need.organisation_id)
    return {k: (v, len(orgs[k])) for k, v in counts.items()}


def naive_trend() -> dict[str, int]:
    from django.utils import timezone

    from companies.models import DevelopmentNeed, NeedStatus

    counts: Counter[str] = Counter()
    for need in DevelopmentNeed.objects.all():
        if need.status == NeedStatus.DRAFT or need.published_at is None:
            continue
        local = timezone.localtime(need.published_at)
        counts[f"{local.year}-{local.month:02d}"] += 1
    return dict(counts)


def naive_heat() -> dict[tuple[int, int], int]:
    from companies.models import DevelopmentNeed, NeedStatus

    counts: Counter[tuple[int, int]] = Counter()
    for need in DevelopmentNeed.objects.prefetch_related("priority_areas"):
        if need.status == NeedStatus.DRAFT or need.published_at is None:
            continue
        for area in need.priority_areas.all():
            counts[(area.pk, need.region_id)] += 1
    return dict(counts)


def naive_without_strong_proposal() -> int:
    from companies.models import DevelopmentNeed, NeedStatus
    from matchmaking.models import Proposal
    from taxonomy.models import DEFAULT_PROPOSAL_THRESHOLD, Cluster

    clusters = [
        (c.region_id, {a.pk for a in c.priority_areas.all()}, c.proposal_threshold)
        for c in Cluster.objects.prefetch_related("priority_areas")
    ]
    best: dict[int, float] = {}
    for proposal in Proposal.objects.all():
        best[proposal.need_id] = max(best.get(proposal.need_id, -1.0), proposal.score)
    count = 0
    for need in DevelopmentNeed.objects.prefetch_related("priority_areas"):
        if need.status != NeedStatus.PUBLISHED or need.published_at is None:
            continue
        need_areas = {a.pk for a in need.priority_areas.all()}
        reaching = [
            t for region, areas, t in clusters if region == need.region_id or areas & need_areas
        ]
        threshold = min(reaching) if reaching else DEFAULT_PROPOSAL_THRESHOLD
        if best.get(need.pk, -1.0) < threshold:
            count += 1
    return count


def naive_rco01() -> int:
    from matchmaking.models import MatchEvent, MatchStage

    companies = set()
    for event in MatchEvent.objects.select_related("match__need__organisation"):
        if (
            event.to_stage == MatchStage.INTRODUCED
            and event.match.need.organisation.kind == "company"
        ):
            companies.add(event.match.need.organisation_id)
    return len(companies)


def naive_scorecard(cluster: Any, start: date, end: date) -> tuple[int, int]:
    """Needs received and answered by the end of the 10th working day, per row."""
    from django.utils import timezone

    from companies.models import DevelopmentNeed, NeedStatus
    from insights.working_days import working_days_after
    from matchmaking.models import Match

    area_ids = set(cluster.priority_areas.values_list("pk", flat=True))
    first_match: dict[int, datetime] = {}
    for match in Match.objects.all():
        if match.need_id not in first_match or match.created_at < first_match[match.need_id]:
            first_match[match.need_id] = match.created_at
    lo = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    hi = timezone.make_aware(datetime.combine(end, datetime.min.time()))
    received = answered = 0
    for need in DevelopmentNeed.objects.prefetch_related("priority_areas"):
        if need.status == NeedStatus.DRAFT or need.published_at is None:
            continue
        if not (lo <= need.published_at < hi):
            continue
        if need.region_id != cluster.region_id and not area_ids & {
            a.pk for a in need.priority_areas.all()
        }:
            continue
        received += 1
        first = first_match.get(need.pk)
        if first is None:
            continue
        local_day = timezone.localtime(need.published_at).date()
        if timezone.localtime(first).date() <= working_days_after(local_day):
            answered += 1
    return received, answered


# --- Timing ----------------------------------------------------------------------------


def timed(function: Any) -> tuple[float, Any]:
    began = time.perf_counter()
    result = function()
    return (time.perf_counter() - began) * 1000, result


def run(scale: float, reuse: bool = False) -> None:
    from django.core.cache import cache

    from companies.models import DevelopmentNeed
    from insights import figures, indicators, open_data, selectors
    from insights.selectors import Filters
    from taxonomy.models import Cluster

    began = time.perf_counter()
    if reuse and DevelopmentNeed.objects.exists():
        print(f"reusing {DevelopmentNeed.objects.count()} needs already built", flush=True)
    else:
        wipe()
        sizes = build(scale)
        print(f"built {sizes} in {time.perf_counter() - began:.1f} s", flush=True)
    # The engine's dictionaries load once per process (seconds); a running server has them.
    from engine.language import analyse

    analyse("lämpö testaus", "fi"), analyse("test", "en"), analyse("provning", "sv")
    start, end = date(2025, 11, 1), date(2026, 11, 1)
    params = figures.Params(Filters(), by="region", granularity="month", start=start, end=end)
    cluster = Cluster.objects.order_by("pk")[0]

    def check_demand(result: Any) -> Any:
        by_region = {r["key"]: (r["count"], r["orgs"]) for r in selectors.demand_by("region")}
        assert by_region == result, "demand by region differs"

    def check_trend(result: Any) -> None:
        assert {r["period"]: r["count"] for r in selectors.trend("needs", "month")} == result

    def check_heat(result: Any) -> None:
        grouped = {
            (g["priority_area"], g["region"]): g["needs"] for g in selectors.supply_gap_cells()
        }
        assert grouped == result, "heat map differs"

    def check_gaps(result: Any) -> None:
        assert selectors.needs_without_strong_proposal().count() == result, "gap differs"

    def check_rco01(result: Any) -> None:
        assert indicators.records("RCO01").count() == result, "RCO01 differs"

    def check_scorecard(result: Any) -> None:
        card = selectors.cluster_scorecard(cluster, start, end)
        assert (card["needs_received"], card["answered_within_10_working_days"]) == result

    views: list[tuple[str, Any, Any, Any]] = [
        ("demand", lambda: figures.table("demand", params), naive_demand_by_region, check_demand),
        ("trend", lambda: figures.table("trend", params), naive_trend, check_trend),
        ("heat", lambda: figures.table("heat", params), naive_heat, check_heat),
        ("gaps", lambda: figures.table("gaps", params), naive_without_strong_proposal, check_gaps),
        ("cells", lambda: figures.table("cells", params), None, None),
        ("stacked", lambda: figures.table("stacked", params), None, None),
        ("supply", lambda: figures.table("supply", params), None, None),
        ("words", lambda: figures.table("words", params), None, None),
        (
            "scorecard",
            lambda: figures.table("scorecard", params),
            lambda: naive_scorecard(cluster, start, end),
            check_scorecard,
        ),
        ("indicators", lambda: figures.table("indicators", params), naive_rco01, check_rco01),
        (
            "open needs",
            lambda: figures.cached(
                "open-needs", "", lambda: open_data.cross_table("needs").as_public()
            ),
            None,
            None,
        ),
    ]
    print(
        f"{'view':<12}{'cold ms':>10}{'warm ms':>10}{'naive ms':>11}"
        f"{'naive/cold':>12}{'naive/warm':>12}"
    )
    for name, compute, naive, check in views:
        cache.clear()
        cold, _result = timed(compute)
        warm = statistics.median(timed(compute)[0] for _ in range(5))
        naive_ms, ratio_cold, ratio_warm = "", "", ""
        if naive is not None:
            naive_time, naive_result = timed(naive)
            check(naive_result)
            naive_ms = f"{naive_time:.0f}"
            ratio_cold = f"{naive_time / cold:.1f}x"
            ratio_warm = f"{naive_time / warm:.0f}x"
        flag = "" if cold < 2000 and warm < 300 else "  (over target)"
        print(
            f"{name:<12}{cold:>10.0f}{warm:>10.1f}{naive_ms:>11}{ratio_cold:>12}{ratio_warm:>12}{flag}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the full size")
    parser.add_argument(
        "--reuse", action="store_true", help="time the data a previous run built (no rebuild)"
    )
    args = parser.parse_args()
    setup()
    run(0.1 if args.quick else 1.0, reuse=args.reuse)


if __name__ == "__main__":
    main()
