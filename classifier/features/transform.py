"""One generic scikit-learn transformer over a tuple of named feature functions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

FeatureFn = Callable[[Any], float]
Features = Sequence[tuple[str, FeatureFn]]


class NamedFeatures(TransformerMixin, BaseEstimator):
    """Apply named pure functions to each input object, one column per function.

    Args:
        features: ``(name, fn)`` pairs; ``fn(obj)`` returns a float (``nan`` for "absent").

    >>> t = NamedFeatures((("length", len),)).fit(["ab", "abc"])
    >>> t.transform(["abcd"]).tolist(), list(t.get_feature_names_out())
    ([[4.0]], ['length'])
    """

    def __init__(self, features: Features = ()):
        self.features = features

    def fit(self, X: Any, y: Any = None) -> NamedFeatures:
        self.n_features_in_ = len(self.features)
        return self

    def transform(self, X: Any) -> np.ndarray:
        functions = [fn for _, fn in self.features]
        rows = [[fn(obj) for fn in functions] for obj in X]
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(functions))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray([name for name, _ in self.features], dtype=object)
