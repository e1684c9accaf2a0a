"""The one language detector, for pages and headlines alike.

``detect`` counts, for every language with a folder under ``lexicons/``, the words of the text that
are in that language's stopwords or headline word lists (words listed by every language do not
count). The language with most hits wins when it has at least ``MIN_SHARE`` of the words (and at
least one) and no other language ties it; otherwise the answer is ``None``. A page's longest
sections give hundreds of words, so German, French or Portuguese pages come out as such; a short
headline needs only one telling word.

``LanguageDetector`` is the same rule as a scikit-learn classifier, with a learned fallback for the
texts it leaves undecided: a multinomial naive Bayes over hashed character 1-3-grams, fitted on
labeled texts of the languages that have a headline model and trusted only above
``min_confidence``. The headline model (``classifier.models.headlines.LanguageRouter``) holds one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.naive_bayes import MultinomialNB

from . import lexicons
from .features.ngrams import HashedNgrams, TextInput
from .text import tokens

__all__ = ["LanguageDetector", "detect"]

MIN_SHARE = 0.05
WORD_LISTS = ("stopwords", "forward_reference", "hyperbole", "emotion", "superlative", "second_person",
              "informal", "listicle", "question_words", "demonstrative")  # fmt: skip


@cache
def _vocabulary() -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """Language codes and, for each listed single word, the indices of the languages listing it."""
    codes = lexicons.languages()
    words = [frozenset(w for name in WORD_LISTS for w in lexicons.load(code, name) if " " not in w) for code in codes]
    shared = frozenset.intersection(*words) if len(words) > 1 else frozenset()
    table: dict[str, tuple[int, ...]] = {}
    for index, vocab in enumerate(words):
        for word in vocab - shared:
            table[word] = (*table.get(word, ()), index)
    return codes, table


def detect(text: str | Iterable[str]) -> str | None:
    """The language whose word lists cover most words, or ``None`` when the evidence is thin or tied.

    Args:
        text: a text, or its lower-cased word tokens.

    Returns:
        A code of a folder under ``lexicons/`` (``"id"``, ``"en"``, ``"es"``, ``"de"``...), or ``None``.

    >>> detect("Presiden mengatakan bahwa pasukan itu akan ditarik dari perbatasan")
    'id'
    >>> detect("You Won't Believe This"), detect("¿Por qué nadie habla de esto?")
    ('en', 'es')
    >>> detect("12345") is None, detect("Jokowi 2019") is None
    (True, True)
    """
    words = tokens(text) if isinstance(text, str) else list(text)
    codes, table = _vocabulary()
    counts = [0] * len(codes)
    get = table.get
    for word in words:
        for index in get(word, ()):
            counts[index] += 1
    best = max(range(len(codes)), key=counts.__getitem__, default=None)
    if best is None or not counts[best] or counts[best] < MIN_SHARE * len(words):
        return None
    if sum(1 for c in counts if c == counts[best]) > 1:
        return None
    return codes[best]


class LanguageDetector(TextInput, ClassifierMixin, BaseEstimator):
    """``detect``, then a character n-gram naive Bayes for what the word lists leave undecided.

    Args:
        min_confidence: the naive Bayes posterior needed to name a language; below it, ``None``.
        n_features: hash buckets of the character 1-3-grams.
        alpha: naive Bayes smoothing.

    ``fit(X, y)`` takes texts and their language codes (``None`` rows are ignored); ``predict``
    returns an object array of codes or ``None`` (always ``None`` for a text without a letter).
    """

    def __init__(self, *, min_confidence: float = 0.9, n_features: int = 1 << 16, alpha: float = 0.1):
        self.min_confidence = min_confidence
        self.n_features = n_features
        self.alpha = alpha

    def fit(self, X: Sequence[str], y: Sequence[str | None]) -> LanguageDetector:
        """Learn the fallback from labeled texts.

        Returns:
            ``self``.
        """
        rows = [i for i, code in enumerate(y) if code is not None]
        codes = np.asarray([str(y[i]) for i in rows], dtype=str)
        self.classes_ = np.unique(codes)
        self.fallback_: MultinomialNB | None = None
        self.ngrams_ = HashedNgrams(analyzer="char", ngram_range=(1, 3), n_features=self.n_features).fit([])
        if len(self.classes_) > 1:
            counts = self.ngrams_.transform([X[i] for i in rows])
            self.fallback_ = MultinomialNB(alpha=self.alpha).fit(counts, codes)
        return self

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """Language code of each text, or ``None``.

        Returns:
            An object array of ``len(X)`` codes.
        """
        out = np.asarray([detect(text) for text in X], dtype=object)
        undecided = [i for i, code in enumerate(out) if code is None and any(ch.isalpha() for ch in X[i])]
        fallback = getattr(self, "fallback_", None)
        if undecided and fallback is not None:
            proba = fallback.predict_proba(self.ngrams_.transform([X[i] for i in undecided]))
            best = proba.argmax(axis=1)
            for i, row, k in zip(undecided, proba, best):
                if row[k] >= self.min_confidence:
                    out[i] = str(fallback.classes_[k])
        return out
