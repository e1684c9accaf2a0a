"""Cheap language detection by counting each language's function words."""

from __future__ import annotations

from collections.abc import Iterable

from . import lexicons
from .text import tokens

MIN_HITS = 2
MIN_SHARE = 0.05


def detect(text: str | Iterable[str]) -> str | None:
    """The language whose stopwords cover most tokens, or ``None`` when the evidence is thin.

    Accepts a text or its tokens. Codes are the folders under ``lexicons/``.

    >>> detect("Presiden mengatakan bahwa pasukan itu akan ditarik dari perbatasan")
    'id'
    >>> detect("The president said that the troops will be withdrawn from the border")
    'en'
    >>> detect("12345") is None
    True
    """
    words = tokens(text) if isinstance(text, str) else list(text)
    best, best_hits = None, 0
    for lang in lexicons.languages():
        stop = lexicons.load(lang, "stopwords")
        hits = sum(1 for w in words if w in stop)
        if hits > best_hits:
            best, best_hits = lang, hits
    if best_hits < MIN_HITS or best_hits < MIN_SHARE * len(words):
        return None
    return best
