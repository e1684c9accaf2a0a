"""Inserted link items as text: the link cue that opens one ("Baca juga:", "Read also |") and the
headline it carries. One cue lexicon (``lexicons/<lang>/link_cues.txt``) for features, items and rules.
"""

from __future__ import annotations

import re

from . import lexicons

__all__ = ["CUE_AT_START", "cue_split", "headline_of"]

CUES: tuple[str, ...] = tuple(sorted(lexicons.load_all("link_cues"), key=len, reverse=True))
CUE_AT_START = re.compile("(?:" + "|".join(map(re.escape, CUES)) + r")(?!\w)", re.IGNORECASE)
LABEL_SEPARATORS = ":|-–—»›>•·"
BRACKETED = re.compile(r"^\s*[\[(]\s*|\s*[\])]\s*$")
MEDIA_TAG = re.compile(r"^(video|foto|galeri|infografis|photo|photos|gallery)\s*[:|\-–—]?\s*", re.I)


def cue_split(text: str) -> tuple[str, str, str] | None:
    """Split a leading link cue off ``text``: ``(cue, separator, remainder)``, or ``None``.

    >>> cue_split("Baca Juga: Harga BBM naik lagi")
    ('baca juga', ':', 'Harga BBM naik lagi')
    >>> cue_split("BACA JUGA")
    ('baca juga', '', '')
    >>> cue_split("Bacaan ringan") is None
    True
    """
    match = CUE_AT_START.match(text)
    if match is None:
        return None
    stripped = text[match.end() :].lstrip()
    separator = ""
    while stripped and stripped[0] in LABEL_SEPARATORS:
        separator = separator or stripped[0]
        stripped = stripped[1:].lstrip()
    return match.group(0).lower(), separator, stripped.strip()


def headline_of(text: str) -> str:
    """The item's headline: ``text`` without its cue label and surrounding brackets/quotes.

    >>> headline_of("Baca juga: Polisi Tangkap Pelaku di Bekasi")
    'Polisi Tangkap Pelaku di Bekasi'
    >>> headline_of("Lihat juga Video: Cekcok di Jalan")
    'Cekcok di Jalan'
    """
    split = cue_split(text)
    rest = text if split is None else split[2]
    # "Lihat juga Video: ..." / "Simak Video ..." : a second short tag before the headline
    second = MEDIA_TAG.match(rest)
    if second and second.end() < len(rest):
        rest = rest[second.end() :]
    return BRACKETED.sub("", rest).strip().strip("\"“”'‘’").strip()
