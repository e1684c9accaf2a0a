"""Evaluation metrics: bag-of-tokens extraction scores and headline classification scores."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from sklearn.metrics import accuracy_score, brier_score_loss, f1_score, roc_auc_score

from .text import tokens


class PRF(NamedTuple):
    precision: float
    recall: float
    f1: float


def token_prf(predicted: str, gold: str) -> PRF:
    """Bag-of-tokens precision, recall and F1 of ``predicted`` against ``gold``.

    Tokens are lower-cased unicode ``\\w+`` runs, counted as multisets. Empty output scores 0.

    >>> token_prf("the cat sat", "the cat sat down")
    PRF(precision=1.0, recall=0.75, f1=0.8571428571428571)
    """
    pred, ref = Counter(tokens(predicted)), Counter(tokens(gold))
    common = sum((pred & ref).values())
    if not pred or not ref or not common:
        return PRF(0.0, 0.0, 0.0)
    precision, recall = common / sum(pred.values()), common / sum(ref.values())
    return PRF(precision, recall, 2 * precision * recall / (precision + recall))


def expected_calibration_error(y_true: ArrayLike, proba: ArrayLike, *, bins: int = 10) -> float:
    """Expected calibration error over equal-width probability bins.

    >>> expected_calibration_error([0, 1], [0.0, 1.0])
    0.0
    """
    y_true, proba = np.asarray(y_true, dtype=float), np.asarray(proba, dtype=float)
    which = np.minimum((proba * bins).astype(int), bins - 1)
    error = 0.0
    for b in range(bins):
        in_bin = which == b
        if in_bin.any():
            error += in_bin.mean() * abs(y_true[in_bin].mean() - proba[in_bin].mean())
    return float(error)


def classification_scores(y_true: ArrayLike, proba: ArrayLike, *, threshold: float = 0.5) -> dict[str, float]:
    """Accuracy, F1 of the positive class, ROC-AUC, Brier score and ECE of probabilities."""
    y_true, proba = np.asarray(y_true), np.asarray(proba, dtype=float)
    predicted = (proba >= threshold).astype(int)
    both_classes = len(np.unique(y_true)) == 2
    return {
        "accuracy": float(accuracy_score(y_true, predicted)),
        "f1": float(f1_score(y_true, predicted, zero_division=0)),
        "roc_auc": float(roc_auc_score(y_true, proba)) if both_classes else float("nan"),
        "brier": float(brier_score_loss(y_true, proba)),
        "ece": expected_calibration_error(y_true, proba),
    }
