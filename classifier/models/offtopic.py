"""The off-topic pair model: P(off_topic | item headline, article) with reasons.

``OffTopicModel`` is a scikit-learn classifier over ``Pair``s: the named pair features of
``classifier.features.pair`` (``PairFeatures``), standardised, then a logistic regression. Class 1 is
``off`` (the item is about something else than the article), class 0 ``on``. Its probabilities are the
logistic regression's; their calibration is measured (expected calibration error, ECE) under page-grouped
cross-validation by ``classifier.fit.offtopic`` and ``benchmarks/offtopic.py``.

``explain(pair)`` returns every feature's contribution to the logit (coefficient × standardised value);
with ``intercept_`` they sum to ``decision_function``. Which items are flagged is decided by the caller
with ``Config.off_topic_probability``.

    >>> from classifier.features.pair import Pair
    >>> pairs = [Pair("Menlu protes kapal Tiongkok di Natuna", "Menlu panggil Dubes Tiongkok", "Kapal Tiongkok masuk Natuna."),
    ...          Pair("Harga cabai naik di pasar", "Menlu panggil Dubes Tiongkok", "Kapal Tiongkok masuk Natuna.")] * 3
    >>> model = OffTopicModel().fit(pairs, [0, 1] * 3)
    >>> bool(model.predict_proba(pairs[:2])[1, 1] > model.predict_proba(pairs[:2])[0, 1])
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from ..features.pair import Pair, PairFeatures

__all__ = ["OffTopicLabel", "OffTopicModel", "LABELS"]

OffTopicLabel = Literal["on", "off"]
LABELS: tuple[OffTopicLabel, OffTopicLabel] = ("on", "off")  # class 0, class 1


class OffTopicModel(ClassifierMixin, BaseEstimator):
    """Pair features → standardised → logistic regression; class 1 is ``off``.

    Args:
        C: inverse regularisation strength of the logistic regression.
        features: the feature transformer (a fresh ``PairFeatures()`` when ``None``).
    """

    def __init__(self, *, C: float = 1.0, features: PairFeatures | None = None) -> None:
        self.C = C
        self.features = features

    def fit(self, X: Sequence[Pair], y: Sequence[int] | np.ndarray, sample_weight: np.ndarray | None = None) -> OffTopicModel:
        """Fit the features' statistics (IDF, topics) and the classifier.

        Args:
            X: pairs.
            y: 1 for off-topic, 0 for on-topic.
            sample_weight: optional weight of each pair.

        Returns:
            self.
        """
        from sklearn.base import clone

        self.features_ = clone(self.features) if self.features is not None else PairFeatures()
        matrix = self.features_.fit(X).transform(X)
        return self.fit_matrix(matrix, y, sample_weight=sample_weight)

    def fit_matrix(self, matrix: np.ndarray, y: Sequence[int] | np.ndarray, sample_weight: np.ndarray | None = None) -> OffTopicModel:
        """Fit the scaler and the classifier on an already computed feature matrix (``features_`` must be fitted).

        Args:
            matrix: ``features_.transform(pairs)``.
            y: 1 for off-topic, 0 for on-topic.
            sample_weight: optional weight of each row.

        Returns:
            self.
        """
        y = np.asarray(y, dtype=int)
        self.scaler_ = StandardScaler().fit(matrix)
        self.classifier_ = LogisticRegression(C=self.C, max_iter=2000)
        self.classifier_.fit(self.scaler_.transform(matrix), y, sample_weight=sample_weight)
        self.classes_ = np.array([0, 1])
        return self

    def feature_names(self) -> list[str]:
        """The names of the features, in column order."""
        return [str(n) for n in (self.features_ if hasattr(self, "features_") else PairFeatures()).get_feature_names_out()]

    @property
    def intercept_(self) -> float:
        """The logistic regression's intercept (log-odds of ``off`` when every standardised feature is 0)."""
        return float(self.classifier_.intercept_[0])

    def decision_matrix(self, matrix: np.ndarray) -> np.ndarray:
        """The logit of ``off`` for rows of an already computed feature matrix."""
        return np.asarray(self.classifier_.decision_function(self.scaler_.transform(matrix)), dtype=float)

    def decision_function(self, X: Sequence[Pair]) -> np.ndarray:
        """The logit of ``off`` of each pair."""
        return self.decision_matrix(self.features_.transform(X))

    def predict_proba(self, X: Sequence[Pair]) -> np.ndarray:
        """P(on), P(off) of each pair, shape (len(X), 2)."""
        p = self.proba_matrix(self.features_.transform(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: Sequence[Pair], threshold: float = 0.5) -> np.ndarray:
        """1 (off) where P(off) >= ``threshold``, else 0."""
        return (self.predict_proba(X)[:, 1] >= threshold).astype(int)

    def explain(self, pair: Pair) -> list[tuple[str, float]]:
        """Each feature's contribution to the logit of ``off`` for one pair, largest magnitude first.

        Contributions are the coefficient times the standardised value; with ``intercept_`` they sum to
        ``decision_function([pair])[0]``.

        Args:
            pair: the pair to explain.

        Returns:
            ``[(feature name, contribution), ...]``, one entry per feature.
        """
        return self.explain_matrix(self.features_.transform([pair]))[0]

    def explain_matrix(self, matrix: np.ndarray) -> list[list[tuple[str, float]]]:
        """``explain`` for every row of an already computed feature matrix."""
        contributions = self.scaler_.transform(matrix) * self.classifier_.coef_[0]
        names = self.feature_names()
        return [sorted(zip(names, (float(c) for c in row)), key=lambda item: -abs(item[1])) for row in contributions]

    def proba_matrix(self, matrix: np.ndarray) -> np.ndarray:
        """P(off) for rows of an already computed feature matrix."""
        return 1.0 / (1.0 + np.exp(-self.decision_matrix(matrix)))

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags
