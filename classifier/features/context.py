"""Features of a section within its page: position, neighbours, the main text run, the title.

The model's samples are ``SectionRef``s (a page and an index); features of all sections of a
page are computed together, once, so neighbour and page-level features cost one pass.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from ..page import Page
from ..text import tokens
from . import section as sf

LONG_WORDS = 20
MAIN_TEXT_WORDS = 10
NEIGHBOURED = ("log_words", "stopword_ratio", "ends_like_sentence", "link_density", "punctuation_ratio")
WINDOWS = (1, 2, 5)


@dataclass(frozen=True, slots=True)
class SectionRef:
    """Section ``index`` of ``page``: one sample of the section model."""

    page: Page
    index: int


def refs(page: Page) -> list[SectionRef]:
    """One ``SectionRef`` per section of ``page``."""
    return [SectionRef(page, i) for i in range(len(page.sections))]


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


def _content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in sf.STOPWORDS and not t.isdigit()]


def _title_index(page: Page) -> int | None:
    title = page.title.lower()
    for i, section in enumerate(page.sections):
        text = section.text.lower()
        if section.tag == "h1" or text == title or (len(text) > 15 and title.startswith(text)):
            return i
    return None


def _parent_key(section) -> tuple | None:
    return None if section.path is None else (section.path[:-1], section.attrs[:-1])


def _dominant_parent(page: Page, words: np.ndarray) -> tuple | None:
    """The (path, attrs) of the parent element holding most words in long sections."""
    weight: Counter = Counter()
    for section, n in zip(page.sections, words):
        if n >= MAIN_TEXT_WORDS and section.path is not None:
            weight[_parent_key(section)] += n
    return weight.most_common(1)[0][0] if weight else None


def _prefix_share(section, key: tuple | None) -> float:
    if key is None or section.path is None:
        return math.nan
    path, attrs = key
    shared = 0
    for a, b, c, d in zip(section.path, path, section.attrs, attrs):
        if a != b or c != d:
            break
        shared += 1
    return shared / max(len(path), 1)


def context_matrix(page: Page, base: np.ndarray, names: list[str]) -> tuple[np.ndarray, list[str]]:
    """Features of each section relative to its page, from the page's base feature matrix."""
    n = len(page.sections)
    col = {name: base[:, i] for i, name in enumerate(names)}
    words = np.expm1(col["log_words"])
    index = np.arange(n, dtype=float)
    columns: dict[str, np.ndarray] = {
        "position": index / max(n - 1, 1),
        "log_index": np.log1p(index),
        "log_index_from_end": np.log1p(n - 1 - index),
        "log_sections": np.full(n, math.log1p(n)),
        "page_is_html": np.full(n, float(page.source == "html")),
        "page_log_words": np.full(n, math.log1p(words.sum())),
    }
    for name in NEIGHBOURED:
        for by in (1, 2):
            columns[f"prev{by}_{name}"] = _shift(col[name], by)
            columns[f"next{by}_{name}"] = _shift(col[name], -by)
    for half in WINDOWS:
        columns[f"window{half}_log_words"] = _window_mean(col["log_words"], half)
        columns[f"window{half}_stopword_ratio"] = _window_mean(col["stopword_ratio"], half)

    densest = int(np.argmax(_window_mean(words, 2))) if n else 0
    columns["from_densest"] = (index - densest) / max(n, 1)
    columns["log_dist_densest"] = np.log1p(np.abs(index - densest))
    long = np.flatnonzero((words >= LONG_WORDS) & (col["ends_like_sentence"] > 0))
    first, last = (long[0], long[-1]) if len(long) else (densest, densest)
    outside = np.maximum(first - index, 0) + np.maximum(index - last, 0)
    columns["log_outside_main_span"] = np.log1p(outside)
    columns["in_main_span"] = (outside == 0).astype(float)

    title_at = _title_index(page)
    columns["from_title"] = (
        np.full(n, np.nan) if title_at is None else np.sign(index - title_at) * np.log1p(np.abs(index - title_at))
    )
    dominant = _dominant_parent(page, words)
    columns["dominant_parent_share"] = np.array([_prefix_share(s, dominant) for s in page.sections])
    columns.update(_container_features(page, words, col["link_density"]))
    columns.update(_similarities(page, words))
    link = col["link_density"]
    columns["page_link_density"] = np.full(n, np.nan if np.isnan(link).all() else float(np.nanmean(link)))
    return np.column_stack(list(columns.values())), list(columns)


def _container_features(page: Page, words: np.ndarray, link: np.ndarray) -> dict[str, np.ndarray]:
    """Text mass and link density of the element holding each section, and of its parent:
    article text sits in containers with many words and few links (nan for plain text)."""
    columns: dict[str, np.ndarray] = {}
    for level, name in ((1, "container"), (2, "outer_container")):
        if page.source != "html" or page.sections[0].path is None:
            for suffix in ("log_words", "link_density", "log_sections"):
                columns[f"{name}_{suffix}"] = np.full(len(words), np.nan)
            continue
        keys = [(s.path[:-level], s.attrs[:-level]) for s in page.sections]
        total_words: Counter = Counter()
        total_links: Counter = Counter()
        count: Counter = Counter()
        for key, n, density in zip(keys, words, np.nan_to_num(link)):
            total_words[key] += n
            total_links[key] += n * density
            count[key] += 1
        columns[f"{name}_log_words"] = np.log1p([total_words[k] for k in keys])
        columns[f"{name}_link_density"] = np.array([total_links[k] / max(total_words[k], 1) for k in keys])
        columns[f"{name}_log_sections"] = np.log1p([count[k] for k in keys])
    return columns


def _similarities(page: Page, words: np.ndarray) -> dict[str, np.ndarray]:
    """Overlap of each section's content words with the title and with the page's main text."""
    section_tokens = [_content_tokens(s.text) for s in page.sections]
    title = set(_content_tokens(page.title))
    main: Counter = Counter()
    for toks, n in zip(section_tokens, words):
        if n >= MAIN_TEXT_WORDS:
            main.update(toks)
    texts = Counter(s.text for s in page.sections)
    to_title, title_covered, to_main = [], [], []
    for section, toks, n in zip(page.sections, section_tokens, words):
        own = Counter(toks) if n >= MAIN_TEXT_WORDS else Counter()
        unique = set(toks)
        to_title.append(len(unique & title) / len(unique) if unique else 0.0)
        title_covered.append(len(unique & title) / len(title) if title else 0.0)
        to_main.append(sum(1 for t in unique if main[t] - own[t] > 0) / len(unique) if unique else 0.0)
    return {
        "title_similarity": np.array(to_title),
        "title_coverage": np.array(title_covered),
        "main_text_similarity": np.array(to_main),
        "log_duplicates": np.log1p(np.array([texts[s.text] - 1 for s in page.sections], dtype=float)),
    }


def page_matrix(page: Page, attr_cues: tuple[str, ...]) -> np.ndarray:
    """Every feature of every section of ``page``, one row per section."""
    names = [name for name, _ in sf.FEATURES]
    rows = [[*(fn(s) for _, fn in sf.FEATURES), *sf.attr_cue_features(s, attr_cues)] for s in page.sections]
    base = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(names) + 2 * len(attr_cues))
    if not page.sections:
        return np.empty((0, len(feature_names(attr_cues))))
    context, _ = context_matrix(page, base[:, : len(names)], names)
    return np.hstack([base, context])


@cache
def feature_names(attr_cues: tuple[str, ...]) -> list[str]:
    """Names of ``page_matrix`` columns, in order."""
    empty = Page("t", None, (sf.Section("t"),))
    base = [name for name, _ in sf.FEATURES]
    probe = np.zeros((1, len(base)))
    probe[:, base.index("link_density")] = np.nan
    _, context = context_matrix(empty, probe, base)
    return base + sf.attr_cue_names(attr_cues) + context


class SectionFeatures(TransformerMixin, BaseEstimator):
    """Section features (own text and structure, page context) for a sequence of ``SectionRef``s.

    Args:
        attr_cues: class/id fragments, one pair of features each (see ``section.attr_cue_features``).
    """

    def __init__(self, attr_cues: Sequence[str] = ()):
        self.attr_cues = attr_cues

    def fit(self, X, y=None):
        self.n_features_in_ = len(feature_names(tuple(self.attr_cues)))
        return self

    def transform(self, X: Sequence[SectionRef]) -> np.ndarray:
        cues = tuple(self.attr_cues)
        out = np.empty((len(X), len(feature_names(cues))))
        cache_page, cache_rows = None, None
        for row, ref in enumerate(X):
            if ref.page is not cache_page:
                cache_page, cache_rows = ref.page, page_matrix(ref.page, cues)
            out[row] = cache_rows[ref.index]
        return out

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.asarray(feature_names(tuple(self.attr_cues)), dtype=object)
