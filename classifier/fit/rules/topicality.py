"""Topicality: how close a headline is to an article, for judging inserted link items.

Word overlap on lightly stemmed tokens (Indonesian affixes stripped, stopwords dropped, capitalised
names weighted up), blended with a character n-gram TF-IDF cosine whose IDF is fitted on the
article's own parts (title and content sections). Pure functions, no I/O.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ... import lexicons
from ...text import WORD, stem
from ...types import Page

__all__ = ["Article", "article_of", "headline_similarity", "stem"]

STOPWORDS = lexicons.load_all("stopwords")
CHAR_NGRAMS = (3, 5)
WORD_WEIGHT = 0.5  # share of the word overlap in the blend (the rest: character n-gram cosine)


def _terms(text: str, lang: str | None) -> dict[str, float]:
    """Stemmed content words; capitalised words (names) and long words count more."""
    terms: dict[str, float] = {}
    for position, word in enumerate(WORD.findall(text)):
        lowered = word.lower()
        if lowered in STOPWORDS or len(lowered) < 3 or lowered.isdigit():
            continue
        weight = 1.0 + (0.5 if len(lowered) >= 7 else 0.0)
        if word[0].isupper() and (position > 0 or word.isupper()):
            weight += 1.0
        key = stem(lowered, lang)
        terms[key] = terms.get(key, 0.0) + weight
    return terms


def _char_grams(text: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    low, high = CHAR_NGRAMS
    for word in WORD.findall(text.lower()):
        if word in STOPWORDS or len(word) < 3:
            continue
        padded = f" {word} "
        for size in range(low, high + 1):
            for k in range(max(len(padded) - size + 1, 1)):
                grams[padded[k : k + size]] += 1
    return grams


@dataclass(frozen=True, slots=True)
class Article:
    """What headlines are compared with: the article's stemmed terms and its character n-gram
    TF-IDF vector (IDF over the article's own parts)."""

    terms: frozenset[str]
    vector: dict[str, float]
    norm: float
    documents: int
    document_frequency: Counter[str]
    lang: str | None

    def idf(self, gram: str) -> float:
        return math.log((1 + self.documents) / (1 + self.document_frequency[gram])) + 1.0


def article_of(page: Page, content_indices: Sequence[int]) -> Article | None:
    """The article (title plus content sections) of ``page``, or ``None`` when it has no text."""
    parts = [page.title, *(page.sections[i].text for i in content_indices if 0 <= i < len(page.sections))]
    parts = [p for p in parts if p]
    if not parts:
        return None
    terms: set[str] = set()
    grams: Counter[str] = Counter()
    frequency: Counter[str] = Counter()
    for part in parts:
        terms.update(_terms(part, page.lang))
        part_grams = _char_grams(part)
        grams.update(part_grams)
        frequency.update(part_grams.keys())
    documents = len(parts)
    vector = {g: (1 + math.log(c)) * (math.log((1 + documents) / (1 + frequency[g])) + 1.0) for g, c in grams.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return Article(frozenset(terms), vector, norm, documents, frequency, page.lang)


def headline_similarity(headline: str, article: Article | None) -> float:
    """Similarity in [0, 1] of a headline (label already stripped) to an article."""
    if article is None or not WORD.findall(headline):
        return 0.0
    head_terms = _terms(headline, article.lang)
    total = sum(head_terms.values())
    word_score = sum(w for t, w in head_terms.items() if t in article.terms) / total if total else 0.0
    head = {g: (1 + math.log(c)) * article.idf(g) for g, c in _char_grams(headline).items()}
    dot = sum(v * article.vector.get(g, 0.0) for g, v in head.items())
    head_norm = math.sqrt(sum(v * v for v in head.values()))
    char_score = dot / (head_norm * article.norm) if head_norm and article.norm else 0.0
    return float(WORD_WEIGHT * word_score + (1 - WORD_WEIGHT) * char_score)
