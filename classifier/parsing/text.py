"""Plain text into sections: paragraphs split on blank lines, or lines when there are none."""

from __future__ import annotations

import re

from ..text import normalize_space
from ..types import Section

__all__ = ["sections_of"]

BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


def sections_of(text: str, *, max_sections: int) -> tuple[list[Section], bool]:
    """Paragraphs of ``text`` as structure-less sections, and whether ``max_sections`` cut them.

    >>> [s.text for s in sections_of("Title\\n\\nOne\\nline.\\n\\n\\nTwo.", max_sections=10)[0]]
    ['Title', 'One line.', 'Two.']
    >>> [s.text for s in sections_of("Title\\nOne.\\nTwo.", max_sections=10)[0]]
    ['Title', 'One.', 'Two.']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = BLANK_LINE.split(text) if BLANK_LINE.search(text) else text.split("\n")
    sections: list[Section] = []
    for block in blocks:
        cleaned = normalize_space(block)
        if cleaned:
            if len(sections) >= max_sections:
                return sections, True
            sections.append(Section(cleaned))
    return sections, False
