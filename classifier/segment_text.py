"""Plain text into sections: paragraphs split on blank lines, or lines when there are none."""

from __future__ import annotations

import re

from . import page
from .text import normalize_space

BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


def sections_of(text: str) -> list[page.Section]:
    """Paragraphs of ``text`` as structure-less sections.

    >>> [s.text for s in sections_of("Title\\n\\nOne\\nline.\\n\\n\\nTwo.")]
    ['Title', 'One line.', 'Two.']
    >>> [s.text for s in sections_of("Title\\nOne.\\nTwo.")]
    ['Title', 'One.', 'Two.']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = BLANK_LINE.split(text) if BLANK_LINE.search(text) else text.split("\n")
    return [page.Section(text=t) for t in map(normalize_space, blocks) if t]
