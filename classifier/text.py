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


ID_PREFIXES = ("memper", "mempe", "meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "pe",
               "ber", "be", "ter", "di", "ke", "se")
ID_SUFFIXES = ("nya", "lah", "kah", "tah", "pun", "kan", "an", "i")
EN_SUFFIXES = ("ingly", "ings", "ing", "edly", "ied", "ies", "ed", "es", "s")


def stem(word: str, lang: str | None = None) -> str:
    """A light stem: Indonesian particles/suffixes/prefixes off, English inflections off.

    Crude on purpose — it only has to make inflected forms of the same word meet.

    >>> stem("pasukannya"), stem("pasukan")
    ('pasu', 'pasu')
    >>> stem("diplomats", "en"), stem("diplomat", "en")
    ('diplomat', 'diplomat')
    """
    w = word.lower()
    if len(w) <= 4 or w.isdigit():
        return w
    if lang in (None, "id", "ms"):
        for suffix in ID_SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                if suffix in ("nya", "lah", "kah", "tah", "pun"):
                    continue
                break
        for prefix in ID_PREFIXES:
            if w.startswith(prefix) and len(w) - len(prefix) >= 4:
                w = w[len(prefix) :]
                break
    if lang in (None, "en"):
        for suffix in EN_SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                break
    return w
