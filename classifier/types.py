"""The currency of chaff: ``Page``, ``Section`` and the literal vocabularies of labels, kinds and reasons.

This module imports nothing from the package; everything else imports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Source = Literal["html", "text"]
SectionLabel = Literal["content", "noise"]
HeadlineLabel = Literal["clickbait", "not_clickbait"]

# What a section is: content kinds first, then the kinds of page furniture.
ContentKind = Literal["paragraph", "heading", "list", "quote"]
NoiseKind = Literal[
    "inserted_link", "related", "navigation", "byline", "dateline", "share", "advertisement",
    "caption", "comment", "newsletter", "footer", "other",
]  # fmt: skip
Kind = Literal[ContentKind, NoiseKind]
CONTENT_KINDS: tuple[ContentKind, ...] = ("paragraph", "heading", "list", "quote")
NOISE_KINDS: tuple[NoiseKind, ...] = (
    "inserted_link", "related", "navigation", "byline", "dateline", "share", "advertisement",
    "caption", "comment", "newsletter", "footer", "other",
)  # fmt: skip

# Why a page has no content.
EmptyReason = Literal["no_text", "binary", "unparseable", "all_noise"]
# Limits of ``Config`` that were applied to a page (its text beyond them was not analysed).
Limit = Literal["max_bytes", "max_sections", "max_title_chars"]


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
        block: document-order number of the block's element (sections cut from one element by a
            ``<br>`` or a nested block share it).
        parent: document-order number of the element holding the block's element.
        chain: for each element from the root down to the block's element, a page-local id of its
            chain of tags and class/id words (elements with the same chain share an id: a list of
            like items is one container).
    """

    text: str
    tag: str | None = None
    path: tuple[str, ...] | None = None
    attrs: tuple[str, ...] | None = None
    link_chars: int | None = None
    strong_chars: int | None = None
    lead_strong: int | None = None
    block: int | None = None
    parent: int | None = None
    chain: tuple[int, ...] | None = None

    @property
    def depth(self) -> int | None:
        return None if self.path is None else len(self.path)


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page says about itself (HTML ``<meta>``, JSON-LD, Open Graph), where found."""

    author: str | None = None
    date: str | None = None
    site_name: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """A page: its headline, language, ordered sections and what parsing had to do to it.

    Attributes:
        title: the article's headline (``""`` when none was found).
        lang: detected (or given) language code, ``None`` when unclear.
        sections: the visible text blocks in document order.
        source: ``"html"`` or ``"text"``.
        meta: author, date, site name and description, where the page states them.
        empty_reason: why the page has no sections (``no_text``, ``binary``, ``unparseable``).
        replaced: characters that could not be decoded and were replaced by U+FFFD.
        limits: the ``Config`` limits that cut the page (what lies beyond them was not analysed).
    """

    title: str
    lang: str | None
    sections: tuple[Section, ...] = ()
    source: Source = "text"
    meta: PageMeta = field(default_factory=PageMeta)
    empty_reason: EmptyReason | None = None
    replaced: int = 0
    limits: tuple[Limit, ...] = ()
