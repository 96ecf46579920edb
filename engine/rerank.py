"""A re-ranker learned from brokers' decisions, adopted only when it beats the default."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

from .model import ALL_FEATURES, default_score, feature_vector

MIN_EXAMPLES = 40
MIN_PER_CLASS = 8


@dataclass(frozen=True)
class Example:
    group: str  # the need: held-out decisions are whole needs, never halves of one
    features: dict[str, float]
    label: int  # 1 accepted, introduced or agreed; 0 dismissed or declined


class LearnedReranker:
    def __init__(self, model: LogisticRegression) -> None:
        self.model = model

    def score(self, features: dict[str, float]) -> float:
        return float(self.model.predict_proba(np.array([feature_vector(features)]))[0, 1])

    def weights(self) -> dict[str, float]:
        return {
            name: round(float(weight), 4)
            for name, weight in zip(ALL_FEATURES, self.model.coef_[0], strict=True)
        }


def _held_out(group: str) -> bool:
    # A stable split by need, the same on every machine and run.
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % 4 == 0


def _mean_ndcg(examples: Sequence[Example], scores: Sequence[float]) -> float:
    by_group: dict[str, list[tuple[float, int]]] = {}
    for example, score in zip(examples, scores, strict=True):
        by_group.setdefault(example.group, []).append((score, example.label))
    values = []
    for pairs in by_group.values():
        if not any(label for _s, label in pairs):
            continue
        ranked = sorted(pairs, key=lambda pair: -pair[0])
        dcg = sum(label / np.log2(i + 2) for i, (_s, label) in enumerate(ranked))
        ideal = sorted((label for _s, label in pairs), reverse=True)
        idcg = sum(label / np.log2(i + 2) for i, label in enumerate(ideal))
        values.append(dcg / idcg)
    return float(np.mean(values)) if values else 0.0


def train(examples: Sequence[Example]) -> tuple[LearnedReranker | None, dict[str, Any]]:
    """Fit on most needs' decisions, compare on the rest; return the model only if better."""
    report: dict[str, Any] = {"examples": len(examples), "adopted": False}
    positives = sum(example.label for example in examples)
    if len(examples) < MIN_EXAMPLES or min(positives, len(examples) - positives) < MIN_PER_CLASS:
        report["reason"] = (
            f"not enough decisions: {len(examples)} labelled pairs, "
            f"{positives} positive (needs {MIN_EXAMPLES} and "
            f"{MIN_PER_CLASS} of each kind)"
        )
        return None, report
    train_set = [e for e in examples if not _held_out(e.group)]
    holdout = [e for e in examples if _held_out(e.group)]
    report.update(train=len(train_set), holdout=len(holdout))
    if len({e.label for e in train_set}) < 2 or len({e.label for e in holdout}) < 2:
        report["reason"] = "training or held-out decisions are all of one kind"
        return None, report
    model = LogisticRegression(class_weight="balanced", max_iter=1000, random_state=0)
    model.fit(
        np.array([feature_vector(e.features) for e in train_set]),
        np.array([e.label for e in train_set]),
    )
    learned = LearnedReranker(model)
    labels = [e.label for e in holdout]
    default_scores = [default_score(e.features) for e in holdout]
    learned_scores = [learned.score(e.features) for e in holdout]
    report.update(
        default_average_precision=round(float(average_precision_score(labels, default_scores)), 4),
        learned_average_precision=round(float(average_precision_score(labels, learned_scores)), 4),
        default_ndcg=round(_mean_ndcg(holdout, default_scores), 4),
        learned_ndcg=round(_mean_ndcg(holdout, learned_scores), 4),
        weights=learned.weights(),
    )
    better = report["learned_average_precision"] > report["default_average_precision"]
    report["adopted"] = better
    report["reason"] = (
        "the learned re-ranker scores better on held-out decisions"
        if better
        else "the default weighting scores at least as well"
    )
    return (learned if better else None), report
