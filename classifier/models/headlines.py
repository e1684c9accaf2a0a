"""The headline clickbait model: one scikit-learn ``Pipeline`` around a ``LanguageRouter``.

``Pipeline([("inputs", HeadlineInputs()), ("router", LanguageRouter(...))])`` is the whole model:

- ``HeadlineInputs`` checks and normalises what comes in (a list of headlines, or a table with
  ``text`` and optional ``lang``/``domain`` columns) into an ``(n, 3)`` object array.
- ``LanguageRouter`` (a meta-estimator) turns every headline into one feature row once
  (``HeadlineVectorizer``: the named features of ``features.headline`` plus hashed word and
  character n-gram TF-IDF), finds its language (the ``lang`` column when given, else its
  ``LanguageDetector``, the one detector of ``classifier.lang``), and scores it with that
  language's expert, a logistic regression. A language whose training rows come from several
  well-sampled ``domain``s (English: site headlines and news tweets) has one expert per domain and
  a gate (a logistic regression on the same row) that picks the domain's expert (``soft_gate``
  weighs the experts' logits by the gate's probabilities instead: measured worse on Webis-17, as
  the site-headline expert's large logits swamp the tweet expert's). Headlines of other or unknown
  languages go to the pooled expert, fitted on every row.

Everything fitted is a numpy array (hashing needs no vocabulary), so the model serialises to a few
arrays. Because each expert is linear (and a soft blend is a weighted sum of linear experts), a headline's
logit splits exactly into the intercept, one contribution per named feature and one ``wording``
contribution (all n-gram columns): ``explain``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from ..errors import InputError
from ..features.headline import FEATURES, feature_matrix
from ..features.ngrams import HashedNgrams, TextInput
from ..lang import LanguageDetector

__all__ = [
    "BlockScaler", "Explanation", "HeadlineInputs", "HeadlineVectorizer", "LanguageRouter", "build_pipeline",
    "explain", "feature_names", "rate", "score", "score_table",
]  # fmt: skip

POOLED = "*"
WORDING = "wording"
INTERCEPT = "intercept"
EMPTY_HEADLINE = "empty_headline"
NAMED = tuple(name for name, _ in FEATURES)
Model: TypeAlias = dict[str, Any] | Pipeline


def headline_columns(X: Any) -> tuple[list[str], list[str | None], list[str | None]]:
    """Texts, languages and domains of headline input ``X``.

    ``X`` is a bare string (one headline), a sequence of strings, an ``(n, 3)`` object array made
    by ``HeadlineInputs``, or a table with a ``text`` column and optional ``lang`` and ``domain``
    columns (missing values mean "unknown").

    Raises:
        InputError: an item is not a string (the message gives its index), or a table lacks ``text``.
    """
    if isinstance(X, str):
        X = [X]
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise InputError("headlines table: missing column text")
        texts = X["text"].tolist()
        none: list[str | None] = [None] * len(texts)
        langs = _optional(X["lang"].tolist()) if "lang" in X.columns else none
        domains = _optional(X["domain"].tolist()) if "domain" in X.columns else list(none)
    elif isinstance(X, np.ndarray) and X.ndim == 2 and X.shape[1] == 3:
        texts, langs, domains = X[:, 0].tolist(), _optional(X[:, 1].tolist()), _optional(X[:, 2].tolist())
    else:
        texts = list(X)
        langs = [None] * len(texts)
        domains = [None] * len(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise InputError(f"headline {i}: expected a string, got {type(text).__name__} {text!r:.60}")
    return texts, langs, domains


def _optional(values: list[Any]) -> list[str | None]:
    return [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in values]


class HeadlineInputs(TransformerMixin, BaseEstimator):
    """Check headline input and make it an ``(n, 3)`` object array of text, language, domain.

    >>> HeadlineInputs().fit_transform(["Ini Dia"]).tolist()
    [['Ini Dia', None, None]]
    """

    def fit(self, X: Any, y: Any = None) -> HeadlineInputs:
        """Nothing to learn.

        Returns:
            ``self``.
        """
        return self

    def transform(self, X: Any) -> np.ndarray:
        """The checked columns (see ``headline_columns``).

        Raises:
            InputError: an item is not a string.
        """
        texts, langs, domains = headline_columns(X)
        out = np.empty((len(texts), 3), dtype=object)
        out[:, 0], out[:, 1], out[:, 2] = texts, langs, domains
        return out

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags


def stack(dense: np.ndarray, blocks: list[sp.csr_matrix]) -> sp.csr_matrix:
    """``sp.hstack([dense, *blocks], format="csr")`` as ``float64``, built directly (the dense
    columns stored explicitly, zeros included).

    >>> stack(np.array([[1.0, 0.0]]), [sp.csr_matrix([[0.0, 2.0]])]).toarray().tolist()
    [[1.0, 0.0, 0.0, 2.0]]
    """
    n, k = dense.shape
    sizes = [np.diff(block.indptr) for block in blocks]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(k + sum(sizes, np.zeros(n, dtype=np.int64)), out=indptr[1:])
    indices = np.empty(indptr[-1], dtype=np.int32)
    data = np.empty(indptr[-1], dtype=np.float64)
    where = (indptr[:-1, None] + np.arange(k)).ravel()
    indices[where], data[where] = np.tile(np.arange(k), n), dense.ravel()
    start, column = indptr[:-1] + k, k
    for block, size in zip(blocks, sizes):
        rows = np.repeat(np.arange(n), size)
        where = start[rows] + np.arange(block.nnz) - block.indptr[rows]
        indices[where], data[where] = block.indices + column, block.data
        start, column = start + size, column + block.shape[1]
    return sp.csr_matrix((data, indices, indptr), shape=(n, column))


def weigh(counts: sp.csr_matrix, tfidf: TfidfTransformer) -> sp.csr_matrix:
    """``tfidf.transform(counts)`` for a fitted ``TfidfTransformer(sublinear_tf=True)`` (l2 norm),
    without its per-call checks (they cost more than the work on one headline).

    Returns:
        A new CSR matrix of ``counts``' dtype.
    """
    X = counts.copy()
    np.log(X.data, out=X.data)
    X.data += 1.0
    X.data *= tfidf.idf_[X.indices]
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    norms = np.sqrt(np.bincount(rows, weights=X.data.astype(np.float64) ** 2, minlength=X.shape[0]))
    norms[norms == 0.0] = 1.0
    X.data /= norms[rows].astype(X.dtype)
    return X


class HeadlineVectorizer(TransformerMixin, BaseEstimator):
    """One row per headline: named features (raw), then word and character n-gram TF-IDF (hashed).

    Args:
        word_ngrams: n-gram range of words (edge markers included).
        char_ngrams: n-gram range of characters inside word boundaries.
        word_features: hash buckets of word n-grams.
        char_features: hash buckets of character n-grams.
        min_df: buckets seen in fewer training texts get no weight (as ``TfidfVectorizer(min_df=...)``).

    The first ``len(FEATURES)`` columns are the named features, in ``FEATURES`` order.
    """

    def __init__(
        self,
        *,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 5),
        word_features: int = 1 << 18,
        char_features: int = 1 << 19,
        min_df: int = 2,
    ):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.word_features = word_features
        self.char_features = char_features
        self.min_df = min_df

    def _blocks(self, texts: list[str]) -> tuple[np.ndarray, sp.csr_matrix, sp.csr_matrix]:
        return (feature_matrix(texts), self.words_.transform(texts), self.chars_.transform(texts))

    def fit(self, X: Iterable[str], y: Any = None) -> HeadlineVectorizer:
        """Learn the n-gram IDF weights.

        Returns:
            ``self``.
        """
        self.words_ = HashedNgrams(analyzer="word", ngram_range=self.word_ngrams, n_features=self.word_features).fit([])
        self.chars_ = HashedNgrams(analyzer="char", ngram_range=self.char_ngrams, n_features=self.char_features).fit([])
        texts = list(X)
        self.word_idf_ = self._idf(self.words_.transform(texts))
        self.char_idf_ = self._idf(self.chars_.transform(texts))
        return self

    def _idf(self, counts: sp.csr_matrix) -> TfidfTransformer:
        """IDF weights of ``counts``; a bucket seen in fewer than ``min_df`` texts weighs 0 (dropped)."""
        tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
        seen = np.bincount(counts.indices, minlength=counts.shape[1])
        tfidf.idf_ = np.where(seen >= self.min_df, tfidf.idf_, 0.0)
        return tfidf

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """Feature rows (CSR, ``float64``)."""
        named, words, chars = self._blocks(list(X))
        return stack(named, [weigh(words, self.word_idf_), weigh(chars, self.char_idf_)])

    @property
    def n_named(self) -> int:
        """Number of named-feature columns (they come first)."""
        return len(FEATURES)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Named features, then ``word_<bucket>`` and ``char_<bucket>`` names."""
        return np.concatenate([np.asarray(NAMED, dtype=object), self.words_.get_feature_names_out(),
                               self.chars_.get_feature_names_out()])  # fmt: skip


class BlockScaler(TransformerMixin, BaseEstimator):
    """Standardise the first ``n_dense`` columns of a sparse matrix; weigh the rest (n-grams) as they are.

    Args:
        n_dense: number of leading (named, dense) columns to standardise.
        dense_weight: factor on the standardised columns.
    """

    def __init__(self, *, n_dense: int = len(FEATURES), dense_weight: float = 1.0):
        self.n_dense = n_dense
        self.dense_weight = dense_weight

    def fit(self, X: sp.spmatrix, y: Any = None) -> BlockScaler:
        """Learn mean and scale of the dense columns.

        Returns:
            ``self``.
        """
        dense = sp.csr_matrix(X)[:, : self.n_dense].toarray()
        self.mean_ = dense.mean(axis=0)
        scale = dense.std(axis=0)
        self.scale_ = np.where(scale > 0, scale, 1.0)
        self.n_features_in_ = X.shape[1]
        return self

    def dense(self, X: sp.spmatrix) -> np.ndarray:
        """The standardised, weighted dense columns."""
        return self.standardise(sp.csr_matrix(X)[:, : self.n_dense].toarray())

    def standardise(self, raw: np.ndarray) -> np.ndarray:
        """Standardise and weigh the raw values of the dense columns."""
        return (raw - self.mean_) / self.scale_ * self.dense_weight

    def transform(self, X: sp.spmatrix) -> sp.csr_matrix:
        """Standardised dense columns, then the other columns unchanged."""
        X = sp.csr_matrix(X)
        return sp.hstack([sp.csr_matrix(self.dense(X)), X[:, self.n_dense :]], format="csr")


def linear_expert(C: float = 1.0) -> Pipeline:
    """An unfitted expert: ``BlockScaler`` then a logistic regression (liblinear, calibrated by its
    regularisation)."""
    return Pipeline([("scale", BlockScaler()), ("model", LogisticRegression(C=C, solver="liblinear", max_iter=1000))])


def sparse_coefficients(estimator: Any) -> Any:
    """Store the coefficients of a fitted linear model (or a pipeline ending in one) as a sparse
    matrix (scikit-learn's ``sparsify``): most hash buckets never occur, so most are zero, and the
    artifact loads faster. Predictions are unchanged.

    Returns:
        ``estimator``.
    """
    final = estimator[-1] if isinstance(estimator, Pipeline) else estimator
    if hasattr(final, "sparsify"):
        final.sparsify()
    return estimator


@dataclass(frozen=True, slots=True)
class Linear:
    """A fitted ``BlockScaler`` + linear model, with dense coefficients, as the router computes it.

    ``scores(F)`` equals the pipeline's ``decision_function(F)`` (one column per row of ``coef``)
    without building the scaled matrix: ``F @ coef`` plus the named columns' correction.
    """

    scaler: BlockScaler
    coef: np.ndarray  # (n_outputs, n_features), dense
    intercept: np.ndarray  # (n_outputs,)
    classes: np.ndarray

    @classmethod
    def of(cls, estimator: Any) -> Linear | None:
        """The linear view of ``Pipeline([BlockScaler, linear model])``, else ``None``."""
        if not (isinstance(estimator, Pipeline) and len(estimator.steps) == 2 and isinstance(estimator[0], BlockScaler)
                and hasattr(estimator[-1], "coef_")):  # fmt: skip
            return None
        model = estimator[-1]
        coef = model.coef_.toarray() if sp.issparse(model.coef_) else np.asarray(model.coef_)
        return cls(estimator[0], coef, np.atleast_1d(model.intercept_), model.classes_)

    def parts(self, features: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        """Per row, the named-feature contributions ``(n, n_dense)`` and the n-gram sum ``(n,)``
        (first output only)."""
        n = self.scaler.n_dense
        raw = features[:, :n].toarray()
        named = self.scaler.standardise(raw) * self.coef[0, :n]
        wording = features @ self.coef[0] - raw @ self.coef[0, :n]
        return named, np.asarray(wording)

    def scores(self, features: sp.csr_matrix) -> np.ndarray:
        """Decision values ``(n,)`` for one output, ``(n, k)`` for several."""
        n = self.scaler.n_dense
        raw = features[:, :n].toarray()
        out = np.asarray(features @ self.coef.T) + (self.scaler.standardise(raw) - raw) @ self.coef[:, :n].T
        out += self.intercept
        return out[:, 0] if out.shape[1] == 1 else out

    def predict(self, features: sp.csr_matrix) -> np.ndarray:
        """Class labels (as the linear model's ``predict``)."""
        scores = self.scores(features)
        index = (scores > 0).astype(int) if scores.ndim == 1 else scores.argmax(axis=1)
        return self.classes[index]


@dataclass(frozen=True, slots=True)
class Explanation:
    """A headline's logit split into its parts: ``intercept + sum(contributions) == logit``.

    ``contributions`` holds one ``(name, log-odds)`` pair per named feature and one ``wording``
    pair (every n-gram column), sorted by absolute size; ``expert`` is the expert with most weight
    (the only one, unless the language is gated).
    """

    logit: float
    intercept: float
    contributions: tuple[tuple[str, float], ...]
    expert: str

    @property
    def probability(self) -> float:
        """P(clickbait) = sigmoid(logit)."""
        return float(expit(self.logit))

    def top(self, n: int = 5) -> tuple[tuple[str, float], ...]:
        """The ``n`` largest contributions."""
        return self.contributions[:n]


EMPTY_EXPLANATION = Explanation(float("-inf"), 0.0, ((EMPTY_HEADLINE, 0.0),), "")


class LanguageRouter(TextInput, ClassifierMixin, BaseEstimator):
    """Per-language (and per-domain) clickbait experts behind one language detector.

    Args:
        vectorizer: turns headlines into feature rows (shared by every expert and gate).
        expert: unfitted expert, cloned per routing key; ``linear_expert()`` when ``None``.
        gate: unfitted domain classifier on the same rows; ``linear_expert()`` when ``None``.
        detector: the language detector; ``LanguageDetector()`` when ``None``.
        min_rows: rows (of both labels) a language or domain needs for an expert of its own.
        soft_gate: a gated language's logit is the gate-probability-weighted mean of its domain
            experts' logits (else the likeliest domain's expert alone).

    ``fit(X, y)`` takes ``X`` as accepted by ``headline_columns``: ``lang`` gives each row's
    language (rows without one train only the pooled expert), ``domain`` splits a language. In
    ``predict_proba``, a row's given ``lang`` routes it; rows without one are detected.
    """

    def __init__(
        self,
        *,
        vectorizer: HeadlineVectorizer | None = None,
        expert: Any = None,
        gate: Any = None,
        detector: LanguageDetector | None = None,
        min_rows: int = 20,
        soft_gate: bool = False,
    ):
        self.vectorizer = vectorizer
        self.expert = expert
        self.gate = gate
        self.detector = detector
        self.min_rows = min_rows
        self.soft_gate = soft_gate

    # --- fitting -------------------------------------------------------------------------------

    def _well_sampled(self, values: list[str | None], y: np.ndarray, rows: np.ndarray) -> list[str]:
        found = []
        for value in sorted({values[i] for i in rows if values[i] is not None}):
            mine = [i for i in rows if values[i] == value]
            labels = y[mine]
            if len(mine) >= self.min_rows and 0 < labels.sum() < len(labels):
                found.append(value)
        return found

    def fit(self, X: Any, y: Sequence[int]) -> LanguageRouter:
        """Fit the vectorizer, the pooled expert, one expert per well-sampled language (or per
        domain of it, with a gate) and the language detector.

        Returns:
            ``self``.
        """
        texts, langs, domains = headline_columns(X)
        labels = np.asarray(y).astype(int)
        self.classes_ = np.array([0, 1])
        self.vectorizer_ = clone(self.vectorizer if self.vectorizer is not None else HeadlineVectorizer()).fit(texts)
        features = self.vectorizer_.transform(texts)
        expert = self.expert if self.expert is not None else linear_expert()
        gate = self.gate if self.gate is not None else linear_expert()
        self.experts_: dict[str, Any] = {POOLED: clone(expert).fit(features, labels)}
        self.gates_: dict[str, Any] = {}
        everything = np.arange(len(texts))
        for lang in self._well_sampled(langs, labels, everything):
            rows = np.asarray([i for i in everything if langs[i] == lang])
            kinds = self._well_sampled(domains, labels, rows)
            if len(kinds) < 2:
                self.experts_[lang] = clone(expert).fit(features[rows], labels[rows])
                continue
            gated = np.asarray([i for i in rows if domains[i] in kinds])
            self.gates_[lang] = clone(gate).fit(features[gated], np.asarray([domains[i] for i in gated]))
            for kind in kinds:
                mine = np.asarray([i for i in rows if domains[i] == kind])
                self.experts_[f"{lang}/{kind}"] = clone(expert).fit(features[mine], labels[mine])
        for fitted in (*self.experts_.values(), *self.gates_.values()):
            sparse_coefficients(fitted)
        self.languages_ = np.asarray(sorted({k.split("/")[0] for k in self.experts_} - {POOLED}), dtype=str)
        known = [i for i in everything if langs[i] in set(self.languages_)]
        detector = self.detector if self.detector is not None else LanguageDetector()
        self.detector_ = clone(detector).fit([texts[i] for i in known], [langs[i] for i in known])
        return self

    # --- routing and scoring ---------------------------------------------------------------------

    def route(self, texts: list[str], langs: list[str | None], features: sp.csr_matrix) -> list[str]:
        """The routing key of each headline: its language (given, else detected) when it has an
        expert or a gate (see ``blend``), else ``POOLED``."""
        unknown = [i for i, lang in enumerate(langs) if lang is None]
        langs = list(langs)
        if unknown:
            for i, code in zip(unknown, self.detector_.predict([texts[i] for i in unknown])):
                langs[i] = code
        return [lang if lang is not None and (lang in self.experts_ or lang in self.gates_) else POOLED for lang in langs]

    def blend(self, key: str, features: sp.csr_matrix) -> list[tuple[str, np.ndarray]]:
        """The experts scoring rows of routing key ``key``, each with its weight per row.

        One expert with weight 1; for a gated language, every domain expert weighted by the gate's
        probability of its domain (``soft_gate``), or by 1 for the likeliest domain and 0 otherwise.
        """
        gate = self.gates_.get(key)
        if gate is None:
            return [(key, np.ones(features.shape[0]))]
        linear = self._linear(f"gate:{key}", gate)
        if linear is not None and len(linear.classes) == 2:
            p = expit(linear.scores(features))
            proba, classes = np.column_stack([1.0 - p, p]), linear.classes
        else:
            proba, classes = gate.predict_proba(features), gate.classes_
        if not self.soft_gate:
            proba = (proba == proba.max(axis=1, keepdims=True)).astype(float)
            proba /= proba.sum(axis=1, keepdims=True)
        return [(f"{key}/{kind}", proba[:, j]) for j, kind in enumerate(classes)]

    def _scores(self, key: str, features: sp.csr_matrix) -> np.ndarray:
        linear = self._linear(key, self.experts_[key])
        return np.asarray(self.experts_[key].decision_function(features) if linear is None else linear.scores(features))

    def _prepare(self, X: Any) -> tuple[list[str], list[int], list[str], sp.csr_matrix]:
        texts, langs, _ = headline_columns(X)
        keep = [i for i, text in enumerate(texts) if text.strip()]
        kept = [texts[i] for i in keep]
        if not kept:
            return texts, keep, [], sp.csr_matrix((0, 0))
        features = self.vectorizer_.transform(kept)
        keys = self.route(kept, [langs[i] for i in keep], features)
        return texts, keep, keys, features

    def decision_function(self, X: Any) -> np.ndarray:
        """Logit of P(clickbait) per headline (``-inf`` for an empty one)."""
        texts, keep, keys, features = self._prepare(X)
        out = np.full(len(texts), -np.inf)
        groups: dict[str, list[int]] = {}
        for j, key in enumerate(keys):
            groups.setdefault(key, []).append(j)
        kept = np.asarray(keep, dtype=int)
        for key, rows in groups.items():
            part = features[rows]
            total = np.zeros(len(rows))
            for name, weight in self.blend(key, part):
                total += weight * self._scores(name, part)
            out[kept[rows]] = total
        return out

    def _linear(self, key: str, estimator: Any) -> Linear | None:
        """``Linear.of(estimator)``, made once per process (dense coefficients; not pickled)."""
        cache: dict[str, Linear | None] = self.__dict__.setdefault("_linear_cache", {})
        if key not in cache:
            cache[key] = Linear.of(estimator)
        return cache[key]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_linear_cache", None)
        return state

    def predict_proba(self, X: Any) -> np.ndarray:
        """``[P(not clickbait), P(clickbait)]`` per headline; an empty headline is ``[1, 0]``."""
        p = expit(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: Any) -> np.ndarray:
        """1 (clickbait) where P(clickbait) >= 0.5, else 0."""
        return (self.decision_function(X) >= 0).astype(int)

    def explain(self, X: Any) -> list[Explanation]:
        """The logit of each headline split into intercept, named features and ``wording``.

        Only for linear experts (``BlockScaler`` + a linear model); an empty headline gets
        ``EMPTY_EXPLANATION`` (reason ``empty_headline``).
        """
        texts, keep, keys, features = self._prepare(X)
        out = [EMPTY_EXPLANATION] * len(texts)
        for j, (i, key) in enumerate(zip(keep, keys)):
            row = features[j]
            named, wording, intercept, best, best_weight = np.zeros(len(NAMED)), 0.0, 0.0, key, -1.0
            for name, weights in self.blend(key, row):
                linear = self._linear(name, self.experts_[name])
                if linear is None:
                    raise TypeError(f"expert {name!r} is not BlockScaler + a linear model: it cannot be explained")
                weight = float(weights[0])
                part_named, part_wording = linear.parts(row)
                named += weight * part_named[0]
                wording += weight * float(part_wording[0])
                intercept += weight * float(linear.intercept[0])
                if weight > best_weight:
                    best, best_weight = name, weight
            parts = [*zip(NAMED, map(float, named)), (WORDING, wording)]
            parts.sort(key=lambda part: -abs(part[1]))
            out[i] = Explanation(intercept + math.fsum(v for _, v in parts), intercept, tuple(parts), best)
        return out


def build_pipeline(
    *,
    C: float = 1.0,
    word_ngrams: tuple[int, int] = (1, 2),
    char_ngrams: tuple[int, int] = (2, 5),
    word_features: int = 1 << 18,
    char_features: int = 1 << 19,
    min_df: int = 2,
    named_weight: float = 1.0,
    min_rows: int = 20,
) -> Pipeline:
    """An unfitted headline model: ``HeadlineInputs`` then a ``LanguageRouter`` of linear experts.

    Args:
        C: inverse regularisation strength of every expert's logistic regression.
        word_ngrams, char_ngrams: n-gram ranges (see ``HeadlineVectorizer``).
        word_features, char_features: hash buckets.
        min_df: see ``HeadlineVectorizer``.
        named_weight: weight of the standardised named features against the n-gram TF-IDF.
        min_rows: see ``LanguageRouter``.

    Returns:
        ``Pipeline([("inputs", HeadlineInputs()), ("router", LanguageRouter(...))])``.
    """
    vectorizer = HeadlineVectorizer(word_ngrams=word_ngrams, char_ngrams=char_ngrams, word_features=word_features,
                                    char_features=char_features, min_df=min_df)  # fmt: skip
    expert = Pipeline([("scale", BlockScaler(dense_weight=named_weight)),
                       ("model", LogisticRegression(C=C, solver="liblinear", max_iter=1000))])  # fmt: skip
    router = LanguageRouter(vectorizer=vectorizer, expert=expert, gate=linear_expert(), detector=LanguageDetector(),
                            min_rows=min_rows)  # fmt: skip
    return Pipeline([("inputs", HeadlineInputs()), ("router", router)])


def feature_names(pipeline: Pipeline | None = None) -> list[str]:
    """Names of the parts of a headline's logit besides the intercept: named features, ``wording``."""
    return [*NAMED, WORDING]


def _pipeline(model: Model) -> Pipeline:
    return model["pipeline"] if isinstance(model, dict) else model


def _inputs(texts: Any, lang: str | None) -> Any:
    texts, _, _ = headline_columns(texts)
    if lang is None:
        return texts
    return pd.DataFrame({"text": texts, "lang": [lang] * len(texts)})


def score(texts: Sequence[str] | str, model: Model, *, lang: str | None = None) -> np.ndarray:
    """P(clickbait) of each headline; an empty or whitespace-only headline scores 0.0.

    Args:
        texts: headlines (a bare ``str`` is one headline).
        model: a headline artifact (``classifier.artifact.load(..., kind="headlines")``) or its pipeline.
        lang: language of every headline (e.g. the page's); ``None`` detects it per headline.
            A language without an expert of its own gets the pooled one.

    Returns:
        A ``float64`` array of ``len(texts)`` probabilities.

    Raises:
        InputError: an item is not a string (the message gives its index).
    """
    return np.asarray(_pipeline(model).predict_proba(_inputs(texts, lang))[:, 1], dtype=np.float64)


def score_table(df: pd.DataFrame, model: Model) -> np.ndarray:
    """P(clickbait) of each row's ``text``, routed by the row's ``lang`` where the table has one."""
    columns = [c for c in ("text", "lang") if c in df.columns]
    return np.asarray(_pipeline(model).predict_proba(df[columns])[:, 1], dtype=np.float64)


def explain(texts: Sequence[str] | str, model: Model, *, lang: str | None = None) -> list[Explanation]:
    """``LanguageRouter.explain`` of each headline (routed as ``score`` routes it).

    Raises:
        InputError: an item is not a string.
    """
    pipeline = _pipeline(model)
    rows = pipeline[:-1].transform(_inputs(texts, lang))
    return pipeline[-1].explain(rows)


def rate(text: str, model: Model, *, lang: str | None = None) -> tuple[float, Explanation]:
    """P(clickbait) of one headline and the explanation of its logit.

    Raises:
        InputError: ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise InputError(f"headline 0: expected a string, got {type(text).__name__} {text!r:.60}")
    explanation = explain([text], model, lang=lang)[0]
    return explanation.probability, explanation


