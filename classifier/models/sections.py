"""The section model: features → a first-stage classifier → neighbour stacking → P(content) per section.

A section is judged twice. The first stage sees the section's own features and its page context
(``classifier.features``). The second stage sees the same features plus the first stage's probabilities
of its neighbours, of the sections sharing its container, and of the page as a whole (stacked sequential
learning, Cohen & Carvalho 2005): a short line between two paragraphs the first stage trusts is article
text, the same line among menu links is not. It is trained on out-of-fold first-stage probabilities
(folds grouped by page), so that it learns how much those probabilities are worth on unseen pages.

Which sections are kept is decided per page from the calibrated probabilities: the set that maximises
the expected token F-score (``keep``), or a fixed threshold when ``Config.content_threshold`` is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone

from ..features.context import SectionFeatures, SectionRef
from ..types import Page

__all__ = ["Layout", "SectionModel", "keep", "stacked_features", "STACKED_NAMES"]

EPS = 1e-6


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the rows of a feature matrix come from: the page each row belongs to (rows of a page are
    consecutive and in page order), its word count and its containers (ids unique within the page)."""

    page_starts: np.ndarray  # first row of each page, and the total row count at the end
    words: np.ndarray
    container: np.ndarray
    outer: np.ndarray

    @property
    def pages(self) -> int:
        return len(self.page_starts) - 1

    def slices(self) -> list[slice]:
        return [slice(int(a), int(b)) for a, b in zip(self.page_starts[:-1], self.page_starts[1:])]


def layout_of(pages: Sequence[Page], containers: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> Layout:
    """The layout of consecutive pages, from each page's (words, container ids, outer container ids)."""
    sizes = [len(p.sections) for p in pages]
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    if not containers:
        empty = np.empty(0)
        return Layout(starts, empty, empty.astype(np.int64), empty.astype(np.int64))
    words, container, outer = (np.concatenate(parts) for parts in zip(*containers))
    return Layout(starts, words.astype(float), container.astype(np.int64), outer.astype(np.int64))


def _shift(column: np.ndarray, by: int) -> np.ndarray:
    out = np.full_like(column, np.nan)
    if by > 0:
        out[by:] = column[:-by]
    elif by < 0:
        out[:by] = column[-by:]
    else:
        out[:] = column
    return out


def _window(column: np.ndarray, half: int) -> np.ndarray:
    padded = np.concatenate([[0.0], np.cumsum(column)])
    n = len(column)
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) + half + 1, 0, n)
    return (padded[hi] - padded[lo]) / (hi - lo)


def _distance_to(flags: np.ndarray, reverse: bool) -> np.ndarray:
    """Sections since the closest flagged one before (or after, with ``reverse``); n + 1 when none.

    >>> _distance_to(np.array([False, True, False, False]), reverse=False).tolist()
    [5.0, 0.0, 1.0, 2.0]
    """
    if reverse:
        return _distance_to(flags[::-1], reverse=False)[::-1]
    n = len(flags)
    index = np.arange(n)
    last = np.maximum.accumulate(np.where(flags, index, -1)) if n else index
    return np.where(last >= 0, index - last, n + 1).astype(float)


STACKED_NAMES: tuple[str, ...] = (
    "first_stage", "prev1_first_stage", "prev2_first_stage", "next1_first_stage", "next2_first_stage",
    "window1_first_stage", "window2_first_stage", "window5_first_stage", "window10_first_stage",
    "container_first_stage", "container_max_first_stage", "outer_container_first_stage",
    "page_max_first_stage", "page_mean_first_stage", "page_rank_first_stage", "page_kept_share",
    "log_since_kept", "log_until_kept", "in_kept_span", "log_outside_kept_span",
)  # fmt: skip


def _page_stack(p: np.ndarray, words: np.ndarray, container: np.ndarray, outer: np.ndarray, anchor: float) -> np.ndarray:
    n = len(p)
    out = np.empty((n, len(STACKED_NAMES)))
    out[:, 0] = p
    out[:, 1], out[:, 2], out[:, 3], out[:, 4] = _shift(p, 1), _shift(p, 2), _shift(p, -1), _shift(p, -2)
    for column, half in zip((5, 6, 7, 8), (1, 2, 5, 10)):
        out[:, column] = _window(p, half)
    for column, ids in ((9, container), (11, outer)):
        count = np.bincount(ids)
        out[:, column] = (np.bincount(ids, weights=p) / np.maximum(count, 1))[ids]
    maxima = np.zeros(int(container.max()) + 1 if n else 0)
    np.maximum.at(maxima, container, p)
    out[:, 10] = maxima[container]
    total = max(float(words.sum()), 1.0)
    out[:, 12] = p.max() if n else 0.0
    out[:, 13] = float((p * words).sum() / total)
    out[:, 14] = (np.argsort(np.argsort(p, kind="stable"), kind="stable") + 1) / max(n, 1)
    kept = p >= anchor
    out[:, 15] = float(words[kept].sum() / total)
    out[:, 16] = np.log1p(_distance_to(kept, reverse=False))
    out[:, 17] = np.log1p(_distance_to(kept, reverse=True))
    index = np.arange(n)
    if kept.any():
        first, last = np.flatnonzero(kept)[[0, -1]]
        outside = np.maximum(first - index, 0) + np.maximum(index - last, 0)
    else:
        outside = np.full(n, n, dtype=np.int64)
    out[:, 18] = (outside == 0).astype(float)
    out[:, 19] = np.log1p(outside)
    return out


def stacked_features(proba: np.ndarray, layout: Layout, anchor: float = 0.5) -> np.ndarray:
    """The second stage's extra columns (``STACKED_NAMES``) from first-stage P(content) of every row."""
    out = np.empty((len(proba), len(STACKED_NAMES)))
    for rows in layout.slices():
        if rows.stop > rows.start:
            out[rows] = _page_stack(proba[rows], layout.words[rows], layout.container[rows], layout.outer[rows], anchor)
    return out


def positive_proba(estimator: Any, X: np.ndarray) -> np.ndarray:
    """P(class 1) of a fitted binary classifier; a LightGBM model predicts through its booster on one
    thread (a page is a small batch, and the scikit-learn wrapper's checks cost more than the trees)."""
    booster = getattr(estimator, "booster_", None)
    if booster is not None and getattr(estimator, "n_classes_", 2) == 2:
        return np.asarray(booster.predict(X, num_threads=1))
    return np.asarray(estimator.predict_proba(X))[:, 1]


def _fold_of_pages(layout: Layout, groups: np.ndarray | None, folds: int, seed: int) -> np.ndarray:
    """A fold number per row: pages (or groups of pages) assigned to folds at random, seeded."""
    page_group = np.arange(layout.pages) if groups is None else groups
    unique, inverse = np.unique(page_group, return_inverse=True)
    assignment = np.random.default_rng(seed).permutation(len(unique)) % folds
    sizes = np.diff(layout.page_starts)
    return np.repeat(assignment[inverse], sizes)


class SectionModel(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Two-stage section classifier over ``SectionRef``s (see the module docstring).

    Args:
        features: the section feature transformer.
        first: the first-stage classifier (fitted on the features).
        second: the second-stage classifier (fitted on features + ``STACKED_NAMES``); ``None`` keeps
            the first stage alone.
        folds: inner folds (grouped by page) for the out-of-fold first-stage probabilities.
        anchor: P(content) that marks a section as kept in the stacked features.
        random_state: seeds the fold assignment.
    """

    def __init__(
        self,
        features: SectionFeatures | None = None,
        first: Any = None,
        second: Any = None,
        folds: int = 4,
        anchor: float = 0.5,
        random_state: int = 0,
    ):
        self.features = features
        self.first = first
        self.second = second
        self.folds = folds
        self.anchor = anchor
        self.random_state = random_state

    # ---------------------------------------------------------------- arrays (training and prediction)

    def fit_arrays(
        self,
        X: np.ndarray,
        layout: Layout,
        y: np.ndarray,
        sample_weight: np.ndarray | None = None,
        groups: np.ndarray | None = None,
    ) -> SectionModel:
        """Fit on precomputed feature rows (``features.transform``) with their ``layout``.

        Args:
            X: feature rows.
            layout: pages and containers of the rows.
            y: 1 for content, 0 for noise.
            sample_weight: per-row weights.
            groups: per page, a group id (pages of one group share inner folds: e.g. the HTML and
                plain-text renderings of one page).
        """
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        self.first_ = clone(self.first).fit(X, y, sample_weight=sample_weight)
        if self.second is None:
            self.second_ = None
            return self
        oof = np.zeros(len(y))
        fold = _fold_of_pages(layout, groups, self.folds, self.random_state)
        for k in range(self.folds):
            train, test = fold != k, fold == k
            weight = None if sample_weight is None else sample_weight[train]
            model = clone(self.first).fit(X[train], y[train], sample_weight=weight)
            oof[test] = positive_proba(model, X[test])
        stacked = np.hstack([X, stacked_features(oof, layout, self.anchor)])
        self.second_ = clone(self.second).fit(stacked, y, sample_weight=sample_weight)
        return self

    def first_proba(self, X: np.ndarray) -> np.ndarray:
        """First-stage P(content) of feature rows."""
        return positive_proba(self.first_, X)

    def second_input(self, X: np.ndarray, layout: Layout) -> np.ndarray:
        """The second stage's input rows: features and stacked first-stage probabilities."""
        return np.hstack([X, stacked_features(self.first_proba(X), layout, self.anchor).astype(X.dtype)])

    def proba_arrays(self, X: np.ndarray, layout: Layout) -> np.ndarray:
        """P(content) of precomputed feature rows."""
        if self.second_ is None:
            return self.first_proba(X)
        return positive_proba(self.second_, self.second_input(X, layout))

    # ---------------------------------------------------------------- pages

    def arrays(self, X: Sequence[SectionRef]) -> tuple[np.ndarray, Layout]:
        """Feature rows and layout of ``SectionRef``s (all sections of each page, in order)."""
        assert self.features is not None
        pages: list[Page] = []
        for ref in X:
            if not pages or ref.page is not pages[-1]:
                pages.append(ref.page)
        blocks = [self.features.page_arrays(page) for page in pages]
        matrix = np.vstack([b[0] for b in blocks]) if blocks else np.empty((0, 0))
        return matrix, layout_of(pages, [b[1] for b in blocks])

    def fit(self, X: Sequence[SectionRef], y: Any, sample_weight: Any = None) -> SectionModel:
        matrix, layout = self.arrays(X)
        return self.fit_arrays(matrix, layout, np.asarray(y), sample_weight)

    def predict_proba(self, X: Sequence[SectionRef]) -> np.ndarray:
        matrix, layout = self.arrays(X)
        p = self.proba_arrays(matrix, layout)
        return np.column_stack([1 - p, p])

    def predict(self, X: Sequence[SectionRef]) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def feature_names(self) -> list[str]:
        """Names of the second stage's input columns (the first stage's are the features')."""
        assert self.features is not None
        names = [str(n) for n in self.features.get_feature_names_out()]
        return names + (list(STACKED_NAMES) if self.second is not None else [])


def keep(proba: np.ndarray, words: np.ndarray, *, beta: float = 1.0, floor: float = 0.0) -> np.ndarray:
    """The sections to keep on one page: the set that maximises the expected token F-beta score.

    With calibrated P(content) ``p`` and tokens ``w`` per section, keeping a set S has expected score
    about ``(1 + b²) Σ_S p w / (Σ_S w + b² Σ p w)``; the best S holds the sections of highest ``p``
    (Lewis 1995; Nan et al. 2012), so it is found by sorting once. A page whose sections are all
    doubtful still keeps its most likely text, and a page of confident text keeps all of it.
    ``beta`` < 1 favours precision, > 1 recall. Sections below ``floor`` are never kept, so a page
    with nothing likely to be content (a list of links) comes out empty.

    >>> keep(np.array([0.9, 0.2, 0.8]), np.array([10.0, 10.0, 10.0])).tolist()
    [True, False, True]
    """
    n = len(proba)
    if n == 0:
        return np.zeros(0, dtype=bool)
    weights = np.maximum(words, 1.0)
    order = np.argsort(-proba, kind="stable")
    gain = np.cumsum(proba[order] * weights[order])
    size = np.cumsum(weights[order])
    b2 = beta * beta
    expected = (1 + b2) * gain / (size + b2 * gain[-1] + EPS)
    expected[proba[order] < floor] = -1.0
    kept = np.zeros(n, dtype=bool)
    if expected.max() < 0:
        return kept
    kept[order[: int(np.argmax(expected)) + 1]] = True
    return kept


def content_proba(page: Page, model: SectionModel) -> tuple[np.ndarray, np.ndarray]:
    """P(content) and word count of every section of ``page``."""
    if not page.sections:
        return np.empty(0), np.empty(0)
    assert model.features is not None
    matrix, layout = model.features.page_arrays(page)
    return model.proba_arrays(matrix, layout_of([page], [layout])), layout[0]
