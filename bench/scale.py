"""Scale of the matching engine on a synthetic corpus, against a brute-force baseline.

    python bench/scale.py [--sizes 1000 10000 100000] [--needs 10000] [--queries 300]
    python bench/scale.py --service-edit [--sizes 100000]   # one service edit, engine level
    python bench/scale.py --product [--quick]   # refit writes, service edit, publish with
                                                # an e-mail backlog (PostgreSQL, Redis)
    python bench/scale.py --quick               # small sizes of the engine-level parts

The corpus is built from the demo data's and the devset's sentences, recombined at random
(seeded) into services and needs in Finnish, English and Swedish with random structured
facts. Each size runs in a fresh process so that its peak memory is its own. Everything
runs on one core (OMP/BLAS threads pinned to 1).

Per size: fit time; top-10 latency for one need (p50, p95) for the engine and for brute
force (score every service's structured facts and sort them all); full re-match
throughput (every need ranked in batches); peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20261123
AREAS = [
    "circular-economy-arctic-industry",
    "sustainable-tourism",
    "design",
    "higher-refining-natural-resources",
    "new-emerging-sectors",
    "circular-economy",
]
TYPES = [
    "testing-analysis",
    "contract-research",
    "expertise-consulting",
    "equipment-access",
    "piloting-test-environments",
    "training",
    "student-projects",
    "funding-eu-advisory",
]
CATEGORIES = [
    "testing",
    "product-development",
    "research",
    "piloting",
    "funding",
    "expertise",
    "training",
]
REGIONS = ["19", "07", "17", "06", "01"]


def sentence_pool() -> dict[str, list[str]]:
    """Sentences by language from the demo data and, when present, the devset."""
    from demo import records

    texts: list[tuple[str, str]] = []
    for company in records.companies():
        texts += [(need.language, f"{need.title}. {need.description}") for need in company.needs]
    for provider in records.providers():
        texts += [(s.language, f"{s.title}. {s.description}") for s in provider.services]
    devset = ROOT.parent / "shared" / "devset"
    for name in ("needs.jsonl", "services.jsonl"):
        path = devset / name
        if path.exists():
            for line in path.read_text().splitlines():
                record = json.loads(line)
                texts.append((record["lang"], f"{record['title']}. {record['text']}"))
    pool: dict[str, list[str]] = {"fi": [], "en": [], "sv": []}
    for language, text in texts:
        pool[language] += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 20]
    return pool


def synthetic(kind: str, count: int, rng: random.Random, pool: dict[str, list[str]]) -> list:
    from engine import Item

    items = []
    languages = [lang for lang in ("fi", "en", "sv") if pool[lang]]
    weights = [0.55 if lang == "fi" else 0.35 if lang == "en" else 0.10 for lang in languages]
    for i in range(count):
        language = rng.choices(languages, weights)[0]
        sentences = rng.sample(pool[language], k=min(4, len(pool[language])))
        title = sentences[0][:90]
        common: dict[str, Any] = dict(
            id=f"{kind}{i}",
            language=language,
            title=title,
            text=" ".join(sentences[1:]),
            priority_areas=frozenset(rng.sample(AREAS, k=rng.randint(0, 2))),
            region=rng.choice(REGIONS),
        )
        if kind == "s":
            low = rng.randint(1, 6)
            items.append(
                Item(
                    **common,
                    kind=rng.choice(TYPES),
                    remote=rng.random() < 0.4,
                    languages=frozenset({language, "en"}),
                    trl_low=low,
                    trl_high=rng.randint(low, 9),
                    lead_time_weeks=rng.randint(1, 16),
                )
            )
        else:
            now = rng.randint(1, 7)
            items.append(
                Item(
                    **common,
                    kind=rng.choice(CATEGORIES),
                    trl_low=now,
                    trl_high=rng.randint(now, 9),
                    days_to_deadline=rng.randint(14, 365),
                )
            )
    return items


def brute_force_top(engine, need, top: int = 10) -> list[str]:
    """The baseline: score every service that shares a word, sort them all."""
    from engine.features import structured
    from engine.model import default_score, prepare

    vector = engine._vectors(prepare([need]))
    # Cross-language cosines raised as the engine raises them before it ranks.
    text = engine._boosted(engine.similarities(vector), need.language)
    scored = []
    for row, value in enumerate(text):
        if value > 0:
            facts, _reasons = structured(need, engine.services[engine.service_ids[row]])
            # The same rounding as the engine's, so that ties are broken the same way.
            score = round(default_score({"text": round(float(value), 6), **facts}), 4)
            scored.append((score, engine.service_ids[row]))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [service_id for _score, service_id in scored[:top]]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def child(size: int, need_count: int, queries: int) -> dict:
    from engine import MatchingEngine

    rng = random.Random(SEED + size)
    pool = sentence_pool()
    services = synthetic("s", size, rng, pool)
    needs = synthetic("n", need_count, rng, pool)
    started = time.perf_counter()
    engine = MatchingEngine().fit(needs, services)
    fit = time.perf_counter() - started

    sample = needs[:queries]
    engine.rank(sample[0])  # warm caches and code paths once
    engine_times = []
    for need in sample:
        t0 = time.perf_counter()
        engine.rank(need, top=10)
        engine_times.append((time.perf_counter() - t0) * 1000)
    # Brute force is slow at scale: time it, and compare answers, on the first 50 needs.
    brute_times, agree = [], 0
    compared = sample[:50]
    for need in compared:
        t0 = time.perf_counter()
        slow = brute_force_top(engine, need, top=10)
        brute_times.append((time.perf_counter() - t0) * 1000)
        agree += int([m.service_id for m in engine.rank(need, top=10)] == slow)

    started = time.perf_counter()
    engine.rank_many(needs, top=10)
    rematch = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "services": size,
        "needs": need_count,
        "fit_s": round(fit, 2),
        "p50_ms": round(percentile(engine_times, 50), 2),
        "p95_ms": round(percentile(engine_times, 95), 2),
        "brute_p50_ms": round(percentile(brute_times, 50), 2),
        "brute_p95_ms": round(percentile(brute_times, 95), 2),
        "same_top10": f"{agree}/{len(compared)}",
        "rematch_s": round(rematch, 1),
        "needs_per_s": round(need_count / rematch, 1),
        "peak_mb": round(peak_mb),
    }


def service_edit_child(size: int, need_count: int) -> dict:
    """One service edit at `size` services: what a process does now (append the change,
    replay it elsewhere, compare the service with every need in one product) against what
    it did before (re-save the whole model, and every process load it again)."""
    import tempfile

    import numpy as np

    from engine import MatchingEngine, persist
    from engine.model import prepare

    rng = random.Random(SEED + size)
    pool = sentence_pool()
    services = synthetic("s", size, rng, pool)
    needs = synthetic("n", need_count, rng, pool)
    engine = MatchingEngine().fit(needs, services)
    changed = synthetic("s", 1, random.Random(SEED), pool)[0]
    changed = type(changed)(**{**changed.__dict__, "id": services[size // 2].id})
    path = Path(tempfile.mkdtemp(prefix="bench-edit-")) / "engine.joblib"
    t0 = time.perf_counter()
    persist.save(engine, path)
    resave = time.perf_counter() - t0
    t0 = time.perf_counter()
    persist.load(path)
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    engine.update_services(upserts=[changed])
    append = time.perf_counter() - t0
    t0 = time.perf_counter()
    persist.replay(engine, [(changed.id, persist.item_to_dict(changed))])
    replay = time.perf_counter() - t0
    need_matrix = engine._vectors(prepare(needs))  # kept per process between edits
    t0 = time.perf_counter()
    row = engine._rows[changed.id]
    text = np.asarray((need_matrix @ engine.matrix[row].T).todense()).ravel()
    sharing = int((text > 0).sum())
    product = time.perf_counter() - t0
    return {
        "services": size,
        "needs": need_count,
        "resave_s": round(resave, 2),
        "load_s": round(load, 2),
        "append_ms": round(append * 1000, 1),
        "replay_ms": round(replay * 1000, 1),
        "all_needs_product_ms": round(product * 1000, 1),
        "needs_sharing_a_concept": sharing,
        "model_mb": round(path.stat().st_size / 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--needs", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--edit-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--service-edit",
        action="store_true",
        help="Only the engine-level cost of one service edit at the largest of --sizes.",
    )
    parser.add_argument(
        "--product",
        action="store_true",
        help="Only the product on a scratch PostgreSQL database: refit writes, a service "
        "edit, publish-to-proposals with an e-mail backlog (bench/scale_product.py).",
    )
    parser.add_argument("--quick", action="store_true", help="Small sizes for a sanity run.")
    parser.add_argument("--database-url", default="", help="Server of the scratch database.")
    parser.add_argument("--redis-url", default="", help="Broker for the worker (REDIS_URL).")
    parser.add_argument("--backlog", type=int, default=300, help="E-mails queued first.")
    parser.add_argument("--mail-delay", type=float, default=0.02, help="Seconds per e-mail.")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.needs, args.queries)))
        return
    if args.edit_child:
        print(json.dumps(service_edit_child(args.edit_child, args.needs)))
        return
    if args.product:
        from bench import scale_product

        scale_product.run(args)
        return
    if args.quick:
        args.sizes, args.needs, args.queries = [1000, 10000], 2000, 100
    if args.service_edit or args.quick:
        size = max(args.sizes)
        output = subprocess.run(
            [sys.executable, __file__, "--edit-child", str(size), "--needs", str(args.needs)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        row = json.loads(output.stdout.strip().splitlines()[-1])
        print(
            f"service edit at {row['services']} services, {row['needs']} needs: before, "
            f"re-save {row['resave_s']} s + load {row['load_s']} s in every process; now, "
            f"append {row['append_ms']} ms, replay {row['replay_ms']} ms elsewhere, "
            f"{row['all_needs_product_ms']} ms to compare it with every need "
            f"({row['needs_sharing_a_concept']} share a concept); model {row['model_mb']} MB"
        )
        if args.service_edit:
            return
    header = (
        f"{'services':>9}{'fit s':>8}{'p50 ms':>8}{'p95 ms':>8}{'brute p95':>11}"
        f"{'speed-up':>10}{'same top10':>12}{'re-match s':>12}{'needs/s':>9}{'peak MB':>9}"
    )
    print(f"one core; {args.needs} needs; latency over {args.queries} needs")
    print(header)
    for size in args.sizes:
        output = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                str(size),
                "--needs",
                str(args.needs),
                "--queries",
                str(args.queries),
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        row = json.loads(output.stdout.strip().splitlines()[-1])
        print(
            f"{row['services']:>9}{row['fit_s']:>8}{row['p50_ms']:>8}{row['p95_ms']:>8}"
            f"{row['brute_p95_ms']:>11}{row['brute_p95_ms'] / row['p95_ms']:>9.1f}x"
            f"{row['same_top10']:>12}{row['rematch_s']:>12}{row['needs_per_s']:>9}"
            f"{row['peak_mb']:>9}",
            flush=True,
        )
    print("targets at 100k services: p95 <= 30 ms, re-match of 10k needs <= 120 s, peak <= 3 GB")


if __name__ == "__main__":
    main()
