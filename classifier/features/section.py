"""Features of each section on its own: its text, and its HTML structure where it has one.

Every feature is a named pure function of a page's ``PageArrays`` returning one value per section,
listed in ``TEXT_FEATURES`` and ``STRUCTURE_FEATURES``. Structural features are ``nan`` for plain-text
pages, so one model serves both kinds of page (the gradient-boosted model routes missing values).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from .. import lexicons
from ..items import CUE_AT_START as LINK_CUE
from ..items import LABEL_SEPARATORS as CUE_SEPARATORS
from ..text import WORD
from .base import PageArrays

__all__ = ["FEATURES", "KIND_FEATURES", "STRUCTURE_FEATURES", "TEXT_FEATURES", "attr_cue_features", "attr_cue_names", "edge_keys"]

Feature = Callable[[PageArrays], np.ndarray]

CLOSING = "\"'”’)"
EDGE_LISTS = ("byline", "share", "related", "advertisement", "promo", "caption", "newsletter", "comment")
EDGE_PHRASES = {name: frozenset(" ".join(WORD.findall(p)) for p in lexicons.load_all(name)) for name in EDGE_LISTS}
DATELINE_WORDS = lexicons.load_all("dateline")
SHORT_WORDS = 12  # the edge features look at sections of at most this many words
DATELINE_SECTION_WORDS = 20
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
TAG_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("p", frozenset({"p"})),
    ("div", frozenset({"div", "section", "article", "main", "center"})),
    ("li", frozenset({"li", "dd", "dt"})),
    ("cell", frozenset({"td", "th", "tr", "table", "tbody", "caption"})),
    ("h1", frozenset({"h1"})),
    ("heading", HEADINGS - {"h1"}),
    ("quote", frozenset({"blockquote", "pre"})),
    ("caption", frozenset({"figcaption", "figure"})),
    ("furniture", frozenset({"nav", "footer", "header", "aside", "form", "menu"})),
)
TAG_GROUP = {tag: i for i, (_, group) in enumerate(TAG_GROUPS) for tag in group}
ANCESTORS = ("article", "main", "nav", "footer", "header", "aside", "form", "figure", "table", "ul", "a")
ANCESTOR_BIT = {tag: 1 << i for i, tag in enumerate(ANCESTORS)}
LOCAL_LEVELS = 3


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    return np.divide(numerator, denominator, out=np.zeros_like(numerator, dtype=float), where=denominator > 0)


def _count(a: PageArrays, name: str) -> np.ndarray:
    return a.counts[name]


def log_chars(a: PageArrays) -> np.ndarray:
    """log(1 + characters)."""
    return np.log1p(a.chars)


def log_words(a: PageArrays) -> np.ndarray:
    """log(1 + word tokens)."""
    return np.log1p(a.n_words)


def mean_word_length(a: PageArrays) -> np.ndarray:
    """Mean characters per word token."""
    return _ratio(_count(a, "word_chars"), a.n_words)


def sentence_ends(a: PageArrays) -> np.ndarray:
    """log(1 + sentence-ending punctuation marks: ``.!?…`` before a space, a closing quote or the end)."""
    return np.log1p(_count(a, "sentence_ends"))


def ends_like_sentence(a: PageArrays) -> np.ndarray:
    """1 when the text ends in sentence punctuation (maybe behind a quote or bracket)."""
    ends = (t.rstrip(CLOSING)[-1:] for t in a.texts)
    return np.fromiter((bool(e) and e in ".!?…" for e in ends), dtype=float, count=a.n)


def punctuation_ratio(a: PageArrays) -> np.ndarray:
    """Share of characters that are punctuation or symbols."""
    return _ratio(_count(a, "punct"), a.chars)


def digit_ratio(a: PageArrays) -> np.ndarray:
    """Share of characters that are digits."""
    return _ratio(_count(a, "digit"), a.chars)


def upper_ratio(a: PageArrays) -> np.ndarray:
    """Share of letters that are capitals."""
    upper = _count(a, "upper")
    return _ratio(upper, upper + _count(a, "lower"))


def titlecase_ratio(a: PageArrays) -> np.ndarray:
    """Share of words that start with a capital."""
    return _ratio(_count(a, "title_starts"), a.n_words)


def stopword_ratio(a: PageArrays) -> np.ndarray:
    """Share of words that are function words of any known language."""
    return _ratio(_count(a, "stopwords"), a.n_words)


def comma_rate(a: PageArrays) -> np.ndarray:
    """Commas per word."""
    return _ratio(_count(a, "commas"), a.n_words)


def separator_rate(a: PageArrays) -> np.ndarray:
    """Menu separators (``|``, ``•``, ``»`` ...) per word."""
    return _count(a, "separators") / np.maximum(a.n_words, 1)


def boilerplate_hits(a: PageArrays) -> np.ndarray:
    """How many page-furniture words and phrases the text holds (any language)."""
    return _count(a, "boilerplate")


def starts_with_link_cue(a: PageArrays) -> np.ndarray:
    """1 when the text opens with an inserted-link label such as "Baca juga" or "Read also"."""
    return np.fromiter((LINK_CUE.match(t) is not None for t in a.texts), dtype=float, count=a.n)


def has_copyright(a: PageArrays) -> np.ndarray:
    """1 for a copyright line."""
    return (_count(a, "copyright") > 0).astype(float)


def has_date(a: PageArrays) -> np.ndarray:
    """1 when the text holds a date, time or year."""
    return (_count(a, "dates") > 0).astype(float)


def has_quote(a: PageArrays) -> np.ndarray:
    """1 when the text holds quotation marks."""
    return (_count(a, "quotes") > 0).astype(float)


def starts_lowercase(a: PageArrays) -> np.ndarray:
    """1 when the text starts with a lower-case letter (a continuation or a fragment)."""
    return np.fromiter((t[:1].islower() for t in a.texts), dtype=float, count=a.n)


def _short_words(a: PageArrays) -> list[list[str] | None]:
    """Lower-cased word tokens of each section of at most ``DATELINE_SECTION_WORDS`` words (else None)."""

    def compute() -> list[list[str] | None]:
        limit = DATELINE_SECTION_WORDS
        return [WORD.findall(t.lower()) if n <= limit else None for t, n in zip(a.texts, a.n_words)]

    return a.memo("short_words", compute)  # type: ignore[arg-type, return-value]


def edge_keys(words: Sequence[str]) -> frozenset[str]:
    """The first and last one, two and three words of a section of at most ``SHORT_WORDS`` words,
    space-joined: the keys the edge lexicons are looked up with (empty for a longer or empty section).

    >>> sorted(edge_keys(["baca", "juga", "ini"]))
    ['baca', 'baca juga', 'baca juga ini', 'ini', 'juga ini']
    """
    if not words or len(words) > SHORT_WORDS:
        return frozenset()
    return frozenset(" ".join(part) for size in (1, 2, 3) for part in (words[:size], words[-size:]))


def _edge_keys(a: PageArrays) -> list[frozenset[str]]:
    """``edge_keys`` of every section, computed once per page."""

    def compute() -> list[frozenset[str]]:
        return [edge_keys(words or ()) for words in _short_words(a)]

    return a.memo("edge_keys", compute)  # type: ignore[arg-type, return-value]


def _edge(name: str) -> Feature:
    phrases = EDGE_PHRASES[name]

    def feature(a: PageArrays) -> np.ndarray:
        return np.fromiter((not phrases.isdisjoint(keys) for keys in _edge_keys(a)), dtype=float, count=a.n)

    feature.__doc__ = f"1 when a phrase of the {name!r} lexicon opens or closes a section of <= {SHORT_WORDS} words."
    return feature


def dateline_share(a: PageArrays) -> np.ndarray:
    """Share of the words of a short section that are weekday, month or time-zone words (datelines)."""
    return np.fromiter(
        (sum(w in DATELINE_WORDS for w in words) / len(words) if words else 0.0 for words in _short_words(a)),
        dtype=float, count=a.n,
    )  # fmt: skip


def cue_remainder_words(a: PageArrays) -> np.ndarray:
    """log(1 + words after an opening link cue: "Baca juga: <headline>"), 0 without a cue."""

    def remainder(text: str) -> float:
        match = LINK_CUE.match(text)
        return 0.0 if match is None else float(len(WORD.findall(text[match.end() :])))

    return np.log1p(np.fromiter(map(remainder, a.texts), dtype=float, count=a.n))


def cue_separator(a: PageArrays) -> np.ndarray:
    """1 when an opening link cue is followed by a separator (":", "|", "-", "»" ...)."""

    def separated(text: str) -> bool:
        match = LINK_CUE.match(text)
        return match is not None and text[match.end() :].lstrip()[:1] in CUE_SEPARATORS

    return np.fromiter(map(separated, a.texts), dtype=float, count=a.n)


def _structure(a: PageArrays, field: str) -> np.ndarray:
    if not a.is_html:
        return np.full(a.n, np.nan)
    return np.array([getattr(s, field) or 0 for s in a.page.sections], dtype=float)


def link_density(a: PageArrays) -> np.ndarray:
    """Share of characters inside links (nan for plain text)."""
    return _structure(a, "link_chars") / np.maximum(a.chars, 1)


def strong_density(a: PageArrays) -> np.ndarray:
    """Share of characters in bold (nan for plain text)."""
    return _structure(a, "strong_chars") / np.maximum(a.chars, 1)


def lead_strong_ratio(a: PageArrays) -> np.ndarray:
    """Share of characters in the bold run that opens the block (nan for plain text)."""
    return _structure(a, "lead_strong") / np.maximum(a.chars, 1)


def depth(a: PageArrays) -> np.ndarray:
    """Depth of the block's element in the tree (nan for plain text)."""
    if not a.is_html:
        return np.full(a.n, np.nan)
    return np.array([len(s.path or ()) for s in a.page.sections], dtype=float)


def _tag_groups(a: PageArrays) -> np.ndarray:
    """Index of each section's tag group (-1: none), computed once per page."""
    return a.memo("tag_groups", lambda: np.array([TAG_GROUP.get(s.tag or "", -1) for s in a.page.sections]))


def _ancestor_bits(a: PageArrays) -> np.ndarray:
    """Per section, a bit per tag of ``ANCESTORS`` found on its element chain, computed once per page."""
    return a.memo(
        "ancestor_bits", lambda: np.array([_bits_of_path(s.path or ()) for s in a.page.sections], dtype=np.int64)
    )


@lru_cache(maxsize=4096)
def _bits_of_path(path: tuple[str, ...]) -> int:
    bits = 0
    for tag in path:
        bits |= ANCESTOR_BIT.get(tag, 0)
    return bits


def _tag_in(group: int) -> Feature:
    def feature(a: PageArrays) -> np.ndarray:
        return (_tag_groups(a) == group).astype(float) if a.is_html else np.full(a.n, np.nan)

    feature.__doc__ = f"1 when the block's element is in tag group {TAG_GROUPS[group][0]!r} (nan for plain text)."
    return feature


def _has_ancestor(tag: str) -> Feature:
    bit = ANCESTOR_BIT[tag]

    def feature(a: PageArrays) -> np.ndarray:
        return ((_ancestor_bits(a) & bit) > 0).astype(float) if a.is_html else np.full(a.n, np.nan)

    feature.__doc__ = f"1 when the block sits inside a <{tag}> (nan for plain text)."
    return feature


TEXT_FEATURES: tuple[tuple[str, Feature], ...] = (
    ("log_chars", log_chars),
    ("log_words", log_words),
    ("mean_word_length", mean_word_length),
    ("sentence_ends", sentence_ends),
    ("ends_like_sentence", ends_like_sentence),
    ("punctuation_ratio", punctuation_ratio),
    ("digit_ratio", digit_ratio),
    ("upper_ratio", upper_ratio),
    ("titlecase_ratio", titlecase_ratio),
    ("stopword_ratio", stopword_ratio),
    ("comma_rate", comma_rate),
    ("separator_rate", separator_rate),
    ("boilerplate_hits", boilerplate_hits),
    ("starts_with_link_cue", starts_with_link_cue),
    ("has_copyright", has_copyright),
    ("has_date", has_date),
    ("has_quote", has_quote),
    ("starts_lowercase", starts_lowercase),
)
# What names a noise section's kind (read by the kind model, not the content model).
KIND_FEATURES: tuple[tuple[str, Feature], ...] = (
    ("cue_remainder_words", cue_remainder_words),
    ("cue_separator", cue_separator),
    ("dateline_share", dateline_share),
    *((f"edge_{name}", _edge(name)) for name in EDGE_LISTS),
)
STRUCTURE_FEATURES: tuple[tuple[str, Feature], ...] = (
    ("link_density", link_density),
    ("strong_density", strong_density),
    ("lead_strong_ratio", lead_strong_ratio),
    ("depth", depth),
    *((f"tag_{name}", _tag_in(i)) for i, (name, _) in enumerate(TAG_GROUPS)),
    *((f"inside_{tag}", _has_ancestor(tag)) for tag in ANCESTORS),
)
FEATURES = TEXT_FEATURES + STRUCTURE_FEATURES


@lru_cache(maxsize=8192)
def _cue_mask(words: str, cues: tuple[str, ...]) -> int:
    """Bit ``i`` set when the class/id words ``words`` contain cue ``i``."""
    mask = 0
    for i, cue in enumerate(cues):
        if cue in words:
            mask |= 1 << i
    return mask


@lru_cache(maxsize=4096)
def _path_masks(attrs: tuple[str, ...], cues: tuple[str, ...]) -> tuple[int, int]:
    """(cues of the element and its two closest ancestors, cues of any element on the path)."""
    masks = [_cue_mask(words, cues) for words in attrs]
    near = anywhere = 0
    for i, mask in enumerate(masks):
        anywhere |= mask
        if i >= len(masks) - LOCAL_LEVELS:
            near |= mask
    return near, anywhere


def attr_cue_features(a: PageArrays, cues: tuple[str, ...]) -> np.ndarray:
    """Per cue, two columns: does a class/id word of the block's element or a close ancestor contain it,
    and of any ancestor (nan for plain text). Masks are computed once per distinct element chain. float32
    (0, 1 and nan are exact in it): a page of many sections holds 84 of these columns at once."""
    out = np.full((a.n, 2 * len(cues)), np.nan, dtype=np.float32)
    if not a.is_html or not cues:
        return out
    masks = np.array([_path_masks(s.attrs or (), cues) for s in a.page.sections], dtype=np.int64).reshape(a.n, 2)
    bits = np.int64(1) << np.arange(len(cues), dtype=np.int64)
    out[:, : len(cues)] = (masks[:, :1] & bits) > 0
    out[:, len(cues) :] = (masks[:, 1:] & bits) > 0
    return out


def attr_cue_names(cues: tuple[str, ...]) -> list[str]:
    """Names of ``attr_cue_features`` columns."""
    return [f"attr_near_{c}" for c in cues] + [f"attr_any_{c}" for c in cues]
