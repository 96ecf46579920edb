"""The matching model: TF-IDF over cross-lingual concepts, plus structured fit.

Each text becomes a weighted bag of *concepts* (language.py): English stems where a
dictionary translates a word, the native lemma or stem where none does, compound parts
weighing less than whole words. Needs and services in
Finnish, Swedish and English thus share one vocabulary, and inflected Finnish forms meet
through their lemmas. Cosine similarity in that space, blended with structured facts,
gives one score in [0, 1].
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp
import sklearn

from . import language as lang
from .features import FEATURE_NAMES, structured
from .items import Item, Match, Reason

ENGINE_VERSION = "1.1"

# Default weighting, used until a re-ranker learned from decisions does better.
STRUCTURE_SHARE = 0.25  # of the final score, when structured facts are known
STRUCTURE_WEIGHTS = {
    "area": 1.0,
    "type": 1.5,
    "trl": 1.0,
    "place": 0.7,
    "language": 1.0,
    "timing": 0.8,
}
# What a re-ranker learned from decisions may weigh beyond the default score: the cosine
# again when the pair crosses languages (translation dilutes it, so decisions may ask to
# scale it up), and how much of the need's own vocabulary the service covers (the cosine
# also rewards what a service shares with the need's least important words).
TEXT_FEATURES = ("text", "cross_text", "coverage")
ALL_FEATURES = (*TEXT_FEATURES, *FEATURE_NAMES)


class Scorer(Protocol):
    def score(self, features: dict[str, float]) -> float: ...


@dataclass
class Prepared:
    # concept -> weight, per text
    concepts: list[dict[str, float]] = field(default_factory=list)
    # concept -> the word it came from, per text, for reasons people read
    sources: list[dict[str, str]] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


def prepare(items: Iterable[Item]) -> Prepared:
    prepared = Prepared()
    for item in items:
        analysis = lang.analyse(item.full_text, item.language)
        prepared.concepts.append(analysis.weights)
        prepared.sources.append(analysis.concept_source)
        prepared.languages.append(analysis.language)
    return prepared


class WeightedTfidf:
    """TF-IDF over weighted bags of concepts, as scikit-learn's with sublinear tf.

    A compound part or a third dictionary sense adds a fraction of a term, which a
    count-based vectorizer cannot express: weights of 1 and more are damped as
    1 + ln(w), smaller ones count as they are.
    """

    def __init__(self, max_df: float = 0.8) -> None:
        self.max_df = max_df
        self.vocabulary_: dict[str, int] = {}
        self.idf_: np.ndarray = np.zeros(0, dtype=np.float32)

    def fit(self, documents: Sequence[dict[str, float]]) -> WeightedTfidf:
        frequency: dict[str, int] = {}
        for document in documents:
            for term in document:
                frequency[term] = frequency.get(term, 0) + 1
        count = len(documents)
        limit = self.max_df * count
        kept = sorted(term for term, df in frequency.items() if df <= limit)
        if not kept:
            raise ValueError("max_df prunes every term")
        self.vocabulary_ = {term: column for column, term in enumerate(kept)}
        df = np.array([frequency[term] for term in kept], dtype=np.float64)
        self.idf_ = (np.log((1 + count) / (1 + df)) + 1).astype(np.float32)
        return self

    def transform(self, documents: Sequence[dict[str, float]]) -> sp.csr_matrix:
        rows, columns, values = [], [], []
        for row, document in enumerate(documents):
            for term, weight in document.items():
                column = self.vocabulary_.get(term)
                if column is None or weight <= 0:
                    continue
                rows.append(row)
                columns.append(column)
                values.append((1 + np.log(weight) if weight >= 1 else weight) * self.idf_[column])
        matrix = sp.csr_matrix(
            (np.array(values, dtype=np.float32), (rows, columns)),
            shape=(len(documents), len(self.vocabulary_)),
            dtype=np.float32,
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1 / norms) @ matrix, dtype=np.float32)

    def get_feature_names_out(self) -> np.ndarray:
        return np.array(sorted(self.vocabulary_, key=self.vocabulary_.__getitem__), dtype=object)


def _vectorizer(max_df: float = 0.8) -> WeightedTfidf:
    return WeightedTfidf(max_df=max_df)


def default_score(features: dict[str, float]) -> float:
    text = features.get("text", 0.0)
    known = {name: value for name, value in features.items() if name in STRUCTURE_WEIGHTS}
    if not known:
        return float(min(1.0, text))
    structure = sum(STRUCTURE_WEIGHTS[n] * v for n, v in known.items()) / sum(
        STRUCTURE_WEIGHTS[n] for n in known
    )
    # Structure refines a textual match; it cannot make an unrelated service relevant.
    return float(
        min(1.0, (1 - STRUCTURE_SHARE) * text + STRUCTURE_SHARE * structure * min(1.0, text * 4))
    )


def upper_bound(text: np.ndarray) -> np.ndarray:
    """The best default score each text similarity can reach, with perfect structure."""
    with_structure = (1 - STRUCTURE_SHARE) * text + STRUCTURE_SHARE * np.minimum(1.0, text * 4)
    return np.minimum(1.0, np.maximum(text, with_structure))


def feature_vector(features: dict[str, float]) -> list[float]:
    """Fixed-order features for a learned re-ranker; unknown structured facts are neutral."""
    return [features.get(name, 0.5 if name in STRUCTURE_WEIGHTS else 0.0) for name in ALL_FEATURES]


class MatchingEngine:
    """Fitted on all published needs and services; ranks services for a need and back."""

    def __init__(self) -> None:
        self.vectorizer: WeightedTfidf | None = None
        self.service_ids: list[str] = []
        self.services: dict[str, Item] = {}
        self.matrix: sp.csr_matrix = sp.csr_matrix((0, 0), dtype=np.float32)
        self.sources: dict[str, dict[str, str]] = {}
        self.reranker: Scorer | None = None
        self.metadata: dict[str, Any] = {}
        self._rows: dict[str, int] = {}
        self._terms: np.ndarray = np.array([])
        self._service_languages: np.ndarray | None = None

    # --- fitting ----------------------------------------------------------------------

    def fit(self, needs: Sequence[Item], services: Sequence[Item]) -> MatchingEngine:
        started = time.perf_counter()
        prepared = prepare([*needs, *services])
        # Dropping terms found in most texts only makes sense in a corpus of some size.
        vectorizer = _vectorizer(max_df=0.8 if len(prepared.concepts) >= 50 else 1.0)
        documents = [terms or {"__empty__": 1.0} for terms in prepared.concepts]
        try:
            vectorizer.fit(documents)
        except ValueError:  # a tiny corpus where max_df prunes every term
            vectorizer = _vectorizer(max_df=1.0).fit(documents)
        self.vectorizer = vectorizer
        self._terms = vectorizer.get_feature_names_out()
        offset = len(needs)
        self._index(
            list(services),
            Prepared(
                prepared.concepts[offset:], prepared.sources[offset:], prepared.languages[offset:]
            ),
        )
        self.metadata = {
            "engine_version": ENGINE_VERSION,
            "sklearn_version": sklearn.__version__,
            "needs": len(needs),
            "services": len(services),
            "vocabulary": len(self._terms),
            "fit_seconds": round(time.perf_counter() - started, 3),
            "fitted_at": time.time(),
            "resources": lang.resources_status(),
            "weighting": dataclasses.asdict(lang.WEIGHTING),
        }
        return self

    def _vectors(self, prepared: Prepared) -> sp.csr_matrix:
        assert self.vectorizer is not None, "fit() first"
        return self.vectorizer.transform(prepared.concepts).tocsr()

    def _index(self, services: list[Item], prepared: Prepared) -> None:
        self.matrix = (
            self._vectors(prepared)
            if services
            else sp.csr_matrix((0, len(self._terms)), dtype=np.float32)
        )
        self.service_ids = [service.id for service in services]
        self.services = {service.id: service for service in services}
        self.sources = dict(zip(self.service_ids, prepared.sources, strict=True))
        self._rows = {sid: row for row, sid in enumerate(self.service_ids)}
        self._matrix_t = self.matrix.T.tocsr()
        self._service_languages = None

    def upsert_service(self, service: Item) -> None:
        """Add or replace one service without refitting the vocabulary."""
        self.update_services(upserts=[service])

    def remove_service(self, service_id: str) -> None:
        self.update_services(removals=[service_id])

    def update_services(self, upserts: Sequence[Item] = (), removals: Iterable[str] = ()) -> None:
        """Add, replace and remove services in one pass, without refitting the vocabulary.

        The kept rows are sliced out once and the new vectors appended, so the cost is one
        copy of the matrix whatever the number of changes (replacing rows one by one copied
        it per row). An id both upserted and removed is removed.
        """
        gone = set(removals)
        latest = {item.id: item for item in upserts if item.id not in gone}
        touched = gone | set(latest)
        if not touched:
            return
        items = list(latest.values())
        prepared = prepare(items)
        keep = [row for row, sid in enumerate(self.service_ids) if sid not in touched]
        parts = [self.matrix[keep]] if keep else []
        if items:
            parts.append(self._vectors(prepared))
        self.matrix = (
            sp.vstack(parts, format="csr")
            if parts
            else sp.csr_matrix((0, len(self._terms)), dtype=np.float32)
        )
        self.service_ids = [self.service_ids[row] for row in keep] + [item.id for item in items]
        for service_id in gone:
            self.services.pop(service_id, None)
            self.sources.pop(service_id, None)
        for item, sources in zip(items, prepared.sources, strict=True):
            self.services[item.id] = item
            self.sources[item.id] = sources
        self._rows = {sid: row for row, sid in enumerate(self.service_ids)}
        self._matrix_t = self.matrix.T.tocsr()
        # The languages of the services, for the cross-language boost, follow the rows.
        self._service_languages = None

    # --- ranking ----------------------------------------------------------------------

    def _boosted(
        self, text: np.ndarray, need_language: str, rows: Sequence[int] | None = None
    ) -> np.ndarray:
        """Cosines across languages raised by the cross-language boost (capped at 1).

        A text read through a dictionary spreads over several senses and loses the words
        no dictionary knows, so the same fit scores lower across languages than within one.
        """
        boost = lang.WEIGHTING.cross_language_boost
        if not boost or not len(text):
            return text
        codes = getattr(self, "_service_languages", None)
        if codes is None or len(codes) != len(self.service_ids):
            codes = np.array([self.services[sid].language for sid in self.service_ids])
            self._service_languages = codes
        cross = codes != need_language if rows is None else codes[list(rows)] != need_language
        return np.minimum(1.0, text * np.where(cross, 1 + boost, 1.0))

    def similarities(self, need_vector: sp.csr_matrix) -> np.ndarray:
        """Cosine of one need with every service (rows are L2-normalised)."""
        # need (1 x V) times services transposed (V x N): only the need's terms are read.
        return np.asarray((need_vector @ self._matrix_t).todense()).ravel()

    def rank(self, need: Item, top: int = 10, *, min_score: float = 0.0) -> list[Match]:
        if not self.service_ids:
            return []
        prepared = prepare([need])
        vector = self._vectors(prepared)
        return self._rank_row(
            need, self.similarities(vector), vector, prepared.sources[0], top, min_score
        )

    def _rank_row(
        self,
        need: Item,
        text: np.ndarray,
        vector: sp.csr_matrix,
        sources: dict[str, str],
        top: int,
        min_score: float,
    ) -> list[Match]:
        text = self._boosted(text, need.language)
        # Structured features are per pair: compute them for a textual shortlist first.
        size = min(len(self.service_ids), max(top * 10, 100))
        if size < len(self.service_ids):
            shortlist = np.argpartition(-text, size - 1)[:size]
        else:
            shortlist = np.arange(len(self.service_ids))
        scored = {
            row: self._match(need, row, float(text[row]), vector, sources, explain=False)
            for row in (int(r) for r in shortlist if text[r] > 0.0)
        }
        if self.reranker is None and len(scored) >= top and size < len(self.service_ids):
            # Exactness: with the default weighting no service can score above what its
            # text allows with perfect structure. Score every service whose bound reaches
            # the current k-th best; the result equals ranking all of them.
            kth = sorted((m.score for m in scored.values()), reverse=True)[top - 1]
            reachable = np.flatnonzero((text > 0) & (upper_bound(text) >= kth - 1e-9))
            for row in (int(r) for r in reachable if int(r) not in scored):
                scored[row] = self._match(
                    need, row, float(text[row]), vector, sources, explain=False
                )
        # Ties broken by service id so that results are deterministic.
        ordered = sorted(scored.values(), key=lambda match: (-match.score, match.service_id))
        best = [match for match in ordered[:top] if match.score >= min_score]
        # Shared terms are the costly part of a reason: only for what is returned.
        for match in best:
            self._explain(match, vector, self._rows[match.service_id], sources, need.language)
        return best

    def rank_many(
        self, needs: Sequence[Item], top: int = 10, *, min_score: float = 0.0, batch: int = 128
    ) -> list[list[Match]]:
        """`rank` for many needs: vectors and similarities computed a batch at a time."""
        results: list[list[Match]] = []
        for start in range(0, len(needs), batch):
            chunk = list(needs[start : start + batch])
            prepared = prepare(chunk)
            vectors = self._vectors(prepared)
            similarities = (vectors @ self._matrix_t).toarray()
            for index, need in enumerate(chunk):
                results.append(
                    self._rank_row(
                        need,
                        similarities[index],
                        vectors[index],
                        prepared.sources[index],
                        top,
                        min_score,
                    )
                )
        return results

    def score_pairs(self, need: Item, service_ids: Sequence[str]) -> list[Match]:
        """Score a need against chosen services only (a changed service, say)."""
        rows = [self._rows[sid] for sid in service_ids if sid in self._rows]
        if not rows:
            return []
        prepared = prepare([need])
        vector = self._vectors(prepared)
        text = np.asarray((vector @ self.matrix[rows].T).todense()).ravel()
        text = self._boosted(text, need.language, rows)
        return [
            self._match(need, row, float(value), vector, prepared.sources[0])
            for row, value in zip(rows, text, strict=True)
        ]

    def _match(
        self,
        need: Item,
        row: int,
        text: float,
        vector: sp.csr_matrix,
        need_sources: dict[str, str],
        *,
        explain: bool = True,
    ) -> Match:
        service_id = self.service_ids[row]
        facts, reasons = structured(need, self.services[service_id])
        service = self.services[service_id]
        features = {
            "text": round(text, 6),
            "cross_text": round(text, 6) if need.language != service.language else 0.0,
            "coverage": round(self._coverage(vector, row), 6),
            **facts,
        }
        match = Match(need.id, service_id, round(self.score(features), 4), features, reasons)
        if explain:
            self._explain(match, vector, row, need_sources, need.language)
        return match

    def _coverage(self, vector: sp.csr_matrix, row: int) -> float:
        """The share of the need's (squared, normalised) weight on concepts the service has."""
        start, end = self.matrix.indptr[row], self.matrix.indptr[row + 1]
        shared = np.isin(vector.indices, self.matrix.indices[start:end], assume_unique=True)
        return float(np.square(vector.data[shared]).sum())

    def _explain(
        self,
        match: Match,
        vector: sp.csr_matrix,
        row: int,
        need_sources: dict[str, str],
        need_language: str | None = None,
    ) -> None:
        terms = self.shared_terms(vector, row, need_sources, need_language=need_language)
        if terms:
            match.reasons.insert(0, Reason("shared_terms", {"terms": terms}))

    def score(self, features: dict[str, float]) -> float:
        if self.reranker is not None:
            return float(self.reranker.score(features))
        return default_score(features)

    def shared_terms(
        self,
        vector: sp.csr_matrix,
        row: int,
        need_sources: dict[str, str],
        limit: int = 5,
        *,
        need_language: str | None = None,
    ) -> list[str]:
        """The words that weigh most in the similarity, by contribution, as base forms.

        Across languages a term shows its bridge: "kuluminen ≈ wear". Character n-grams
        (used only without Voikko) are never shown: they are not words.
        """
        product = vector.multiply(self.matrix[row]).tocoo()
        if product.nnz == 0:
            return []
        service_id = self.service_ids[row]
        service_sources = self.sources.get(service_id, {})
        service_language = (
            self.services[service_id].language if service_id in self.services else None
        )
        bridge = need_language is not None and need_language != service_language
        totals: dict[str, float] = {}
        partners: dict[str, dict[str, float]] = {}
        for column, value in zip(product.col, product.data, strict=True):
            concept = str(self._terms[column])
            if concept.startswith("#"):
                continue
            word = need_sources.get(concept) or service_sources.get(concept) or concept
            totals[word] = totals.get(word, 0.0) + float(value)
            other = service_sources.get(concept)
            if other and other != word:
                bucket = partners.setdefault(word, {})
                bucket[other] = bucket.get(other, 0.0) + float(value)
        ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:limit]
        terms = []
        for word, _weight in ordered:
            others = sorted(partners.get(word, {}).items(), key=lambda kv: (-kv[1], kv[0]))
            if bridge and others:
                shown = [other for other, _w in others[:2]]
                terms.append(f"{word} ≈ {' / '.join(shown)}")
            else:
                terms.append(word)
        return terms

    def needs_for_service(
        self, service_id: str, needs: Sequence[Item], top: int = 10, min_score: float = 0.0
    ) -> list[Match]:
        """The needs one service could serve, best first: one product for all needs."""
        if service_id not in self._rows or not needs:
            return []
        row = self._rows[service_id]
        prepared = prepare(needs)
        vectors = self._vectors(prepared)
        text = np.asarray((vectors @ self.matrix[row].T).todense()).ravel()
        own = self.services[service_id].language
        factor = 1 + lang.WEIGHTING.cross_language_boost
        text = np.minimum(
            1.0, text * np.array([factor if n.language != own else 1.0 for n in needs])
        )
        results = []
        for index in (int(i) for i in np.flatnonzero(text > 0)):
            match = self._match(
                needs[index], row, float(text[index]), vectors[index], prepared.sources[index]
            )
            if match.score >= min_score:
                results.append(match)
        results.sort(key=lambda match: (-match.score, match.need_id))
        return results[:top]
