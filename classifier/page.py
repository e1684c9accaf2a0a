"""The currency of chaff: a ``Page`` of ``Section``s, and ``parse`` that makes one from HTML or text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Source = Literal["html", "text"]


@dataclass(frozen=True, slots=True)
class Section:
    """One block of text on a page.

    Structural fields are ``None`` for plain-text pages.

    Attributes:
        text: the block's text, whitespace collapsed.
        tag: the HTML element that holds the block (``p``, ``li``, ``h2``, ``td``, ...).
        path: tag names from the root down to ``tag``.
        attrs: lower-cased class/id words of each element on ``path``, space-joined per element.
        link_chars: characters of ``text`` that sit inside links.
        strong_chars: characters of ``text`` inside ``b``/``strong`` elements.
        lead_strong: length of the bold run that opens the block (a "Baca juga:" prefix).
    """

    text: str
    tag: str | None = None
    path: tuple[str, ...] | None = None
    attrs: tuple[str, ...] | None = None
    link_chars: int | None = None
    strong_chars: int | None = None
    lead_strong: int | None = None

    @property
    def depth(self) -> int | None:
        return None if self.path is None else len(self.path)


@dataclass(frozen=True, slots=True)
class Page:
    """A page: its title, detected language and ordered sections."""

    title: str
    lang: str | None
    sections: tuple[Section, ...] = field(default_factory=tuple)
    source: Source = "text"


HTML_HINT = re.compile(r"<(?:!doctype|html|head|body|div|p|span|a|br|table|article|section|h[1-6])\b", re.I)
LANG_SAMPLE_CHARS = 5000


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries HTML markup in its first 64 kB.

    >>> looks_like_html("<p>Hello</p>"), looks_like_html("a < b and c > d")
    (True, False)
    """
    return HTML_HINT.search(text[:65536]) is not None


def detect_language(sections: Sequence[Section]) -> str | None:
    """Language of the page's longer sections (``None`` when unclear)."""
    sample, size = [], 0
    for section in sorted(sections, key=lambda s: -len(s.text)):
        sample.append(section.text)
        size += len(section.text)
        if size >= LANG_SAMPLE_CHARS:
            break
    return lang.detect(" ".join(sample))


def parse(content: str | bytes, *, lang_hint: str | None = None, source: Source | None = None) -> Page:
    """Turn an HTML or plain-text page into a ``Page``. Never raises on odd input.

    Args:
        content: the page; bytes are decoded (BOM, UTF-8, declared charset, cp1252).
        lang_hint: a known language code, used instead of detection.
        source: ``"html"`` or ``"text"`` when known; by default markup is sniffed.
    """
    text = segment_html.decode(content) if isinstance(content, bytes) else content
    text = text.replace("\x00", "")
    if source == "html" or (source is None and looks_like_html(text)):
        root = segment_html.parse_tree(text)
        if root is None:
            return Page("", lang_hint, (), "html")
        sections = tuple(segment_html.sections_of(root))
        title = segment_html.title_of(root) or (sections[0].text if sections else "")
        return Page(title, lang_hint or detect_language(sections), sections, "html")
    sections = tuple(segment_text.sections_of(text))
    title = sections[0].text if sections else ""
    return Page(title, lang_hint or detect_language(sections), sections, "text")



def to_text(page: Page) -> str:
    """The page as plain text: its sections separated by blank lines (structure dropped)."""
    return "\n\n".join(section.text for section in page.sections)


from . import lang, segment_html, segment_text  # noqa: E402  (the segmenters build this module's Sections)
