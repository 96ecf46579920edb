"""A re-ranker learned from brokers' decisions, adopted only when it beats the default."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from .model import ALL_FEATURES, default_score, feature_vector

MIN_EXAMPLES = 40
MIN_PER_CLASS = 8
MIN_NEEDS = 12
TEXT_ANCHOR = 10.0
# A held-out quarter of a few dozen needs is noisy: a re-ranker must win clearly.
MIN_GAIN = 0.01
PRIOR = 0.02  # inverse strength of the L2 prior on the weights


@dataclass(frozen=True)
class Example:
    group: str  # the need: held-out decisions are whole needs, never halves of one
    features: dict[str, float]
    label: int  # 1 accepted, introduced or agreed; 0 dismissed or declined


class LearnedReranker:
    """A linear ranking of a need's services, learned from pairs within needs.

    `ranker` orders services; `calibration` maps its value to the chance that a
    coordinator accepts, so that scores stay in [0, 1] and comparable to a threshold.
    """

    def __init__(self, ranker: Pipeline, calibration: LogisticRegression | None = None) -> None:
        self.model = ranker
        self.calibration = calibration

    def value(self, features: dict[str, float]) -> float:
        scaled = self.model[0].transform(np.array([feature_vector(features)]))
        return float((scaled @ self.model[-1].coef_[0])[0])

    def score(self, features: dict[str, float]) -> float:
        return float(self.scores([features])[0])

    def scores(self, many: Sequence[dict[str, float]]) -> np.ndarray:
        """`score` for many pairs at once."""
        if not many:
            return np.zeros(0)
        scaled = self.model[0].transform(np.array([feature_vector(f) for f in many]))
        values = scaled @ self.model[-1].coef_[0]
        if self.calibration is None:
            return np.asarray(1 / (1 + np.exp(-values)))
        return np.asarray(self.calibration.predict_proba(values.reshape(-1, 1))[:, 1])

    def weights(self) -> dict[str, float]:
        return {
            name: round(float(weight), 4)
            for name, weight in zip(ALL_FEATURES, self.model[-1].coef_[0], strict=True)
        }


def _pairs(examples: Sequence[Example], scaled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Differences of an accepted and a dismissed service of the same need, both ways.

    Within a need only the order counts: pooled over needs, a point-wise model also learns
    which needs have high similarities overall, which says nothing about their services.
    """
    by_group: dict[str, tuple[list[int], list[int]]] = {}
    for index, example in enumerate(examples):
        by_group.setdefault(example.group, ([], []))[1 - example.label].append(index)
    rows = [
        scaled[good] - scaled[bad]
        for goods, bads in by_group.values()
        for good in goods
        for bad in bads
    ]
    if not rows:
        return np.zeros((0, scaled.shape[1])), np.zeros(0)
    differences = np.array(rows)
    return (
        np.vstack([differences, -differences]),
        np.concatenate([np.ones(len(rows)), np.zeros(len(rows))]),
    )


FOLDS = 4


def _fold(group: str) -> int:
    # A stable split by need, the same on every machine and run.
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % FOLDS


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


def _fit(examples: Sequence[Example]) -> LearnedReranker | None:
    points = np.array([feature_vector(e.features) for e in examples])
    scaler = StandardScaler().fit(points)
    # The text similarity is the anchor: stretched so that its weight costs the prior
    # almost nothing, while every other feature must earn its weight from decisions.
    scaler.scale_[ALL_FEATURES.index("text")] /= TEXT_ANCHOR
    x, y = _pairs(examples, scaler.transform(points))
    if len(set(y)) < 2:
        return None
    # No intercept (a difference has none) and a firm prior: a few dozen decisions must not
    # swing the weights far from what the text says.
    ranker = LogisticRegression(C=PRIOR, fit_intercept=False, max_iter=1000, random_state=0)
    ranker.fit(x, y)
    values = (scaler.transform(points) @ ranker.coef_[0]).reshape(-1, 1)
    calibration = LogisticRegression(class_weight="balanced", max_iter=1000, random_state=0)
    calibration.fit(values, np.array([e.label for e in examples]))
    return LearnedReranker(Pipeline([("scale", scaler), ("rank", ranker)]), calibration)


def train(examples: Sequence[Example]) -> tuple[LearnedReranker | None, dict[str, Any]]:
    """Compare on held-out needs, fold by fold; return a model fitted on all only if better.

    Each of FOLDS folds of needs is predicted by a model fitted on the others. The learned
    order must beat the default on the held-out needs' decisions by MIN_GAIN nDCG on
    average and in most folds: a re-ranker that wins by chance on one split of a few dozen
    needs would move every proposal.
    """
    report: dict[str, Any] = {"examples": len(examples), "adopted": False}
    positives = sum(example.label for example in examples)
    if len(examples) < MIN_EXAMPLES or min(positives, len(examples) - positives) < MIN_PER_CLASS:
        report["reason"] = (
            f"not enough decisions: {len(examples)} labelled pairs, "
            f"{positives} positive (needs {MIN_EXAMPLES} and "
            f"{MIN_PER_CLASS} of each kind)"
        )
        return None, report
    labels_of: dict[str, set[int]] = {}
    for example in examples:
        labels_of.setdefault(example.group, set()).add(example.label)
    mixed = [group for group, labels in labels_of.items() if len(labels) == 2]
    if len(mixed) < MIN_NEEDS:
        report["reason"] = (
            f"not enough needs with both an accepted and a dismissed service: {len(mixed)} "
            f"(needs {MIN_NEEDS}, so that every held-out fold has a few)"
        )
        return None, report
    held: list[Example] = []
    learned_scores: list[float] = []
    wins = folds = 0
    for fold in range(FOLDS):
        train_set = [e for e in examples if _fold(e.group) != fold]
        holdout = [e for e in examples if _fold(e.group) == fold]
        if len({e.label for e in holdout}) < 2:
            continue
        model = _fit(train_set)
        if model is None:
            continue
        scores = list(model.scores([e.features for e in holdout]))
        folds += 1
        gain = _mean_ndcg(holdout, scores) - _mean_ndcg(
            holdout, [default_score(e.features) for e in holdout]
        )
        wins += gain > 0
        held.extend(holdout)
        learned_scores.extend(scores)
    report.update(folds=folds, train=len(examples), holdout=len(held))
    final = _fit(examples)
    if final is None or folds < 2:
        report["reason"] = "no need has both an accepted and a dismissed service in enough folds"
        return None, report
    labels = [e.label for e in held]
    default_scores = [default_score(e.features) for e in held]
    report.update(
        default_average_precision=round(float(average_precision_score(labels, default_scores)), 4),
        learned_average_precision=round(float(average_precision_score(labels, learned_scores)), 4),
        default_ndcg=round(_mean_ndcg(held, default_scores), 4),
        learned_ndcg=round(_mean_ndcg(held, learned_scores), 4),
        folds_won=wins,
        weights=final.weights(),
    )
    # The re-ranker orders each need's services: judge it by how it orders held-out needs,
    # not by average precision pooled over needs, which a shift between needs can win.
    better = report["learned_ndcg"] >= report["default_ndcg"] + MIN_GAIN and wins * 4 >= folds * 3
    report["adopted"] = better
    report["reason"] = (
        "the learned re-ranker scores better on held-out decisions"
        if better
        else "the default weighting scores at least as well"
    )
    return (final if better else None), report
