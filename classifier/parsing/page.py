"""``parse``: a page (HTML or plain text, ``str`` or ``bytes``) into a ``Page``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import lang
from ..config import Config
from ..types import Limit, Page, Section, Source
from . import html as html_parser
from . import text as text_parser
from .decode import binary_share, decode
from .meta import Head, read_head
from .title import choose_title

__all__ = ["looks_like_html", "parse", "to_text"]

HTML_HINT = re.compile(r"<(?:!doctype|html|head|body|div|p|span|a|br|table|article|section|h[1-6])\b", re.I)
HTML_SNIFF_CHARS = 65536
LANG_SAMPLE_CHARS = 5000


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries HTML markup in its first 64 kB.

    >>> looks_like_html("<p>Hello</p>"), looks_like_html("a < b and c > d")
    (True, False)
    """
    return HTML_HINT.search(text[:HTML_SNIFF_CHARS]) is not None


def detect_language(sections: Sequence[Section]) -> str | None:
    """Language of the page's longer sections (``None`` when unclear)."""
    sample: list[str] = []
    size = 0
    for section in sorted(sections, key=lambda s: -len(s.text)):
        sample.append(section.text[:LANG_SAMPLE_CHARS])
        size += len(sample[-1])
        if size >= LANG_SAMPLE_CHARS:
            break
    return lang.detect(" ".join(sample))


def parse(
    content: str | bytes, *, lang_hint: str | None = None, source: Source | None = None, config: Config = Config()
) -> Page:
    """Turn an HTML or plain-text page into a ``Page``. Never raises on odd input.

    Args:
        content: the page; bytes are decoded as a browser would (``parse.decode``).
        lang_hint: a known language code, used instead of detection.
        source: ``"html"`` or ``"text"`` when known; by default markup is sniffed.
        config: the limits (``max_bytes``, ``max_sections``, ``max_binary_share``, ``hidden_keep_share``).

    Returns:
        The page; one with no sections carries ``empty_reason`` (``binary``, ``unparseable``, ``no_text``).
    """
    replaced = 0
    if isinstance(content, bytes):
        decoded = decode(content)
        text, replaced = decoded.text, decoded.replaced
    else:
        text = content
    if binary_share(text) > config.max_binary_share:
        return Page("", lang_hint, (), source or "text", empty_reason="binary", replaced=replaced)
    limits: list[Limit] = []
    if len(text) > config.max_bytes:
        text = text[: config.max_bytes]
        limits.append("max_bytes")
    text = text.replace("\x00", "")
    if source == "html" or (source is None and looks_like_html(text)):
        return _parse_html(text, lang_hint, config, replaced, limits)
    sections, cut = text_parser.sections_of(text, max_sections=config.max_sections)
    if cut:
        limits.append("max_sections")
    return Page(
        _bounded_title(sections[0].text if sections else "", config, limits),
        lang_hint or detect_language(sections),
        tuple(sections),
        "text",
        empty_reason=None if sections else "no_text",
        replaced=replaced,
        limits=tuple(limits),
    )


def _parse_html(text: str, lang_hint: str | None, config: Config, replaced: int, limits: list[Limit]) -> Page:
    tree = html_parser.parse_tree(text)
    if tree is None:
        return Page("", lang_hint, (), "html", empty_reason="no_text", replaced=replaced, limits=tuple(limits))
    head = read_head(tree.document, tree.json_ld)
    sections, cut = html_parser.walk(
        tree, max_sections=config.max_sections, keep_share=config.hidden_keep_share, keep_chars=config.hidden_keep_chars
    )
    if cut:
        limits.append("max_sections")
    return Page(
        _bounded_title(choose_title(head, sections) if sections else _head_title(head), config, limits),
        lang_hint or detect_language(sections),
        tuple(sections),
        "html",
        meta=head.meta(),
        empty_reason=None if sections else "no_text",
        replaced=replaced,
        limits=tuple(limits),
    )


def _bounded_title(title: str, config: Config, limits: list[Limit]) -> str:
    """``title`` cut at a word boundary within ``config.max_title_chars`` (noted in ``limits``)."""
    if len(title) <= config.max_title_chars:
        return title
    limits.append("max_title_chars")
    cut = title[: config.max_title_chars]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def _head_title(head: Head) -> str:
    return head.og_title or head.json_ld_headline or head.title_tag


def to_text(page: Page) -> str:
    """The page as plain text: its sections separated by blank lines (structure dropped)."""
    return "\n\n".join(section.text for section in page.sections)
