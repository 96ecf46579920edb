"""Query latency of the embedded search backend at 10k and 100k records.

    python bench/search_embedded.py [--sizes 10000 100000] [--queries 100]

Runs on a throwaway SQLite database under a temporary VAR_DIR, one size per process.
Per size: rows inserted, the first query (which builds the in-process index), then
latency p50/p95 over realistic queries; the baseline in the same run is the database's
own `icontains` on title and description, the directory's filter before search existed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def child(size: int, queries: int) -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Q

    call_command("migrate", verbosity=0)
    from accounts.models import Organisation
    from bench.scale import sentence_pool
    from search.backends.embedded import EmbeddedBackend
    from search.query import SearchQuery
    from services.models import RDService
    from taxonomy.models import Region, ServiceType

    rng = random.Random(size)
    pool = sentence_pool()
    region = Region.objects.get(code="19")
    provider = Organisation.objects.create(
        name="Bench lab", slug="bench-lab", kind="uas", region=region
    )
    types = list(ServiceType.objects.all())
    started = time.perf_counter()
    rows = []
    for _i in range(size):
        lang = rng.choice(["fi", "fi", "en", "sv"] if pool["sv"] else ["fi", "en"])
        sentences = rng.sample(pool[lang], k=min(4, len(pool[lang])))
        rows.append(
            RDService(
                provider=provider,
                title=sentences[0][:190],
                description=" ".join(sentences[1:]),
                languages=[lang],
                service_type=rng.choice(types),
                region=region,
                status="published",
            )
        )
    RDService.objects.bulk_create(rows, batch_size=2000)
    inserted = time.perf_counter() - started

    backend = EmbeddedBackend()
    started = time.perf_counter()
    backend.search(SearchQuery(text="kiertotalous", types=("service",)), None)
    first = time.perf_counter() - started
    embedded, database = [], []
    for i in range(queries):
        text = QUERIES[i % len(QUERIES)]
        t0 = time.perf_counter()
        backend.search(SearchQuery(text=text, types=("service",)), None)
        t1 = time.perf_counter()
        list(
            RDService.objects.filter(
                Q(title__icontains=text) | Q(description__icontains=text)
            ).order_by("-pk")[:20]
        )
        t2 = time.perf_counter()
        embedded.append((t1 - t0) * 1000)
        database.append((t2 - t1) * 1000)
    return {
        "records": size,
        "insert_s": round(inserted, 1),
        "first_query_s": round(first, 1),
        "p50_ms": round(percentile(embedded, 50), 1),
        "p95_ms": round(percentile(embedded, 95), 1),
        "icontains_p50_ms": round(percentile(database, 50), 1),
        "icontains_p95_ms": round(percentile(database, 95), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.queries)))
        return
    print(
        f"{'records':>9}{'insert s':>10}{'1st query s':>13}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'icontains p95':>15}{'ratio p95':>11}"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as var:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DJANGO_DEBUG": "1",
                "VAR_DIR": var,
                "LOG_LEVEL": "WARNING",
            }
            for key in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"):
                env.pop(key, None)
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(size), "--queries", str(args.queries)],
                capture_output=True,
                text=True,
                check=True,
                env=env,
                cwd=ROOT,
            )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{row['records']:>9}{row['insert_s']:>10}{row['first_query_s']:>13}"
            f"{row['p50_ms']:>9}{row['p95_ms']:>9}{row['icontains_p95_ms']:>15}"
            f"{row['p95_ms'] / max(row['icontains_p95_ms'], 0.1):>10.1f}x",
            flush=True,
        )


if __name__ == "__main__":
    main()
