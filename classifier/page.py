"""The currency of chaff: a ``Page`` of ``Section``s, and ``parse`` that makes one from HTML or text."""

from __future__ import annotations

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
        attrs: lower-cased class/id word tokens of the element and its ancestors.
        link_chars: characters of ``text`` that sit inside links.
        strong_chars: characters of ``text`` inside ``b``/``strong`` elements.
        lead_strong: length of the bold run that opens the block (a "Baca juga:" prefix).
    """

    text: str
    tag: str | None = None
    path: tuple[str, ...] | None = None
    attrs: frozenset[str] | None = None
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
