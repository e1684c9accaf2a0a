"""Pure features of one ``Section``: its text, and its HTML structure where it has one.

Structural features are ``nan`` for plain-text sections, so one model serves both kinds of page
(the gradient-boosted model routes missing values on its own).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from operator import itemgetter

from .. import lexicons
from ..page import Section
from ..text import WORD

NAN = float("nan")
SENTENCE_END = re.compile(r"[.!?…](?=[\s\"'”’)]|$)")
ENDS_LIKE_SENTENCE = re.compile(r"[.!?…][\"'”’)]*$")
SEPARATORS = re.compile(r"[|•·»«›/\\]")
DATE_LIKE = re.compile(r"\b\d{1,2}[:/.-]\d{1,2}(?:[:/.-]\d{2,4})?\b|\b(?:19|20)\d{2}\b")
QUOTES = re.compile(r"[\"“”«»„]")
PUNCTUATION = re.compile(r"[^\w\s]")
DIGIT = re.compile(r"\d")
LETTER = re.compile(r"[^\W\d_]")
CAPITAL = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]")
STOPWORDS = lexicons.load_all("stopwords")
BOILERPLATE_WORDS = frozenset(p for p in lexicons.load_all("boilerplate") if " " not in p)
BOILERPLATE_PHRASES = tuple(sorted(p for p in lexicons.load_all("boilerplate") if " " in p))
LINK_CUE = re.compile(
    "(?:" + "|".join(re.escape(cue) for cue in sorted(lexicons.load_all("link_cues"), key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)
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
ANCESTORS = ("article", "main", "nav", "footer", "header", "aside", "form", "figure", "table", "ul", "a")
LOCAL_LEVELS = 3


@lru_cache(maxsize=4096)
def _word_tokens(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(text))


def _words(section: Section) -> tuple[str, ...]:
    return _word_tokens(section.text)


def log_chars(section: Section) -> float:
    """log(1 + characters)."""
    return math.log1p(len(section.text))


def log_words(section: Section) -> float:
    """log(1 + word tokens)."""
    return math.log1p(len(_words(section)))


def mean_word_length(section: Section) -> float:
    """Mean characters per word token."""
    words = _words(section)
    return sum(map(len, words)) / len(words) if words else 0.0


def sentence_ends(section: Section) -> float:
    """log(1 + sentence-ending punctuation marks)."""
    return math.log1p(len(SENTENCE_END.findall(section.text)))


def ends_like_sentence(section: Section) -> float:
    """1 when the text ends in sentence punctuation (maybe behind a quote)."""
    return float(ENDS_LIKE_SENTENCE.search(section.text) is not None)


def punctuation_ratio(section: Section) -> float:
    """Share of characters that are neither word characters nor spaces."""
    return len(PUNCTUATION.findall(section.text)) / len(section.text)


def digit_ratio(section: Section) -> float:
    """Share of characters that are digits."""
    return len(DIGIT.findall(section.text)) / len(section.text)


def upper_ratio(section: Section) -> float:
    """Share of letters that are capitals."""
    letters = len(LETTER.findall(section.text))
    return len(CAPITAL.findall(section.text)) / letters if letters else 0.0


def titlecase_ratio(section: Section) -> float:
    """Share of words that start with a capital."""
    words = _words(section)
    return sum(map(str.isupper, map(itemgetter(0), words))) / len(words) if words else 0.0


def stopword_ratio(section: Section) -> float:
    """Share of words that are function words of any known language."""
    words = _words(section)
    return sum(map(STOPWORDS.__contains__, map(str.lower, words))) / len(words) if words else 0.0


def comma_rate(section: Section) -> float:
    """Commas per word."""
    words = _words(section)
    return section.text.count(",") / len(words) if words else 0.0


def separator_rate(section: Section) -> float:
    """Menu separators (``|``, ``•``, ``»`` ...) per word."""
    words = _words(section)
    return len(SEPARATORS.findall(section.text)) / max(len(words), 1)


def boilerplate_hits(section: Section) -> float:
    """How many page-furniture words and phrases the text holds (any language)."""
    words = WORD.findall(section.text.lower())
    lowered = f" {' '.join(words)} "
    return float(len(BOILERPLATE_WORDS.intersection(words)) + sum(f" {p} " in lowered for p in BOILERPLATE_PHRASES))


def starts_with_link_cue(section: Section) -> float:
    """1 when the text opens with an inserted-link label such as "Baca juga" or "Read also"."""
    return float(LINK_CUE.match(section.text) is not None)


def has_copyright(section: Section) -> float:
    """1 for a copyright line."""
    return float("©" in section.text or "copyright" in section.text.lower())


def has_date(section: Section) -> float:
    """1 when the text holds a date, time or year."""
    return float(DATE_LIKE.search(section.text) is not None)


def has_quote(section: Section) -> float:
    """1 when the text holds quotation marks."""
    return float(QUOTES.search(section.text) is not None)


def starts_lowercase(section: Section) -> float:
    """1 when the text starts with a lower-case letter (a continuation or a fragment)."""
    return float(section.text[0].islower())


def link_density(section: Section) -> float:
    """Share of characters inside links (nan for plain text)."""
    return NAN if section.link_chars is None else section.link_chars / len(section.text)


def strong_density(section: Section) -> float:
    """Share of characters in bold (nan for plain text)."""
    return NAN if section.strong_chars is None else section.strong_chars / len(section.text)


def lead_strong_ratio(section: Section) -> float:
    """Share of characters in the bold run that opens the block (nan for plain text)."""
    return NAN if section.lead_strong is None else section.lead_strong / len(section.text)


def depth(section: Section) -> float:
    """Depth of the block's element in the tree (nan for plain text)."""
    return NAN if section.depth is None else float(section.depth)


def _tag_in(group: frozenset[str]):
    def feature(section: Section) -> float:
        return NAN if section.tag is None else float(section.tag in group)

    return feature


def _has_ancestor(tag: str):
    def feature(section: Section) -> float:
        return NAN if section.path is None else float(tag in section.path)

    return feature


TEXT_FEATURES = (
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
STRUCTURE_FEATURES = (
    ("link_density", link_density),
    ("strong_density", strong_density),
    ("lead_strong_ratio", lead_strong_ratio),
    ("depth", depth),
    *((f"tag_{name}", _tag_in(group)) for name, group in TAG_GROUPS),
    *((f"inside_{tag}", _has_ancestor(tag)) for tag in ANCESTORS),
)
FEATURES = TEXT_FEATURES + STRUCTURE_FEATURES


def attr_cue_features(section: Section, cues: tuple[str, ...]) -> tuple[float, ...]:
    """Per cue: does a class/id word of the element or a close ancestor contain it, and of any ancestor."""
    if section.attrs is None:
        return (NAN,) * (2 * len(cues))
    return _attr_cues(section.attrs, cues)


@lru_cache(maxsize=1024)
def _attr_cues(attrs: tuple[str, ...], cues: tuple[str, ...]) -> tuple[float, ...]:
    local = " ".join(attrs[-LOCAL_LEVELS:])
    anywhere = " ".join(attrs)
    return tuple(float(cue in local) for cue in cues) + tuple(float(cue in anywhere) for cue in cues)


def attr_cue_names(cues: tuple[str, ...]) -> list[str]:
    """Names of ``attr_cue_features`` columns."""
    return [f"attr_near_{c}" for c in cues] + [f"attr_any_{c}" for c in cues]
