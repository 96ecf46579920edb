"""Ranking quality on ../shared/devset: the engine against baselines, in one run.

    python bench/quality.py [--devset ../shared/devset]

Metrics (devset README): nDCG@5 with gain 2^grade - 1, MRR of the first grade-2 service,
recall@10 of grade-2 services. Baselines: BM25, word TF-IDF cosine, character n-gram TF-IDF
cosine. The engine also runs without Voikko and without the dictionaries, to measure what
each optional Debian resource is worth.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import Item, MatchingEngine, language
from engine.offline import read_items

Ranker = Callable[[list[Item], list[Item]], list[list[str]]]


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    for line in path.read_text().splitlines():
        if line.strip():
            need, service, grade = line.split("\t")
            qrels.setdefault(need, {})[service] = int(grade)
    return qrels


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


def evaluate(
    rankings: list[list[str]], needs: list[Item], qrels: dict[str, dict[str, int]]
) -> dict[str, float]:
    judged = [(r, qrels.get(n.id, {})) for r, n in zip(rankings, needs, strict=True)]
    return {
        "nDCG@5": float(np.mean([ndcg_at(r, g) for r, g in judged])),
        "MRR": float(np.mean([reciprocal_rank(r, g) for r, g in judged])),
        "recall@10": float(
            np.mean([recall_at(r, g) for r, g in judged if any(v == 2 for v in g.values())])
        ),
    }


def _text(item: Item) -> str:
    return f"{item.title} {item.text}"


def _by_matrix(needs: list[Item], services: list[Item], scores: np.ndarray) -> list[list[str]]:
    ids = np.array([s.id for s in services])
    return [list(ids[np.argsort(-row, kind="stable")]) for row in scores]


def tfidf_ranker(**options: object) -> Ranker:
    def rank(needs: list[Item], services: list[Item]) -> list[list[str]]:
        vectorizer = TfidfVectorizer(**options)
        vectorizer.fit([_text(d) for d in [*needs, *services]])
        scores = (
            vectorizer.transform([_text(n) for n in needs])
            @ vectorizer.transform([_text(s) for s in services]).T
        ).toarray()
        return _by_matrix(needs, services, scores)

    return rank


def bm25_ranker(
    needs: list[Item], services: list[Item], k1: float = 1.2, b: float = 0.75
) -> list[list[str]]:
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
    return _by_matrix(needs, services, scores)


def engine_ranker(needs: list[Item], services: list[Item]) -> list[list[str]]:
    engine = MatchingEngine().fit(needs, services)
    return [[m.service_id for m in engine.rank(need, top=len(services))] for need in needs]


class _Without:
    """Run the engine as if a Debian resource were not installed."""

    def __init__(self, voikko: bool = True, dictionaries: bool = True) -> None:
        self.voikko, self.dictionaries = voikko, dictionaries

    def __enter__(self) -> None:
        self.saved = (language._voikko_instance, language.load_dictionary)
        if not self.voikko:
            missing = language._Voikko.__new__(language._Voikko)
            missing._voikko, missing.error = None, "disabled for the benchmark"
            language._voikko_instance = missing
        if not self.dictionaries:
            language.load_dictionary = lambda pair: {}  # type: ignore[assignment]
        self._clear()

    def __exit__(self, *exc: object) -> None:
        language._voikko_instance, language.load_dictionary = self.saved
        self._clear()

    @staticmethod
    def _clear() -> None:
        for cached in (
            language.finnish_lemmas,
            language._pivot_for,
            language.translations_to_english,
        ):
            cached.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset")
    args = parser.parse_args()
    needs = read_items(args.devset / "needs.jsonl")
    services = read_items(args.devset / "services.jsonl")
    qrels = read_qrels(args.devset / "qrels.tsv")

    results: dict[str, dict[str, float]] = {
        "BM25": evaluate(bm25_ranker(needs, services), needs, qrels),
        "word TF-IDF": evaluate(tfidf_ranker()(needs, services), needs, qrels),
        "char n-gram TF-IDF": evaluate(
            tfidf_ranker(analyzer="char_wb", ngram_range=(3, 5))(needs, services), needs, qrels
        ),
        "engine": evaluate(engine_ranker(needs, services), needs, qrels),
    }
    with _Without(voikko=False):
        results["engine, no Voikko"] = evaluate(engine_ranker(needs, services), needs, qrels)
    with _Without(dictionaries=False):
        results["engine, no dictionaries"] = evaluate(engine_ranker(needs, services), needs, qrels)
    with _Without(voikko=False, dictionaries=False):
        results["engine, neither"] = evaluate(engine_ranker(needs, services), needs, qrels)

    baselines = ("BM25", "word TF-IDF", "char n-gram TF-IDF")
    best = max(baselines, key=lambda name: results[name]["nDCG@5"])
    print(
        f"devset: {len(needs)} needs, {len(services)} services, "
        f"{sum(len(g) for g in qrels.values())} judged pairs"
    )
    print(f"{'ranker':<26}{'nDCG@5':>9}{'MRR':>9}{'recall@10':>11}{'nDCG@5 vs best':>17}")
    for name, metrics in results.items():
        delta = metrics["nDCG@5"] - results[best]["nDCG@5"]
        ratio = metrics["nDCG@5"] / results[best]["nDCG@5"]
        print(
            f"{name:<26}{metrics['nDCG@5']:>9.3f}{metrics['MRR']:>9.3f}"
            f"{metrics['recall@10']:>11.3f}{delta:>+10.3f} ({ratio:.2f}x)"
        )
    margin = results["engine"]["nDCG@5"] - results[best]["nDCG@5"]
    print(
        f"\nbest baseline: {best}; engine margin {margin:+.3f} nDCG@5 "
        f"(target +0.10: {'met' if margin >= 0.10 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
