"""What every section feature is computed from: a page's text and structure as whole-page arrays.

``arrays_of(page)`` reads the page once: the section texts joined into one string, its code points as a
numpy array with a character class per code point (one table lookup), the word tokens of the whole page
from one regex pass (their sections follow from the word starts counted per section), and the
structural fields as numpy columns. Feature functions (``section.py``, ``context.py``) are pure
functions of a ``PageArrays`` that return one value per section: no Python loop per section per feature.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from .. import lexicons
from ..text import WORD
from ..types import Page

__all__ = ["PageArrays", "arrays_of", "char_classes", "count_matches", "any_match", "per_section"]

SEPARATOR = "\n"
# character classes of ``char_classes``
OTHER, SPACE, UPPER, LOWER, DIGIT, WORDLIKE, PUNCT = range(7)
CLASSES = 7
STOPWORDS = lexicons.load_all("stopwords")
_WORD_CHAR = re.compile(r"\w")


@cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """(class of every code point of the Basic Multilingual Plane, whether it is a ``\\w`` character)."""
    classes = np.full(0x10000, OTHER, dtype=np.uint8)
    word = np.zeros(0x10000, dtype=bool)
    for cp in range(0x10000):
        char = chr(cp)
        cat = unicodedata.category(char)
        major = cat[0]
        if cat in ("Lu", "Lt"):
            classes[cp] = UPPER
        elif major == "L":
            classes[cp] = LOWER
        elif cat == "Nd":
            classes[cp] = DIGIT
        elif major in ("N", "M") or cp == 0x5F:  # other numbers, marks, "_"
            classes[cp] = WORDLIKE
        elif major in ("P", "S"):
            classes[cp] = PUNCT
        elif major == "Z" or char.isspace():
            classes[cp] = SPACE
        word[cp] = _WORD_CHAR.match(char) is not None
    return classes, word


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as a uint32 array (one per character)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def char_classes(points: np.ndarray) -> np.ndarray:
    """The class of each code point (``OTHER``, ``SPACE``, ``UPPER``, ``LOWER``, ``DIGIT``, ``WORDLIKE``,
    ``PUNCT``) as a uint8 array; code points beyond the BMP count as ``LOWER`` letters.

    >>> char_classes(code_points("Ab1 ,")).tolist()
    [2, 3, 4, 1, 6]
    """
    classes = _tables()[0][np.minimum(points, 0xFFFF)]
    astral = points > 0xFFFF
    if astral.any():
        classes[astral] = LOWER
    return classes


def _word_chars(points: np.ndarray) -> np.ndarray:
    """Whether each code point is a regex ``\\w`` character (exactly as ``text.WORD`` sees it)."""
    word = _tables()[1][np.minimum(points, 0xFFFF)]
    astral = np.flatnonzero(points > 0xFFFF)
    for i in astral:
        word[i] = _WORD_CHAR.match(chr(int(points[i]))) is not None
    return word


@dataclass(frozen=True, slots=True, eq=False)
class PageArrays:
    """A page prepared for feature computation.

    Attributes:
        page: the page.
        texts: section texts.
        joined: the texts joined by ``"\\n"``; section ``i`` starts at ``starts[i]``.
        starts: offset of each section in ``joined``.
        owner: the section of every character of ``joined`` (a separator belongs to the section before it).
        points: the code points of ``joined``.
        chars: characters per section.
        classes: per section, counts of each character class (n × ``CLASSES``).
        words: every word token of the page, in order (original case).
        lower: the same tokens lower-cased.
        word_owner: the section of each word token.
        n_words: word tokens per section.
        word_chars: characters of word tokens per section.
        title_starts: word tokens per section that start with a capital.
        stop: whether each word token is a function word of a known language.
    """

    page: Page
    texts: list[str]
    joined: str
    starts: np.ndarray
    owner: np.ndarray
    points: np.ndarray
    chars: np.ndarray
    classes: np.ndarray
    words: list[str]
    lower: list[str]
    word_owner: np.ndarray
    n_words: np.ndarray
    word_chars: np.ndarray
    title_starts: np.ndarray
    stop: np.ndarray
    _memo: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """``compute()``, computed once per page under ``key`` (columns several features share)."""
        value = self._memo.get(key)
        if value is None:
            value = self._memo[key] = compute()
        return value

    @property
    def n(self) -> int:
        return len(self.texts)

    @property
    def is_html(self) -> bool:
        return self.page.source == "html"


def per_section(arrays: PageArrays, owner: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Sum of ``weights`` (or a count) per section, for items owned by sections ``owner``."""
    return np.bincount(owner, weights=weights, minlength=arrays.n).astype(float)


def count_matches(arrays: PageArrays, pattern: re.Pattern[str]) -> np.ndarray:
    """Matches of ``pattern`` per section, from one pass over the joined text (for patterns that match
    rarely; they must not match across the ``"\\n"`` that separates sections)."""
    positions = [m.start() for m in pattern.finditer(arrays.joined)]
    if not positions:
        return np.zeros(arrays.n)
    return per_section(arrays, arrays.owner[positions])


def any_match(arrays: PageArrays, pattern: re.Pattern[str]) -> np.ndarray:
    """1.0 for each section holding a match of ``pattern`` (see ``count_matches``)."""
    return (count_matches(arrays, pattern) > 0).astype(float)


def arrays_of(page: Page) -> PageArrays:
    """The whole-page arrays of ``page``."""
    texts = [s.text for s in page.sections]
    n = len(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    if n > 1:
        starts[1:] = np.cumsum(lengths[:-1] + len(SEPARATOR))
    joined = SEPARATOR.join(texts)
    points = code_points(joined)
    owner = np.repeat(np.arange(n), lengths + len(SEPARATOR))[: len(joined)]
    classes = char_classes(points)
    counts = np.bincount(owner * CLASSES + classes, minlength=CLASSES * n).reshape(n, CLASSES).astype(float)
    if n > 1:
        counts[:-1, SPACE] -= 1
    word = _word_chars(points)
    word_start = word.copy()
    word_start[1:] &= ~word[:-1]
    first = np.flatnonzero(word_start)
    words = WORD.findall(joined)
    word_owner = owner[first]
    lower = [w.lower() for w in words]
    stop = np.fromiter(map(STOPWORDS.__contains__, lower), dtype=bool, count=len(words))
    return PageArrays(
        page=page,
        texts=texts,
        joined=joined,
        starts=starts,
        owner=owner,
        points=points,
        chars=lengths.astype(float),
        classes=counts,
        words=words,
        lower=lower,
        word_owner=word_owner,
        n_words=np.bincount(word_owner, minlength=n).astype(float),
        word_chars=np.bincount(owner[word], minlength=n).astype(float),
        title_starts=np.bincount(word_owner, weights=classes[first] == UPPER, minlength=n),
        stop=stop,
    )
