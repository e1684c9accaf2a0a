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
from .attribution import attribution, path_contributions

__all__ = ["Layout", "SectionModel", "keep", "stacked_features", "STACKED_NAMES"]

EPS = 1e-6
ITEM_KIND = "inserted_link"


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


class SectionModel(ClassifierMixin, BaseEstimator):
    """Two-stage section classifier over ``SectionRef``s (see the module docstring).

    Two more, optional estimators read all the features (those of ``features`` beyond the first
    ``base_columns`` are read by them alone) and are fitted separately (``fit_kinds``), on pages whose
    sections carry kinds: ``items`` (binary) tells inserted link items from every other section, whatever
    their length or P(content) — ``extract`` needs only it; ``kinds`` names what every other section is,
    ``content`` or a kind of noise (``byline``, ``related``, ``navigation`` ...).

    Args:
        features: the section feature transformer.
        first: the first-stage classifier (fitted on the features).
        second: the second-stage classifier (fitted on features + ``STACKED_NAMES``); ``None`` keeps
            the first stage alone.
        kinds: the kind classifier (multiclass), or ``None``.
        items: the inserted-item classifier (binary), or ``None``.
        base_columns: how many leading feature columns the content stages read (``None``: all).
        folds: inner folds (grouped by page) for the out-of-fold first-stage probabilities.
        anchor: P(content) that marks a section as kept in the stacked features.
        random_state: seeds the fold assignment.
    """

    def __init__(
        self,
        features: SectionFeatures | None = None,
        first: Any = None,
        second: Any = None,
        kinds: Any = None,
        items: Any = None,
        base_columns: int | None = None,
        folds: int = 4,
        anchor: float = 0.5,
        random_state: int = 0,
    ):
        self.features = features
        self.first = first
        self.second = second
        self.kinds = kinds
        self.items = items
        self.base_columns = base_columns
        self.folds = folds
        self.anchor = anchor
        self.random_state = random_state

    def _base(self, X: np.ndarray) -> np.ndarray:
        return X if self.base_columns is None or X.shape[1] == self.base_columns else X[:, : self.base_columns]

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
        X = self._base(X)
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

    def fit_kinds(self, X: np.ndarray, kinds: np.ndarray, sample_weight: np.ndarray | None = None) -> SectionModel:
        """Fit the item and kind estimators on feature rows (all columns) labeled with kinds (``"content"``
        or a noise kind): items on every row, kinds on the rows that are not items."""
        if self.kinds is None or self.items is None:
            raise ValueError("this section model has no kind estimator")
        kinds = np.asarray(kinds)
        is_item = kinds == ITEM_KIND
        if is_item.any() and not is_item.all():
            self.items_ = clone(self.items).fit(X, is_item.astype(int), sample_weight=sample_weight)
        rest = ~is_item
        weight = None if sample_weight is None else sample_weight[rest]
        if len(np.unique(kinds[rest])) >= 2:
            self.kinds_ = clone(self.kinds).fit(X[rest], kinds[rest], sample_weight=weight)
        return self

    @property
    def has_items(self) -> bool:
        return getattr(self, "items_", None) is not None

    def item_proba(self, X: np.ndarray) -> np.ndarray:
        """P(inserted link item) of feature rows (all columns)."""
        return positive_proba(self.items_, X)

    def item_contributions(self, X: np.ndarray) -> np.ndarray:
        """Per row, each feature's contribution to the logit of P(item) (the last column is the bias)."""
        return path_contributions(self.items_.booster_, X)[:, 0, :]

    @property
    def kind_classes(self) -> list[str]:
        """The kinds the kind estimator names (``[]`` without one)."""
        fitted = getattr(self, "kinds_", None)
        return [] if fitted is None else [str(c) for c in fitted.classes_]

    def kind_proba(self, X: np.ndarray) -> np.ndarray:
        """P(kind) of feature rows (all columns), one column per ``kind_classes``."""
        fitted = self.kinds_
        booster = getattr(fitted, "booster_", None)
        if booster is None:
            return np.asarray(fitted.predict_proba(X))
        raw = np.asarray(booster.predict(X, num_threads=1))
        return np.column_stack([1 - raw, raw]) if raw.ndim == 1 else raw

    def first_proba(self, X: np.ndarray) -> np.ndarray:
        """First-stage P(content) of feature rows (all columns, or the content stages' leading ones)."""
        booster = getattr(self.first_, "booster_", None)
        if booster is not None and X.shape[1] > booster.num_feature() and X.flags.c_contiguous:
            # the trees read only the leading columns: predict on the rows as they are, with no copy
            # of a column slice (the trailing, kind-only columns are never split on)
            return np.asarray(booster.predict(X, num_threads=1, predict_disable_shape_check=True))
        return positive_proba(self.first_, self._base(X))

    def second_input(self, X: np.ndarray, layout: Layout) -> np.ndarray:
        """The second stage's input rows: features and stacked first-stage probabilities (one new
        array, filled in place)."""
        width = X.shape[1] if self.base_columns is None else self.base_columns
        out = np.empty((len(X), width + len(STACKED_NAMES)), dtype=X.dtype)
        out[:, :width] = X[:, :width]
        out[:, width:] = stacked_features(self.first_proba(X), layout, self.anchor)
        return out

    def proba_arrays(self, X: np.ndarray, layout: Layout) -> np.ndarray:
        """P(content) of precomputed feature rows."""
        return self.stage_proba(self.stage_rows(X, layout))

    def stage_rows(self, X: np.ndarray, layout: Layout) -> np.ndarray:
        """The input rows of the last stage (the second's: features and stacked probabilities)."""
        return self._base(X) if self.second_ is None else self.second_input(X, layout)

    def stage_proba(self, rows: np.ndarray) -> np.ndarray:
        """P(content) of last-stage input rows (``stage_rows``)."""
        return positive_proba(self.first_ if self.second_ is None else self.second_, rows)

    def contributions(
        self, X: np.ndarray, layout: Layout, rows: np.ndarray | None = None
    ) -> tuple[np.ndarray, list[str]]:
        """Per row, each input's contribution to the logit of P(content) (path attribution,
        ``classifier.models.attribution``; the last column is the bias), and the input names."""
        stage = self.first_ if self.second_ is None else self.second_
        rows = self.stage_rows(X, layout) if rows is None else rows
        names = self.feature_names()[: rows.shape[1]] + ["bias"]
        return path_contributions(stage.booster_, rows)[:, 0, :], names

    def kind_explained(self, X: np.ndarray, among: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each row: P(kind) (one column per ``kind_classes``), the likeliest kind among the columns
        ``among``, and the contributions to that kind's raw score (features, then the bias) — from one pass
        over the trees, contributions computed only for the kind each row is named."""
        booster = self.kinds_.booster_
        table = attribution(booster)
        leaves = table.leaves(booster, X)
        raw = table.raw(leaves)
        if len(self.kind_classes) == 2:  # a binary booster scores the second kind; the first is its mirror
            p = 1.0 / (1.0 + np.exp(-raw[:, 0]))
            proba = np.column_stack([1 - p, p])
        else:
            e = np.exp(raw - raw.max(axis=1, keepdims=True))
            proba = e / e.sum(axis=1, keepdims=True)
        columns = np.asarray(among, dtype=int)
        best = columns[np.argmax(proba[:, columns], axis=1)] if len(columns) else np.zeros(len(X), dtype=int)
        parts = np.zeros((len(X), table.n_features + 1))
        for k in np.unique(best):
            rows = np.flatnonzero(best == k)
            if len(self.kind_classes) == 2:
                parts[rows] = table.parts(leaves[rows], 0) * (1 if k == 1 else -1)
            else:
                parts[rows] = table.parts(leaves[rows], int(k))
        return proba, best, parts

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
        """Names of the second stage's input columns (the first stage's are the leading features')."""
        assert self.features is not None
        names = [str(n) for n in self.features.get_feature_names_out()]
        names = names if self.base_columns is None else names[: self.base_columns]
        return names + (list(STACKED_NAMES) if self.second is not None else [])

    def all_feature_names(self) -> list[str]:
        """Names of every feature column (what the kind estimator reads)."""
        assert self.features is not None
        return [str(n) for n in self.features.get_feature_names_out()]


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


@dataclass(frozen=True, slots=True)
class PageScores:
    """What the section model says of one page's sections."""

    matrix: np.ndarray  # feature rows
    layout: Layout
    proba: np.ndarray  # P(content)
    words: np.ndarray
    item_proba: np.ndarray | None  # P(inserted link item); None without an item estimator
    stage_rows: np.ndarray | None = None  # the last stage's input rows (reused by the reasons)


def page_scores(page: Page, model: SectionModel) -> PageScores:
    """P(content) and P(item) of every section of ``page``, from one feature computation."""
    assert model.features is not None
    if not page.sections:
        empty = np.empty(0)
        return PageScores(np.empty((0, 0), dtype=np.float32), layout_of([], []), empty, empty,
                          empty if model.has_items else None)  # fmt: skip
    matrix, parts = model.features.page_arrays(page)
    layout = layout_of([page], [parts])
    rows = model.stage_rows(matrix, layout)
    proba = model.stage_proba(rows)
    items = model.item_proba(matrix) if model.has_items else None
    return PageScores(matrix, layout, proba, parts[0], items, rows)
