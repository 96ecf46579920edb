"""A regional data set for the benchmarks, made through the product's own functions.

    from bench.regional import build; build(organisations=2060, needs=5084, services=3100)

Organisations, needs and services go through `organisation_create`, `need_create` +
`need_publish` and `service_create` + `service_publish` (with per-row background work
deferred, as `load_demo` does), proposals through one `engine_refit`, and matches through
`proposal_shortlist` and `match_transition`, spread over every stage. Users are bulk-created
(they have no product function of their own beyond sign-up). Texts are the demo data's and
the devset's sentences recombined at random (seeded), in Finnish, English and Swedish.

Django must be set up by the caller, on a scratch database (`scratch_database`).
"""

from __future__ import annotations

import random
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

SEED = 20261128
PASSWORD = "bench-password-2026"  # noqa: S105 - a throwaway database's users

STAGE_PATHS = {
    "shortlisted": [],
    "introduced": ["introduce"],
    "in_discussion": ["introduce", "answer", "discuss"],
    "agreement": ["introduce", "answer", "discuss", "agree"],
    "no_deal": ["introduce", "no_deal"],
    "dismissed": ["dismiss"],
}


def scratch_database(url: str) -> str:
    """Drop and create the database named in `url` (its name must end in `_bench`)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.endswith("_bench"):
        raise SystemExit(f"Refusing to wipe {name!r}: a bench database's name ends in _bench.")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url


def business_id(index: int) -> str:
    """A valid Finnish business ID (check digit included), unique per index."""
    from accounts.validators import business_id_check_digit

    number = 7100000 + index * 7
    while business_id_check_digit(f"{number:07d}") is None:
        number += 1
    return f"{number:07d}-{business_id_check_digit(f'{number:07d}')}"


def bench_url(base: str, suffix: str = "bench") -> str:
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "tki"
    return urlunsplit(parts._replace(path=f"/{name}_{suffix}"))


def build(
    *,
    organisations: int,
    needs: int,
    services: int,
    matches_per_stage: int,
    log: Any = print,
) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password

    from accounts.actions import organisation_create
    from accounts.models import User
    from companies.actions import need_create, need_publish
    from core.jobs import deferred
    from matchmaking.matching.proposals import engine_refit
    from services.actions import service_create, service_publish
    from taxonomy.models import (
        Cluster,
        Municipality,
        NeedCategory,
        PriorityArea,
        Region,
        ServiceType,
        TechnologyReadinessLevel,
    )

    from .scale import sentence_pool

    rng = random.Random(SEED)
    pool = sentence_pool()
    started = time.perf_counter()
    regions = list(Region.objects.order_by("code"))
    places = {r.pk: list(Municipality.objects.filter(region=r)[:5]) for r in regions}
    areas = list(PriorityArea.objects.all())
    categories = list(NeedCategory.objects.all())
    types = list(ServiceType.objects.all())
    trl = {level.level: level for level in TechnologyReadinessLevel.objects.all()}
    password = make_password(PASSWORD)
    n_providers = max(2, organisations * 3 // 20)
    n_companies = max(2, organisations - n_providers)
    users = User.objects.bulk_create(
        [
            User(email=f"user{i}@bench.example", full_name=f"Bench User {i}", password=password)
            for i in range(n_companies + n_providers + 2)
        ],
        batch_size=1000,
    )
    staff = users[-1]
    User.objects.filter(pk=staff.pk).update(is_staff=True, is_superuser=True)
    staff.refresh_from_db()
    coordinator = users[-2]

    def text(language: str) -> tuple[str, str]:
        sentences = rng.sample(pool[language], k=min(4, len(pool[language])))
        return sentences[0][:120].rstrip(" .") or "Bench", " ".join(sentences[1:])

    def language() -> str:
        return rng.choices(["fi", "en", "sv"], [0.6, 0.3, 0.1])[0]

    def place() -> dict[str, Any]:
        region = rng.choice(regions)
        municipality = rng.choice(places[region.pk]) if places[region.pk] else None
        return {"region": region, "municipality": municipality}

    companies, providers = [], []
    with deferred():
        for i in range(n_companies):
            companies.append(
                organisation_create(
                    by=users[i],
                    name=f"Bench Company {i} Oy",
                    kind="company",
                    business_id=business_id(i),
                    description="A fictional company.",
                    languages=["fi", "en"],
                    **place(),
                )
            )
        for i in range(n_providers):
            providers.append(
                organisation_create(
                    by=users[n_companies + i],
                    name=f"Bench Institute {i}",
                    kind=rng.choice(["university", "uas", "research_institute", "laboratory"]),
                    description="A fictional R&D provider.",
                    languages=["fi", "en"],
                    **place(),
                )
            )
        log(f"  {len(companies)} companies, {len(providers)} providers")
        for i in range(needs):
            company = companies[i % len(companies)]
            owner = users[i % len(companies)]
            lang = language()
            title, description = text(lang)
            low = rng.randint(1, 6)
            need = need_create(
                by=owner,
                organisation=company,
                title=title,
                description=description,
                language=lang,
                category=rng.choice(categories),
                priority_areas=rng.sample(areas, k=rng.randint(1, 2)),
                visibility=rng.choice(["public", "public", "anonymous", "coordinators"]),
                trl_now=trl[low],
                trl_target=trl[rng.randint(low, 9)],
            )
            need_publish(need=need, by=owner)
        log(f"  {needs} needs published")
        for i in range(services):
            provider = providers[i % len(providers)]
            owner = users[n_companies + i % len(providers)]
            lang = language()
            title, description = text(lang)
            low = rng.randint(1, 6)
            service = service_create(
                by=owner,
                provider=provider,
                title=title,
                description=description,
                languages=[lang, "en"] if lang != "en" else ["en"],
                service_type=rng.choice(types),
                priority_areas=rng.sample(areas, k=rng.randint(1, 2)),
                trl_min=trl[low],
                trl_max=trl[rng.randint(low, 9)],
                lead_time_weeks=rng.randint(1, 16),
                remote=rng.random() < 0.4,
            )
            service_publish(service=service, by=owner)
        log(f"  {services} services published")
    # One cluster per region; the bench coordinator coordinates two regions' (staff: all).
    for index, region in enumerate(regions):
        cluster, _ = Cluster.objects.get_or_create(
            slug=f"bench-{region.code}", defaults={"name": f"Bench {region}", "region": region}
        )
        if index < 2:
            cluster.coordinators.add(coordinator)
    record, _engine = engine_refit(reason="bench data", notify=False)
    log(f"  engine fitted and every need matched: {record.metadata.get('rematch')}")
    made = _matches(staff, matches_per_stage, rng)
    log(f"  {made} matches over every stage")
    return {
        "staff": staff,
        "coordinator": coordinator,
        "company_user": users[0],
        "provider_user": users[n_companies],
        "seconds": round(time.perf_counter() - started, 1),
    }


def _matches(staff: Any, per_stage: int, rng: random.Random) -> int:
    """Shortlist proposals and move the matches along, as coordinators do."""
    from accounts.models import Membership
    from matchmaking.brokering.actions import (
        match_answer,
        match_consent,
        match_transition,
        proposal_shortlist,
    )
    from matchmaking.models import Proposal

    candidates = list(
        Proposal.objects.filter(status="proposed", need__visibility="public")
        .select_related("need", "service")
        .order_by("?")[: per_stage * len(STAGE_PATHS)]
    )
    owners = dict(Membership.objects.values_list("organisation_id", "user_id"))
    from accounts.models import User

    people = {u.pk: u for u in User.objects.filter(pk__in=set(owners.values()))}
    made = 0
    for index, proposal in enumerate(candidates):
        stage = list(STAGE_PATHS)[index % len(STAGE_PATHS)]
        try:
            match = proposal_shortlist(proposal=proposal, by=staff)
            for step in STAGE_PATHS[stage]:
                if step == "answer":
                    match_answer(
                        match=match,
                        by=people[owners[proposal.need.organisation_id]],
                        answer="interested",
                    )
                    match = match_answer(
                        match=match,
                        by=people[owners[proposal.service.provider_id]],
                        answer="interested",
                    )
                elif step == "introduce" and proposal.need.visibility == "anonymous":
                    match_consent(match=match, by=people[owners[proposal.need.organisation_id]])
                    match = match_transition(match=match, by=staff, action="introduce")
                else:
                    match = match_transition(
                        match=match,
                        by=staff,
                        action=step,
                        reason="timing",
                        outcome_type="joint_rd_project",
                    )
            made += 1
        except Exception as exc:  # a pair another step already matched; keep going
            print(f"  (skipped a match: {exc})")
    return made
