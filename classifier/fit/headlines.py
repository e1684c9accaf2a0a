"""Training the headline model: label checks, cross-validation (stratified and grouped), fitting.

Used by ``chaff train headlines`` and ``training/train_headlines.py``; the inference path
(``classifier.models.headlines``) never imports it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline

from .. import artifact as artifacts
from ..errors import InputError
from ..metrics import classification_scores
from ..models.headlines import build_pipeline, feature_names

__all__ = ["LABELS", "MIN_ROWS", "cross_validated_proba", "fold_ids", "train", "validate_labeled"]

MIN_ROWS = 20
CV_FOLDS = 5
LABELS = {
    "1": 1, "0": 0, "1.0": 1, "0.0": 0,
    "clickbait": 1, "not_clickbait": 0, "not-clickbait": 0, "non_clickbait": 0, "no_clickbait": 0,
    "true": 1, "false": 0, "yes": 1, "no": 0,
}  # fmt: skip
INPUT_COLUMNS = ("text", "lang", "domain")


def validate_labeled(df: pd.DataFrame, *, name: str = "data") -> pd.DataFrame:
    """Check a labeled headline table and normalise its labels to 1 (clickbait) / 0.

    Accepted labels: ``1``/``0``, ``clickbait``/``not_clickbait``, ``true``/``false`` (any case).

    Returns:
        A copy with columns ``text`` (str) and ``label`` (int), plus any other columns.

    Raises:
        InputError: a missing ``text`` or ``label`` column, an unknown label, a single class,
            or fewer than ``MIN_ROWS`` rows.
    """
    missing = [c for c in ("text", "label") if c not in df.columns]
    if missing:
        raise InputError(f"{name}: missing column(s) {', '.join(missing)}; expected columns text,label")
    df = df.copy()
    keys = df["label"].map(lambda v: str(v).strip().lower())
    unknown = sorted(set(keys[~keys.isin(LABELS)]))
    if unknown:
        raise InputError(
            f"{name}: unknown label(s) {', '.join(map(repr, unknown[:5]))}; use 1/0 or clickbait/not_clickbait"
        )
    df["label"] = keys.map(LABELS).astype(int)
    df["text"] = df["text"].fillna("").astype(str)
    if len(df) < MIN_ROWS:
        raise InputError(f"{name}: {len(df)} rows, need at least {MIN_ROWS} labeled headlines")
    if df["label"].nunique() < 2:
        raise InputError(f"{name}: every label is {df['label'].iloc[0]}; need both clickbait and not_clickbait rows")
    return df


def model_inputs(df: pd.DataFrame) -> pd.DataFrame:
    """The columns of a labeled table that the model reads: ``text`` and, if present, ``lang``/``domain``."""
    return df[[c for c in INPUT_COLUMNS if c in df.columns]]


def fold_ids(labels: Any, *, folds: int = CV_FOLDS, seed: int = 0, groups: Any = None) -> np.ndarray:
    """Fold number of each row: stratified by label, or stratified and grouped (e.g. by publisher)."""
    labels = np.asarray(labels)
    ids = np.empty(len(labels), dtype=int)
    if groups is None:
        splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(labels, labels)
    else:
        splits = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed).split(labels, labels, groups)
    for k, (_, test) in enumerate(splits):
        ids[test] = k
    return ids


def cross_validated_proba(
    pipeline: Pipeline, df: pd.DataFrame, *, folds: int = CV_FOLDS, seed: int = 0, groups: Any = None
) -> np.ndarray:
    """Out-of-fold P(clickbait) of every row (``cross_val_predict`` on the whole pipeline).

    Rows are routed as the table says (its ``lang`` column when present); see ``fold_ids``.
    """
    ids = fold_ids(df["label"], folds=folds, seed=seed, groups=groups)
    cv = [(np.flatnonzero(ids != k), np.flatnonzero(ids == k)) for k in range(folds)]
    proba = cross_val_predict(clone(pipeline), model_inputs(df), df["label"].to_numpy(), cv=cv, method="predict_proba")
    return np.asarray(proba[:, 1], dtype=np.float64)


def train(df: pd.DataFrame, *, training_data: list[dict[str, Any]] | None = None, **params: Any) -> dict[str, Any]:
    """Fit a headline model on a labeled table, with stratified 5-fold CV metrics.

    Args:
        df: columns ``text`` and ``label`` (validated by ``validate_labeled``); optional ``lang``
            (one expert per language with ``MIN_ROWS`` rows of both labels, besides the pooled
            one) and ``domain`` (experts per domain of a language, with a gate); an optional
            ``source`` column gets per-source CV metrics as well.
        training_data: descriptions (``name``, ``rows``, ``sha256``) of the files ``df`` came
            from; defaults to one entry for the table itself.
        **params: passed to ``build_pipeline``.

    Returns:
        An artifact dict (``classifier.artifact.build``) ready for ``classifier.artifact.save``.
    """
    df = validate_labeled(df).reset_index(drop=True)
    folds = min(CV_FOLDS, int(df["label"].value_counts().min()))
    pipeline = build_pipeline(min_rows=MIN_ROWS, **params)
    proba = cross_validated_proba(pipeline, df, folds=folds)
    metrics: dict[str, Any] = {"cv_folds": folds, "all": classification_scores(df["label"], proba)}
    if "source" in df.columns:
        for source, rows in df.groupby("source").groups.items():
            if df.loc[rows, "label"].nunique() == 2:
                metrics[str(source)] = classification_scores(df.loc[rows, "label"], proba[df.index.get_indexer(rows)])
    fitted = clone(pipeline).fit(model_inputs(df), df["label"].to_numpy())
    training_data = training_data or [{"name": "data", "rows": len(df), "sha256": None}]
    return artifacts.build(
        fitted, kind="headlines", training_data=training_data, metrics=metrics, params=params,
        feature_names=feature_names(),
    )  # fmt: skip
