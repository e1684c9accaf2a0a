"""Text primitives shared by every feature: tokens, normalisation."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")
SPACE = re.compile(r"\s+")


def tokens(text: str) -> list[str]:
    """Lower-cased unicode word tokens, as the evaluation protocol counts them.

    >>> tokens("Baca Juga: Rusia-Ukraina, 2024!")
    ['baca', 'juga', 'rusia', 'ukraina', '2024']
    """
    return WORD.findall(text.lower())


def normalize_space(text: str) -> str:
    """NFC, every whitespace run collapsed to one space, trimmed.

    >>> normalize_space("  a\\n\\u00a0 b ")
    'a b'
    """
    return " ".join(unicodedata.normalize("NFC", text).split())
