"""Search backends compared: PostgreSQL's, the embedded index and a plain `icontains` scan.

    DATABASE_URL=postgres://... python bench/search.py [--quick] [--sizes 10000 100000]
                                                       [--queries 150] [--saves 5] [--keep]

Each size runs in its own process on a throwaway database `<DATABASE_URL's name>_bench`
on the same PostgreSQL server (created and dropped here), so all three answer from the
same rows. Records are bulk-created from the demo sentences (services, and needs with
every visibility), their search documents written by `search.store.documents_rebuild`
(as `manage.py search_index rebuild` does). Per backend, as an anonymous visitor:
p50/p95 latency over realistic queries (warm), the first query after a save made through
the product's own function (`service_update`), and the hits for inflected Finnish
queries; ratios are against the `icontains` baseline of the same run. `--quick` runs
10k records only; each size is bounded by --timeout seconds. `--keep` leaves the last
size's database in place (for EXPLAIN ANALYZE on it); the next run drops it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUERIES = [
    "kiertotalous",
    "kiertotaloutta",
    "testaus",
    "laboratorio",
    "circular economy",
    "wastewater",
    "mittaus",
    "drone",
    "matkailu",
    "materiaalit",
    "jätevesi",
    "koulutus",
    "energy",
    "pilot",
    "muotoilu",
]
INFLECTED = ["kiertotalous", "kiertotaloutta", "kiertotalouden", "kiertotaloudessa"]
BACKENDS = ("postgresql", "embedded", "icontains")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _create_records(size: int) -> tuple[Any, Any]:
    """`size` records: 80 % services, 20 % needs (a tenth anonymous, a tenth for
    coordinators only), from a few dozen organisations. Returns (provider, member)."""
    from django.utils import timezone

    from accounts.models import Membership, MembershipRole, Organisation, User
    from bench.scale import sentence_pool
    from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility
    from services.models import RDService
    from taxonomy.models import NeedCategory, Region, ServiceType

    rng = random.Random(size)
    pool = sentence_pool()
    languages = [lang for lang in ("fi", "en", "sv") if pool[lang]]
    weights = [0.55 if lang == "fi" else 0.35 if lang == "en" else 0.10 for lang in languages]
    region = Region.objects.get(code="19")
    providers = [
        Organisation.objects.create(
            name=f"Bench lab {i}", slug=f"bench-lab-{i}", kind="uas", region=region
        )
        for i in range(20)
    ]
    companies = [
        Organisation.objects.create(
            name=f"Bench company {i} Oy", slug=f"bench-company-{i}", kind="company", region=region
        )
        for i in range(40)
    ]
    types = list(ServiceType.objects.all())
    categories = list(NeedCategory.objects.all())
    now = timezone.now()

    def text() -> tuple[str, str, str]:
        lang = rng.choices(languages, weights)[0]
        sentences = rng.sample(pool[lang], k=min(4, len(pool[lang])))
        return lang, sentences[0][:190], " ".join(sentences[1:])

    services, needs = [], []
    for i in range(size):
        lang, title, description = text()
        if i % 5:
            services.append(
                RDService(
                    provider=rng.choice(providers),
                    title=title,
                    description=description,
                    languages=[lang],
                    service_type=rng.choice(types),
                    region=region,
                    status="published",
                    published_at=now,
                    remote=bool(i % 2),
                )
            )
        else:
            needs.append(
                DevelopmentNeed(
                    organisation=rng.choice(companies),
                    title=title,
                    description=description,
                    language=lang,
                    category=rng.choice(categories),
                    region=region,
                    status=NeedStatus.PUBLISHED,
                    visibility=rng.choices(
                        [
                            NeedVisibility.PUBLIC,
                            NeedVisibility.ANONYMOUS,
                            NeedVisibility.COORDINATORS,
                        ],
                        [8, 1, 1],
                    )[0],
                    published_at=now,
                )
            )
    RDService.objects.bulk_create(services, batch_size=2000)
    DevelopmentNeed.objects.bulk_create(needs, batch_size=2000)
    member = User.objects.create_user(email="bench@example.org", password=None)
    Membership.objects.create(user=member, organisation=providers[0], role=MembershipRole.OWNER)
    return providers[0], member


def _icontains(text: str) -> tuple[int, list[Any]]:
    """The directory's filter before search existed: a case-insensitive substring scan."""
    from django.db.models import Q

    from companies.selectors import needs_visible_to
    from services.selectors import services_in_directory

    match = Q(title__icontains=text) | Q(description__icontains=text)
    services = services_in_directory(None).filter(match)
    needs = needs_visible_to(None).filter(match)
    page = list(services.order_by("-pk")[:20]) + list(needs.order_by("-pk")[:20])
    return services.count() + needs.count(), page[:20]


def child(size: int, queries: int, saves: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from core import jobs
    from search import store
    from search.backends.embedded import EmbeddedBackend, forget_indexes
    from search.backends.postgres import PostgresBackend
    from search.query import SearchQuery
    from services.actions import service_update
    from services.models import RDService

    report: dict[str, Any] = {"records": size}
    started = time.perf_counter()
    provider, member = _create_records(size)
    report["insert_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    store.documents_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    report["index_s"] = round(time.perf_counter() - started, 1)

    backends: dict[str, Any] = {"postgresql": PostgresBackend(), "embedded": EmbeddedBackend()}

    def run(name: str, text: str) -> int:
        if name == "icontains":
            return _icontains(text)[0]
        return backends[name].search(SearchQuery(text=text), None).total

    forget_indexes()
    started = time.perf_counter()
    run("embedded", "kiertotalous")
    report["embedded_build_s"] = round(time.perf_counter() - started, 1)

    latencies: dict[str, list[float]] = {name: [] for name in BACKENDS}
    for name in BACKENDS:  # one warm-up round each
        for text in QUERIES:
            run(name, text)
    for i in range(queries):
        text = QUERIES[i % len(QUERIES)]
        for name in BACKENDS:
            t0 = time.perf_counter()
            run(name, text)
            latencies[name].append((time.perf_counter() - t0) * 1000)
    for name in BACKENDS:
        report[f"{name}_p50_ms"] = round(percentile(latencies[name], 50), 2)
        report[f"{name}_p95_ms"] = round(percentile(latencies[name], 95), 2)

    # The first search after a save, through the product's own write function.
    after: dict[str, list[float]] = {"postgresql": [], "embedded": []}
    found: dict[str, int] = {"postgresql": 0, "embedded": 0}
    service = RDService.objects.filter(provider=provider).earliest("pk")
    for round_ in range(saves):
        for name in after:
            word = f"vetyteknologia{name}{round_}x"
            with jobs.deferred():  # re-matching is another bench's (bench/scale.py)
                service = service_update(service=service, by=member, title=f"{word} testaus")
            t0 = time.perf_counter()
            results = backends[name].search(SearchQuery(text=word), None)
            after[name].append((time.perf_counter() - t0) * 1000)
            found[name] += any(hit.id == service.pk for hit in results.hits)
    for name in after:
        report[f"{name}_after_save_ms"] = round(max(after[name]), 1)
        report[f"{name}_after_save_found"] = f"{found[name]}/{saves}"

    hits: dict[str, dict[str, int]] = {}
    for text in INFLECTED:
        hits[text] = {name: run(name, text) for name in BACKENDS}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_searchdocument WHERE present AND "
                "to_tsvector('finnish', title || ' ' || body) @@ plainto_tsquery('finnish', %s)",
                [text],
            )
            hits[text]["pg_finnish_stemmer"] = cursor.fetchone()[0]
    report["hits"] = hits
    return report


def _bench_url(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench"
    admin = urlunsplit(parts._replace(path="/postgres"))
    return urlunsplit(parts._replace(path=f"/{name}")), admin, name


def _database(admin_url: str, name: str, create: bool) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def _print(row: dict[str, Any]) -> None:
    base50, base95 = row["icontains_p50_ms"], row["icontains_p95_ms"]
    print(
        f"\n{row['records']} records: inserted in {row['insert_s']} s, search documents "
        f"written in {row['index_s']} s, embedded index built in {row['embedded_build_s']} s"
    )
    print(
        f"{'backend':<12}{'p50 ms':>9}{'p95 ms':>9}{'p50 vs icontains':>18}"
        f"{'p95 vs icontains':>18}{'1st after save ms':>19}{'found':>7}"
    )
    for name in BACKENDS:
        p50, p95 = row[f"{name}_p50_ms"], row[f"{name}_p95_ms"]
        print(
            f"{name:<12}{p50:>9}{p95:>9}{p50 / max(base50, 0.01):>17.2f}x"
            f"{p95 / max(base95, 0.01):>17.2f}x"
            f"{row.get(f'{name}_after_save_ms', '-')!s:>19}"
            f"{row.get(f'{name}_after_save_found', '-')!s:>7}"
        )
    pg, emb = row["postgresql_p50_ms"], row["embedded_p50_ms"]
    pg95, emb95 = row["postgresql_p95_ms"], row["embedded_p95_ms"]
    print(
        f"PostgreSQL vs embedded: {emb / max(pg, 0.01):.1f}x faster at p50, "
        f"{emb95 / max(pg95, 0.01):.1f}x at p95"
    )
    print(f"{'hits for':<18}" + "".join(f"{name:>12}" for name in BACKENDS) + f"{'pg finnish':>12}")
    for text, counts in row["hits"].items():
        print(
            f"{text:<18}"
            + "".join(f"{counts[name]:>12}" for name in BACKENDS)
            + f"{counts['pg_finnish_stemmer']:>12}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--quick", action="store_true", help="10k records only")
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per size")
    parser.add_argument("--json", action="store_true", help="print each size's raw figures")
    parser.add_argument("--keep", action="store_true", help="keep the last size's database")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.queries, args.saves)))
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server: the bench compares PostgreSQL's search.")
    bench_url, admin_url, name = _bench_url(url)
    sizes = [10000] if args.quick else args.sizes
    for size in sizes:
        _database(admin_url, name, create=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": bench_url,
            "LOG_LEVEL": "WARNING",
            "SEARCH_BACKEND": "postgresql",
        }
        for key in ("REDIS_URL", "ELASTICSEARCH_URL", "CELERY_BROKER_URL"):
            env.pop(key, None)
        try:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(size),
                    "--queries",
                    str(args.queries),
                    "--saves",
                    str(args.saves),
                ],
                capture_output=True,
                text=True,
                check=True,
                env=env,
                cwd=ROOT,
                timeout=args.timeout,
            )
        except subprocess.TimeoutExpired:
            print(f"\n{size} records: stopped after {args.timeout} s (--timeout)")
            continue
        except subprocess.CalledProcessError as exc:
            sys.exit(f"{size} records failed:\n{exc.stderr[-3000:]}")
        finally:
            if not (args.keep and size == sizes[-1]):
                _database(admin_url, name, create=False)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        if args.json:
            print(json.dumps(row))
        _print(row)


if __name__ == "__main__":
    main()
