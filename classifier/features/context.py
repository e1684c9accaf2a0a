"""Features of a section within its page — position, neighbours, the main text run, its containers, the
title — and ``SectionFeatures``, the transformer that computes every section feature of a page at once.

The model's samples are ``SectionRef``s (a page and an index). Rows of one page are computed together
from the page's ``PageArrays``: the own-text and structure features of ``section.py`` as whole-page
columns, then the context features below from those columns.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .. import lexicons
from ..text import tokens
from ..types import Page, Section
from . import section as sf
from .base import PageArrays, arrays_of

__all__ = ["SectionFeatures", "SectionRef", "feature_names", "page_matrix", "refs"]

NEIGHBOURED = ("log_words", "stopword_ratio", "ends_like_sentence", "link_density", "punctuation_ratio")
STOPWORDS = lexicons.load_all("stopwords")


@dataclass(frozen=True, slots=True)
class SectionRef:
    """Section ``index`` of ``page``: one sample of the section model."""

    page: Page
    index: int


def refs(page: Page) -> list[SectionRef]:
    """One ``SectionRef`` per section of ``page``."""
    return [SectionRef(page, i) for i in range(len(page.sections))]


@dataclass(frozen=True, slots=True)
class ContextParams:
    """Sizes that define the context features (parameters of ``SectionFeatures``)."""

    kinds: bool = False  # add the kind features (``section.KIND_FEATURES``) after the others
    main_text_words: int = 10  # a section this long counts towards the page's main text
    long_words: int = 20  # a section this long that ends like a sentence opens/closes the main span
    windows: tuple[int, ...] = (1, 2, 5)  # half-widths of the moving means over neighbours


def _shift(column: np.ndarray, by: int) -> np.ndarray:
    """``column`` moved down by ``by`` rows (up when negative), edges filled with nan."""
    out = np.full_like(column, np.nan)
    if by > 0:
        out[by:] = column[:-by]
    elif by < 0:
        out[:by] = column[-by:]
    else:
        out[:] = column
    return out


def _window_mean(column: np.ndarray, half: int) -> np.ndarray:
    """Mean of ``column`` over a centred window of ``2 * half + 1`` rows (edges shrink the window)."""
    padded = np.concatenate([[0.0], np.cumsum(np.nan_to_num(column))])
    n = len(column)
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) + half + 1, 0, n)
    return (padded[hi] - padded[lo]) / (hi - lo)


def _title_index(page: Page) -> int | None:
    title = page.title.lower()
    for i, section in enumerate(page.sections):
        text = section.text.lower()
        if section.tag == "h1" or text == title or (len(text) > 15 and title.startswith(text)):
            return i
    return None


def _prefix_share(section: Section, chain: tuple[int, ...] | None) -> float:
    """Share of the element chain ``chain`` that ``section``'s chain starts with (chain ids identify a
    whole prefix, so the shared length is found by bisection on single entries)."""
    if chain is None or section.chain is None:
        return math.nan
    own = section.chain
    lo, hi = 0, min(len(chain), len(own))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if own[mid - 1] == chain[mid - 1]:
            lo = mid
        else:
            hi = mid - 1
    return lo / max(len(chain), 1)


def containers(a: PageArrays) -> tuple[np.ndarray, np.ndarray]:
    """Per section, an id of the element chain holding its block and of that chain's parent (page-local;
    elements with the same chain of tags and class/id words count as one container: a list of like items
    is one box). Plain text: every paragraph is its own container, in one outer container."""
    if not a.is_html:
        return np.arange(a.n, dtype=np.int64), np.zeros(a.n, dtype=np.int64)

    def level(up: int) -> np.ndarray:
        return np.array([s.chain[-1 - up] if s.chain and len(s.chain) > up else -1 for s in a.page.sections]) + 1

    return a.memo("container", lambda: level(1)), a.memo("outer_container", lambda: level(2))


def _container_features(a: PageArrays, words: np.ndarray, link: np.ndarray) -> dict[str, np.ndarray]:
    """Text mass and link density of the element holding each section, and of its parent: article text
    sits in containers with many words and few links (nan for plain text)."""
    columns: dict[str, np.ndarray] = {}
    for group, name in zip(containers(a), ("container", "outer_container")):
        if not a.is_html:
            for suffix in ("log_words", "link_density", "log_sections"):
                columns[f"{name}_{suffix}"] = np.full(a.n, np.nan)
            continue
        total_words = np.bincount(group, weights=words)
        total_links = np.bincount(group, weights=words * np.nan_to_num(link))
        count = np.bincount(group)
        columns[f"{name}_log_words"] = np.log1p(total_words[group])
        columns[f"{name}_link_density"] = total_links[group] / np.maximum(total_words[group], 1)
        columns[f"{name}_log_sections"] = np.log1p(count[group])
    return columns


def _similarities(a: PageArrays, main_text_words: int) -> dict[str, np.ndarray]:
    """Overlap of each section's content words (not function words, not numbers) with the title's, and
    with the words of the page's other main-text sections (those of ``main_text_words`` or more)."""
    n = a.n
    owners, terms = a.term_owner, a.term_id
    unique = np.bincount(owners, minlength=n).astype(float)
    title_terms = {t for t in tokens(a.page.title) if t not in STOPWORDS and not t.isdigit()}
    title = [a.vocabulary[t] for t in title_terms if t in a.vocabulary]
    shared_title = np.bincount(owners, weights=np.isin(terms, title), minlength=n)
    main = a.n_words >= main_text_words
    in_main = main[owners]
    frequency = np.bincount(terms[in_main], minlength=int(terms.max()) + 1 if len(terms) else 1)
    elsewhere = (frequency[terms] - in_main) > 0
    texts = Counter(a.texts)
    return {
        "title_similarity": np.divide(shared_title, unique, out=np.zeros(n), where=unique > 0),
        "title_coverage": shared_title / len(title_terms) if title_terms else np.zeros(n),
        "main_text_similarity": np.divide(
            np.bincount(owners, weights=elsewhere, minlength=n), unique, out=np.zeros(n), where=unique > 0
        ),
        "log_duplicates": np.log1p(np.array([texts[t] - 1 for t in a.texts], dtype=float)),
    }


def context_matrix(a: PageArrays, col: dict[str, np.ndarray], params: ContextParams) -> dict[str, np.ndarray]:
    """Features of each section relative to its page, from the page's own-feature columns ``col``."""
    n = a.n
    words = a.n_words
    index = np.arange(n, dtype=float)
    columns: dict[str, np.ndarray] = {
        "position": index / max(n - 1, 1),
        "log_index": np.log1p(index),
        "log_index_from_end": np.log1p(n - 1 - index),
        "log_sections": np.full(n, math.log1p(n)),
        "page_is_html": np.full(n, float(a.is_html)),
        "page_log_words": np.full(n, math.log1p(words.sum())),
    }
    for name in NEIGHBOURED:
        for by in (1, 2):
            columns[f"prev{by}_{name}"] = _shift(col[name], by)
            columns[f"next{by}_{name}"] = _shift(col[name], -by)
    for half in params.windows:
        columns[f"window{half}_log_words"] = _window_mean(col["log_words"], half)
        columns[f"window{half}_stopword_ratio"] = _window_mean(col["stopword_ratio"], half)

    densest = int(np.argmax(_window_mean(words, 2))) if n else 0
    columns["from_densest"] = (index - densest) / max(n, 1)
    columns["log_dist_densest"] = np.log1p(np.abs(index - densest))
    spans = np.flatnonzero((words >= params.long_words) & (col["ends_like_sentence"] > 0))
    first, last = (spans[0], spans[-1]) if len(spans) else (densest, densest)
    outside = np.maximum(first - index, 0) + np.maximum(index - last, 0)
    columns["log_outside_main_span"] = np.log1p(outside)
    columns["in_main_span"] = (outside == 0).astype(float)

    title_at = _title_index(a.page)
    columns["from_title"] = (
        np.full(n, np.nan) if title_at is None else np.sign(index - title_at) * np.log1p(np.abs(index - title_at))
    )
    dominant = None
    if a.is_html:
        long: np.ndarray = words >= params.main_text_words
        parents = containers(a)[0]
        if long.any():
            best = int(np.argmax(np.bincount(parents[long], weights=words[long])))
            holder = next(s for s, p, is_long in zip(a.page.sections, parents, long) if p == best and is_long)
            dominant = holder.chain[:-1] if holder.chain else None
    columns["dominant_parent_share"] = np.array([_prefix_share(s, dominant) for s in a.page.sections])
    columns.update(_container_features(a, words, col["link_density"]))
    columns.update(_similarities(a, params.main_text_words))
    link = col["link_density"]
    columns["page_link_density"] = np.full(n, np.nan if np.isnan(link).all() else float(np.nanmean(link)))
    return columns


PageLayout = tuple[np.ndarray, np.ndarray, np.ndarray]  # words, container ids, outer container ids


def page_matrix(
    page: Page, attr_cues: tuple[str, ...], params: ContextParams = ContextParams()
) -> tuple[np.ndarray, PageLayout]:
    """Every feature of every section of ``page`` (one row per section, columns ``feature_names``), and
    the page's layout for the section model: words and container ids per section."""
    if not page.sections:
        empty = np.empty(0, dtype=np.int64)
        return np.empty((0, len(feature_names(attr_cues, params))), dtype=np.float32), (empty.astype(float), empty, empty)
    a = arrays_of(page)
    col = {name: fn(a) for name, fn in sf.FEATURES}
    context = context_matrix(a, col, params)
    # filled block by block into one float32 array, each block released once written: a page of 70,000
    # sections peaks some 150 MB lower than with a float64 matrix stacked from all the blocks at once
    matrix = np.empty((a.n, len(feature_names(attr_cues, params))), dtype=np.float32)
    j = _drain(matrix, 0, col)
    cues = sf.attr_cue_features(a, attr_cues)
    matrix[:, j : j + cues.shape[1]] = cues
    j += cues.shape[1]
    del cues
    j = _drain(matrix, j, context)
    if params.kinds:
        for _, fn in sf.KIND_FEATURES:
            matrix[:, j] = fn(a)
            j += 1
    assert j == matrix.shape[1]
    return matrix, (a.n_words, *containers(a))


def _drain(matrix: np.ndarray, start: int, columns: dict[str, np.ndarray]) -> int:
    """Move ``columns`` (in order) into ``matrix`` from column ``start``, emptying the dict; the next free
    column."""
    j = start
    for name in list(columns):
        matrix[:, j] = columns.pop(name)
        j += 1
    return j


@cache
def feature_names(attr_cues: tuple[str, ...], params: ContextParams = ContextParams()) -> list[str]:
    """Names of ``page_matrix`` columns, in order."""
    probe = arrays_of(Page("t", None, (Section("t"),)))
    col = {name: fn(probe) for name, fn in sf.FEATURES}
    names = [name for name, _ in sf.FEATURES] + sf.attr_cue_names(attr_cues) + list(context_matrix(probe, col, params))
    return names + ([name for name, _ in sf.KIND_FEATURES] if params.kinds else [])


class SectionFeatures(TransformerMixin, BaseEstimator):
    """Section features (own text and structure, page context) for a sequence of ``SectionRef``s.

    Args:
        attr_cues: class/id fragments, one pair of features each (see ``section.attr_cue_features``).
        kinds: also the features that name a noise section's kind (``section.KIND_FEATURES``).
        main_text_words, long_words, windows: sizes that define the context features (``ContextParams``).
    """

    def __init__(
        self,
        attr_cues: Sequence[str] = (),
        kinds: bool = False,
        main_text_words: int = 10,
        long_words: int = 20,
        windows: Sequence[int] = (1, 2, 5),
    ):
        self.attr_cues = attr_cues
        self.kinds = kinds
        self.main_text_words = main_text_words
        self.long_words = long_words
        self.windows = windows

    def _params(self) -> ContextParams:
        return ContextParams(bool(getattr(self, "kinds", False)), self.main_text_words, self.long_words, tuple(self.windows))

    def fit(self, X: Any, y: Any = None) -> SectionFeatures:
        self.n_features_in_ = len(feature_names(tuple(self.attr_cues), self._params()))
        return self

    def page_arrays(self, page: Page) -> tuple[np.ndarray, PageLayout]:
        """Feature rows of every section of ``page`` and its layout (``page_matrix``)."""
        return page_matrix(page, tuple(self.attr_cues), self._params())

    def transform(self, X: Sequence[SectionRef]) -> np.ndarray:
        cues, params = tuple(self.attr_cues), self._params()
        out = np.empty((len(X), len(feature_names(cues, params))))
        row = 0
        while row < len(X):
            page = X[row].page
            matrix, _ = page_matrix(page, cues, params)
            end = row
            while end < len(X) and X[end].page is page:
                end += 1
            out[row:end] = matrix[[ref.index for ref in X[row:end]]]
            row = end
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(feature_names(tuple(self.attr_cues), self._params()), dtype=object)
