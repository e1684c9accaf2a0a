"""Pure features of one headline string, listed in ``FEATURES``.

Cues follow the clickbait literature (Chakraborty et al. 2016; Potthast et al. 2016, 2018):
forward references and teasers, hyperbole, emotion and superlatives, addressing the reader,
listicles, questions and exclamations, a number or demonstrative in first position, typographic
style (all-caps, title case, quotes, ellipsis) and plain length. Word lists live in
``lexicons/<lang>/*.txt`` and are matched over every language at once, so one model serves
Indonesian, English and Spanish.

Every function takes the headline ``str`` and returns a float; the text is analysed once per
headline (cached) so the many small functions stay cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from .. import lexicons
from ..text import WORD, tokens
from .transform import NamedFeatures

DIGITS = re.compile(r"^\d+$")
QUOTES = re.compile(r"[\"“”«»„]|(?<!\w)['‘’]|['‘’](?!\w)")
ELLIPSIS = re.compile(r"\.\.\.|…")
URL = re.compile(r"https?://\S+")
HASHTAG = re.compile(r"(?<!\w)#\w+")
MENTION = re.compile(r"(?<!\w)@\w+")
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf]")
REPORTED_SPEECH = re.compile(r"^[^:]{2,60}:\s")
LONG_WORD = 9


def _phrases(name: str) -> frozenset[str]:
    """Entries of lexicon ``name`` over every language, tokenised like headlines."""
    return frozenset(" ".join(tokens(entry)) for entry in lexicons.load_all(name))


LEXICONS = ("forward_reference", "hyperbole", "emotion", "superlative", "second_person", "informal")
PHRASE_LISTS: dict[str, tuple[int, ...]] = {}
for _index, _name in enumerate(LEXICONS):
    for _phrase in _phrases(_name):
        PHRASE_LISTS[_phrase] = (*PHRASE_LISTS.get(_phrase, ()), _index)
FORWARD_REFERENCE, HYPERBOLE, EMOTION, SUPERLATIVE, SECOND_PERSON, INFORMAL = map(_phrases, LEXICONS)
LISTICLE = _phrases("listicle")
QUESTION_WORDS = _phrases("question_words")
DEMONSTRATIVE = _phrases("demonstrative")
STOPWORDS = {lang: lexicons.load(lang, "stopwords") for lang in lexicons.languages()}
DETERMINERS = frozenset({"the", "a", "an", "el", "la", "los", "las", "un", "una", "sebuah", "seorang"})
MAX_PHRASE = max(p.count(" ") + 1 for p in PHRASE_LISTS)
PHRASE_STARTS = frozenset(p.split(" ")[0] for p in PHRASE_LISTS if " " in p)


def lexicon_hits(lower: tuple[str, ...] | list[str]) -> list[int]:
    """Number of phrases of each list in ``LEXICONS`` found in the lower-cased words ``lower``.

    >>> lexicon_hits(["lakukan", "hal", "ini"])[LEXICONS.index("forward_reference")]
    1
    """
    hits = [0] * len(LEXICONS)
    get = PHRASE_LISTS.get
    n = len(lower)
    for i, word in enumerate(lower):
        for index in get(word, ()):
            hits[index] += 1
        if word in PHRASE_STARTS:  # only then can a multi-word phrase start here
            for size in range(2, min(MAX_PHRASE, n - i) + 1):
                for index in get(" ".join(lower[i : i + size]), ()):
                    hits[index] += 1
    return hits


class Headline(NamedTuple):
    """A headline analysed once: raw text, word tokens (original case), lower-cased words, and
    the number of phrases of each list in ``LEXICONS`` it contains."""

    text: str
    words: tuple[str, ...]
    lower: tuple[str, ...]
    hits: tuple[int, ...]


@lru_cache(maxsize=2048)
def analyse(text: str) -> Headline:
    """Tokenise ``text`` and count lexicon phrases once; every feature reads from the result.

    >>> analyse("Ini Dia 5 Fakta!").lower
    ('ini', 'dia', '5', 'fakta')
    """
    words = tuple(WORD.findall(text))
    lower = tuple(w.lower() for w in words)
    hits = lexicon_hits(lower)
    return Headline(text, words, lower, tuple(hits))


def forward_reference(text: str) -> float:
    """Teaser phrases that point at withheld information ("hal ini", "ternyata", "here's why").

    >>> forward_reference("Jokowi Bakal Pertimbangkan Lakukan Hal Ini")
    1.0
    """
    return float(analyse(text).hits[0])


def hyperbole(text: str) -> float:
    """Hyperbole and intensifiers ("heboh", "mentah-mentah", "shocking").

    >>> hyperbole("Ditolak Mentah-mentah, Netizen Heboh")
    2.0
    """
    return float(analyse(text).hits[1])


def emotion(text: str) -> float:
    """Emotional words ("terharu", "adorable", "llanto")."""
    return float(analyse(text).hits[2])


def superlative(text: str) -> float:
    """Superlatives and absolutes ("terbaik", "of all time", "nunca")."""
    return float(analyse(text).hits[3])


def second_person(text: str) -> float:
    """Words addressing the reader ("kamu", "Anda", "you").

    >>> second_person("Which Friend Are You?")
    1.0
    """
    return float(analyse(text).hits[4])


def informal(text: str) -> float:
    """Colloquial register ("nih", "banget", "omg")."""
    return float(analyse(text).hits[5])


def listicle(text: str) -> float:
    """1.0 when a number is followed (within two words) by a listicle noun ("5 Fakta", "10 reasons").

    >>> listicle("10 Reasons Why Cats Rule"), listicle("Gempa 5 SR di Bali")
    (1.0, 0.0)
    """
    lower = analyse(text).lower
    for i, word in enumerate(lower):
        if word.isdigit() and any(w in LISTICLE for w in lower[i + 1 : i + 3]):
            return 1.0
    return 0.0


def starts_with_number(text: str) -> float:
    """1.0 when the first word is a number ("17 Things ...")."""
    lower = analyse(text).lower
    return float(bool(lower) and lower[0].isdigit())


def starts_with_demonstrative(text: str) -> float:
    """1.0 when the headline opens with a demonstrative ("Ini ...", "This ...", "Así ...").

    >>> starts_with_demonstrative("Ini Target Lampard Bersama Chelsea")
    1.0
    """
    lower = analyse(text).lower
    return float(bool(lower) and lower[0] in DEMONSTRATIVE)


def ends_with_demonstrative(text: str) -> float:
    """1.0 when the headline closes on a demonstrative ("... Lakukan Hal Ini").

    >>> ends_with_demonstrative("Jokowi Bakal Pertimbangkan Lakukan Hal Ini")
    1.0
    """
    lower = analyse(text).lower
    return float(bool(lower) and lower[-1] in DEMONSTRATIVE)


def starts_with_question_word(text: str) -> float:
    """1.0 when the headline opens with an interrogative ("Kenapa ...", "Why ...", "¿Cómo ...")."""
    lower = analyse(text).lower
    return float(bool(lower) and lower[0] in QUESTION_WORDS)


def starts_with_determiner(text: str) -> float:
    """1.0 when the headline opens with an article ("The ...", "La ...")."""
    lower = analyse(text).lower
    return float(bool(lower) and lower[0] in DETERMINERS)


def numbers(text: str) -> float:
    """Count of number tokens."""
    return float(sum(1 for w in analyse(text).lower if w.isdigit()))


def question_marks(text: str) -> float:
    """Count of question marks (``?`` and ``¿``)."""
    return float(text.count("?") + text.count("¿"))


def exclamation_marks(text: str) -> float:
    """Count of exclamation marks (``!`` and ``¡``)."""
    return float(text.count("!") + text.count("¡"))


def ends_with_question(text: str) -> float:
    """1.0 when the headline ends with a question mark."""
    return float(text.rstrip().endswith("?"))


def ellipsis(text: str) -> float:
    """Count of ellipses ("..." or "…")."""
    return float(len(ELLIPSIS.findall(text)))


def quotes(text: str) -> float:
    """Count of quotation marks, straight or curly (a quoted "kode" or a quoted speaker)."""
    return float(len(QUOTES.findall(text)))


def reported_speech(text: str) -> float:
    """1.0 for the news pattern "Speaker: statement" (a short prefix before a colon)."""
    return float(REPORTED_SPEECH.match(text) is not None)


def all_caps_words(text: str) -> float:
    """Share of words of two or more letters written in capitals ("SHOCKING", also acronyms)."""
    words = [w for w in analyse(text).words if len(w) > 1 and not w.isdigit()]
    return sum(1 for w in words if w.isupper()) / len(words) if words else 0.0


def title_case_words(text: str) -> float:
    """Share of words that start with a capital (Title Case Headline Style)."""
    words = [w for w in analyse(text).words if not w.isdigit()]
    return sum(1 for w in words if w[0].isupper()) / len(words) if words else 0.0


def n_words(text: str) -> float:
    """Length in words."""
    return float(len(analyse(text).words))


def n_chars(text: str) -> float:
    """Length in characters."""
    return float(len(text))


def mean_word_length(text: str) -> float:
    """Mean word length in characters (clickbait favours short words)."""
    words = analyse(text).words
    return sum(map(len, words)) / len(words) if words else 0.0


def long_words(text: str) -> float:
    """Share of words of nine or more characters."""
    words = analyse(text).words
    return sum(1 for w in words if len(w) >= LONG_WORD) / len(words) if words else 0.0


def stopword_ratio(text: str) -> float:
    """Share of words that are function words, in the language whose stopwords cover most.

    >>> round(stopword_ratio("This is what happens when you"), 2)
    0.83
    """
    lower = analyse(text).lower
    if not lower:
        return 0.0
    return most_stopwords(lower) / len(lower)


def hashtags(text: str) -> float:
    """Count of ``#hashtags`` (tweets and teasers)."""
    return float(len(HASHTAG.findall(text)))


def mentions(text: str) -> float:
    """Count of ``@mentions``."""
    return float(len(MENTION.findall(text)))


def urls(text: str) -> float:
    """Count of URLs."""
    return float(len(URL.findall(text)))


def emoji(text: str) -> float:
    """Count of emoji and pictographic symbols."""
    return float(len(EMOJI.findall(text)))


FEATURES = (
    ("forward_reference", forward_reference),
    ("hyperbole", hyperbole),
    ("emotion", emotion),
    ("superlative", superlative),
    ("second_person", second_person),
    ("informal", informal),
    ("listicle", listicle),
    ("starts_with_number", starts_with_number),
    ("starts_with_demonstrative", starts_with_demonstrative),
    ("ends_with_demonstrative", ends_with_demonstrative),
    ("starts_with_question_word", starts_with_question_word),
    ("starts_with_determiner", starts_with_determiner),
    ("numbers", numbers),
    ("question_marks", question_marks),
    ("exclamation_marks", exclamation_marks),
    ("ends_with_question", ends_with_question),
    ("ellipsis", ellipsis),
    ("quotes", quotes),
    ("reported_speech", reported_speech),
    ("all_caps_words", all_caps_words),
    ("title_case_words", title_case_words),
    ("n_words", n_words),
    ("n_chars", n_chars),
    ("mean_word_length", mean_word_length),
    ("long_words", long_words),
    ("stopword_ratio", stopword_ratio),
    ("hashtags", hashtags),
    ("mentions", mentions),
    ("urls", urls),
    ("emoji", emoji),
)


# --- fast path: every column in one pass per headline -------------------------------------------------

STOPWORD_LANGUAGES: dict[str, tuple[int, ...]] = {}  # word -> indices of the languages it is a stopword of
for _index, _stop in enumerate(STOPWORDS.values()):
    for _word in _stop:
        STOPWORD_LANGUAGES[_word] = (*STOPWORD_LANGUAGES.get(_word, ()), _index)


def most_stopwords(lower: Sequence[str]) -> int:
    """The largest number of words of ``lower`` that are stopwords of one language."""
    counts = [0] * len(STOPWORDS)
    get = STOPWORD_LANGUAGES.get
    for word in lower:
        for index in get(word, ()):
            counts[index] += 1
    return max(counts)


def feature_row(text: str) -> list[float]:
    """All ``FEATURES`` of one headline in one pass (same names, order and values as the functions).

    >>> feature_row("Ini Dia 5 Fakta!") == [fn("Ini Dia 5 Fakta!") for _, fn in FEATURES]
    True
    """
    words = WORD.findall(text)
    n = len(words)
    low = text.lower()
    lower = WORD.findall(low) if n else []
    if len(lower) != n:  # lower-casing changed the tokenisation (rare unicode): match the slow path
        lower = [w.lower() for w in words]
    hits = lexicon_hits(lower)
    digits = [w.isdigit() for w in lower]
    listicle_hit = 0.0
    if any(digits):
        for i, is_digit in enumerate(digits):
            if is_digit and any(w in LISTICLE for w in lower[i + 1 : i + 3]):
                listicle_hit = 1.0
                break
    first = lower[0] if n else None
    last = lower[-1] if n else None
    n_digits = sum(digits)
    caps_pool = [w for w, d in zip(words, digits) if len(w) > 1 and not d]
    title_pool = [w for w, d in zip(words, digits) if not d]
    lengths = sum(map(len, words))
    q = text.count("?") + text.count("¿")
    has_at = "@" in text
    has_hash = "#" in text
    ascii_text = text.isascii()
    may_quote = not ascii_text or '"' in text or "'" in text
    return [
        float(hits[0]), float(hits[1]), float(hits[2]), float(hits[3]), float(hits[4]), float(hits[5]),
        listicle_hit,
        float(first is not None and first.isdigit()),
        float(first in DEMONSTRATIVE) if n else 0.0,
        float(last in DEMONSTRATIVE) if n else 0.0,
        float(first in QUESTION_WORDS) if n else 0.0,
        float(first in DETERMINERS) if n else 0.0,
        float(n_digits),
        float(q),
        float(text.count("!") + text.count("¡")),
        float(text.rstrip().endswith("?")),
        float(len(ELLIPSIS.findall(text))) if ("." in text or "…" in text) else 0.0,
        float(len(QUOTES.findall(text))) if may_quote else 0.0,
        float(REPORTED_SPEECH.match(text) is not None) if ":" in text else 0.0,
        sum(map(str.isupper, caps_pool)) / len(caps_pool) if caps_pool else 0.0,
        sum(1 for w in title_pool if w[0].isupper()) / len(title_pool) if title_pool else 0.0,
        float(n),
        float(len(text)),
        lengths / n if n else 0.0,
        sum(map(LONG_WORD.__le__, map(len, words))) / n if n else 0.0,
        most_stopwords(lower) / n if n else 0.0,
        float(len(HASHTAG.findall(text))) if has_hash else 0.0,
        float(len(MENTION.findall(text))) if has_at else 0.0,
        float(len(URL.findall(text))) if "://" in text else 0.0,
        0.0 if ascii_text else float(len(EMOJI.findall(text))),
    ]


def feature_matrix(texts: Iterable[str]) -> np.ndarray:
    """``feature_row`` of every text, as an ``(n, len(FEATURES))`` array.

    >>> feature_matrix(["Ini Dia 5 Fakta!", ""]).shape
    (2, 30)
    """
    rows = [feature_row(text) for text in texts]
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))


class HeadlineFeatures(NamedFeatures):
    """``NamedFeatures(FEATURES)`` with the one-pass ``feature_row``: same columns, several times faster.

    >>> HeadlineFeatures().fit(["a"]).transform(["Ini Dia 5 Fakta!"]).shape
    (1, 30)
    """

    def __init__(self, features: Sequence[tuple[str, Callable[[Any], float]]] = FEATURES) -> None:
        super().__init__(features)

    def transform(self, X: Iterable[str]) -> np.ndarray:
        if self.features is not FEATURES and tuple(self.features) != FEATURES:
            return super().transform(X)
        return feature_matrix(X)
