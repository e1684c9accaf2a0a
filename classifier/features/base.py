"""What every section feature is computed from: a page's text read once into per-section counts.

``arrays_of(page)`` reads the section texts in chunks of about ``CHUNK_CHARS`` characters: each chunk's
texts are joined into one string, its code points classified by one table lookup, its word tokens found by
one regex pass (their sections follow from the word starts), and everything the features need is counted
per section with numpy. Only the per-section counts are kept, so a 20 MB page never holds per-character
or per-word arrays for the whole page at once. Feature functions (``section.py``, ``context.py``) are pure
functions of a ``PageArrays`` that return one value per section: no Python loop per section per feature.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from itertools import count as counter

import numpy as np

from .. import lexicons
from ..text import WORD
from ..types import Page

__all__ = ["COUNTS", "PageArrays", "arrays_of", "char_classes", "code_points"]

SEPARATOR = "\n"
CHUNK_CHARS = 1_000_000
# character classes of ``char_classes``
OTHER, SPACE, UPPER, LOWER, DIGIT, WORDLIKE, PUNCT = range(7)
CLASSES = 7
STOPWORDS = lexicons.load_all("stopwords")
BOILERPLATE = lexicons.load_all("boilerplate")
BOILERPLATE_WORDS = frozenset(p for p in BOILERPLATE if " " not in p)
BOILERPLATE_PHRASES = frozenset(tuple(p.split()) for p in BOILERPLATE if " " in p)
PHRASE_STARTS = frozenset(p[0] for p in BOILERPLATE_PHRASES)
PHRASE_SIZES = tuple(sorted({len(p) for p in BOILERPLATE_PHRASES}))
SENTENCE_MARKS = ".!?…"
AFTER_SENTENCE = "\"'”’)"
SEPARATOR_MARKS = "|•·»«›/\\"
QUOTE_MARKS = "\"“”«»„"
DATE_LIKE = re.compile(r"\b\d{1,2}[:/.-]\d{1,2}(?:[:/.-]\d{2,4})?\b|\b(?:19|20)\d{2}\b")
COPYRIGHT_WORD = re.compile(r"(?<!\w)copyright(?!\w)", re.I)
_WORD_CHAR = re.compile(r"\w")

# The per-section counts ``arrays_of`` computes (``PageArrays.counts``).
COUNTS = (
    "chars", "other", "space", "upper", "lower", "digit", "wordlike", "punct",
    "words", "word_chars", "title_starts", "stopwords", "boilerplate",
    "sentence_ends", "commas", "separators", "quotes", "dates", "copyright",
)  # fmt: skip


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


@cache
def _mark_table(marks: str) -> np.ndarray:
    """A lookup table over the Basic Multilingual Plane: True for the characters of ``marks``."""
    table = np.zeros(0x10000, dtype=bool)
    table[[ord(c) for c in marks]] = True
    return table


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
    for i in np.flatnonzero(points > 0xFFFF):
        word[i] = _WORD_CHAR.match(chr(int(points[i]))) is not None
    return word


def _is_mark(points: np.ndarray, marks: str) -> np.ndarray:
    return _mark_table(marks)[np.minimum(points, 0xFFFF)]


@dataclass(frozen=True, slots=True, eq=False)
class PageArrays:
    """A page prepared for feature computation.

    Attributes:
        page: the page.
        texts: section texts.
        counts: per section, each of ``COUNTS``.
        term_owner, term_id: the distinct content words (not function words, not numbers) of each
            section, as (section, page-local word id) pairs.
        vocabulary: page-local word id of every content word (unique, not dense).
    """

    page: Page
    texts: list[str]
    counts: dict[str, np.ndarray]
    term_owner: np.ndarray
    term_id: np.ndarray
    vocabulary: dict[str, int]
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

    @property
    def chars(self) -> np.ndarray:
        return self.counts["chars"]

    @property
    def n_words(self) -> np.ndarray:
        return self.counts["words"]


def _chunks(texts: list[str]) -> list[tuple[int, int]]:
    """Section ranges whose texts hold about ``CHUNK_CHARS`` characters together."""
    ranges, start, size = [], 0, 0
    for i, text in enumerate(texts):
        size += len(text) + 1
        if size >= CHUNK_CHARS:
            ranges.append((start, i + 1))
            start, size = i + 1, 0
    if start < len(texts) or not ranges:
        ranges.append((start, len(texts)))
    return ranges


def _boilerplate(lower: list[str], owner: np.ndarray) -> np.ndarray:
    """Per word: 1 for a furniture word, plus 1 for each furniture phrase starting there (within a section)."""
    hits = np.fromiter(map(BOILERPLATE_WORDS.__contains__, lower), dtype=float, count=len(lower))
    for i, word in enumerate(lower):
        if word in PHRASE_STARTS:
            for size in PHRASE_SIZES:
                if i + size <= len(lower) and owner[i + size - 1] == owner[i] and tuple(lower[i : i + size]) in BOILERPLATE_PHRASES:
                    hits[i] += 1
    return hits


def _count_chunk(
    texts: list[str], vocabulary: dict[str, int], fresh: counter[int]
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """The ``COUNTS`` of consecutive sections, and their content-word pairs (ids in ``vocabulary``, new
    words numbered by ``fresh``)."""
    n = len(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    joined = SEPARATOR.join(texts)
    points = code_points(joined)
    owner = np.repeat(np.arange(n, dtype=np.int32), lengths + len(SEPARATOR))[: len(joined)]

    starts = np.zeros(n, dtype=np.int64)
    if n > 1:
        starts[1:] = np.cumsum(lengths[:-1] + len(SEPARATOR))

    def per_section(mask: np.ndarray) -> np.ndarray:
        """Per section, the characters where ``mask`` holds (every section has a character)."""
        return np.add.reduceat(mask, starts, dtype=np.int64).astype(float) if n else np.zeros(0)

    def per_word_section(values: np.ndarray, where: np.ndarray) -> np.ndarray:
        return np.bincount(where, weights=values, minlength=n) if len(where) else np.zeros(n)

    counts: dict[str, np.ndarray] = {"chars": lengths.astype(float)}
    classes = char_classes(points)
    by_class = np.bincount(owner.astype(np.int64) * CLASSES + classes, minlength=CLASSES * n).reshape(n, CLASSES)
    for name, klass in zip(("other", "space", "upper", "lower", "digit", "wordlike", "punct"), range(CLASSES)):
        counts[name] = by_class[:, klass].astype(float)
    if n > 1:
        counts["space"][:-1] -= 1  # the separator after each section but the last
    word = _word_chars(points)
    word_start = word.copy()
    word_start[1:] &= ~word[:-1]
    first = np.flatnonzero(word_start)
    word_owner = owner[first]
    counts["words"] = np.bincount(word_owner, minlength=n).astype(float)
    counts["word_chars"] = per_section(word)
    counts["title_starts"] = per_word_section(classes[first] == UPPER, word_owner)
    lower = list(map(str.lower, WORD.findall(joined)))
    stop = np.fromiter(map(STOPWORDS.__contains__, lower), dtype=bool, count=len(lower))
    counts["stopwords"] = per_word_section(stop, word_owner)
    counts["boilerplate"] = per_word_section(_boilerplate(lower, word_owner), word_owner)
    follows = np.ones(len(points), dtype=bool)  # the last character is followed by the end of its section
    if len(points) > 1:
        following = points[1:]
        follows[:-1] = _is_mark(following, AFTER_SENTENCE) | (char_classes(following) == SPACE)
    counts["sentence_ends"] = per_section(_is_mark(points, SENTENCE_MARKS) & follows)
    counts["commas"] = per_section(points == ord(","))
    counts["separators"] = per_section(_is_mark(points, SEPARATOR_MARKS))
    counts["quotes"] = per_section(_is_mark(points, QUOTE_MARKS))
    counts["dates"] = np.zeros(n)
    for i in np.flatnonzero(counts["digit"] > 0):  # a date needs a digit: search only those sections
        counts["dates"][i] = DATE_LIKE.search(texts[i]) is not None
    positions = [m.start() for m in COPYRIGHT_WORD.finditer(joined)]
    counts["copyright"] = per_section(points == 0xA9) + (
        per_word_section(np.ones(len(positions)), owner[positions]) if positions else 0.0
    )
    # distinct content words per section, with page-wide ids
    content = ~stop & ~np.fromiter(map(str.isdigit, lower), dtype=bool, count=len(lower))
    if not content.any():
        return counts, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    kept = [w for w, keep in zip(lower, content) if keep]
    # ids are unique per word, not dense: a new word takes the next number of the page's counter
    ids = np.fromiter(map(vocabulary.setdefault, kept, fresh), dtype=np.int64, count=len(kept))
    size = int(ids.max()) + 1
    pairs = np.unique(word_owner[content].astype(np.int64) * size + ids)
    return counts, pairs // size, pairs % size


def arrays_of(page: Page) -> PageArrays:
    """The per-section counts and content words of ``page``, read chunk by chunk."""
    texts = [s.text for s in page.sections]
    vocabulary: dict[str, int] = {}
    fresh = counter()
    parts: list[dict[str, np.ndarray]] = []
    owners, ids = [], []
    for start, end in _chunks(texts):
        counts, owner, term = _count_chunk(texts[start:end], vocabulary, fresh)
        parts.append(counts)
        owners.append(owner + start)
        ids.append(term)
    counts = {name: np.concatenate([p[name] for p in parts]) for name in COUNTS}
    return PageArrays(page, texts, counts, np.concatenate(owners), np.concatenate(ids), vocabulary)
