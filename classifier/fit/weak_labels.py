"""Weak labels: the kind of every section of a page whose content/noise labels are known, from the
hand-written rules of chaff 0.1 (``fit/rules/``).

The rules no longer decide anything at analysis time; they name the noise sections of the thousands of
extraction pages that carry gold text but no kinds, so the kind model has examples of every kind from
real pages. Hand-labeled and generated pages (exact kinds) are weighed above them in training.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..types import Page
from .rules.kinds import kind_of
from .rules.links import detect

__all__ = ["weak_kinds"]


def weak_kinds(page: Page, content: Sequence[bool]) -> list[str]:
    """``"content"`` for content sections; for noise sections, ``inserted_link`` where the rules find an
    inserted item (the body being the content sections), else the kind the rules name (``other`` when
    none fits).

    >>> from classifier.types import Section
    >>> page = Page("t", "id", (Section("Artikel Terkait"), Section("Isi berita yang panjang.")), "text")
    >>> weak_kinds(page, [False, True])
    ['related', 'content']
    """
    proba = np.asarray(content, dtype=float)
    items = {c.index for c in detect(page, proba)}
    return [
        "content" if is_content else "inserted_link" if i in items else kind_of(section, content=False)
        for i, (section, is_content) in enumerate(zip(page.sections, content))
    ]
