"""HTML into sections: decode, parse with lxml, walk the tree once, cut at block boundaries."""

from __future__ import annotations

import codecs
import re

from lxml import etree

from . import page
from .text import normalize_space

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup html li main menu nav ol p "
    "pre section summary table tbody td tfoot th thead tr ul legend".split()
)
DROPPED_TAGS = frozenset(
    "script style noscript template svg math iframe object embed canvas select option textarea "
    "input button head title meta link audio video source picture".split()
)
LINK_TAGS = frozenset({"a"})
STRONG_TAGS = frozenset({"b", "strong"})
BREAK_TAGS = frozenset({"br", "hr"})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
ATTR_WORD = re.compile(r"[a-z]+")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, remove_blank_text=False, no_network=True, huge_tree=True
)


def decode(data: bytes) -> str:
    """Bytes to text, as browsers and the benchmark data do.

    A byte-order mark wins; then strict UTF-8; then the declared charset; then UTF-8 with
    replacement characters when valid multi-byte characters outnumber invalid bytes; else cp1252.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = CHARSET.search(data[:8192])
    encoding = declared.group(1).decode("ascii").lower() if declared else ""
    if encoding in {"latin-1", "latin1", "iso-8859-1", "ascii", "us-ascii"}:
        encoding = "cp1252"
    declares_utf8 = encoding.replace("-", "") == "utf8"
    if encoding and not declares_utf8:
        try:
            return data.decode(encoding, errors="replace")
        except LookupError:
            pass
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid_non_ascii = sum(1 for c in text if ord(c) > 127) - invalid
    if declares_utf8 or valid_non_ascii > invalid:
        return text
    return data.decode("cp1252", errors="replace")


def parse_tree(html: str) -> etree._Element | None:
    """The lxml tree of a page, or ``None`` when there is nothing to parse."""
    html = XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        return etree.fromstring(html, PARSER)
    except (etree.ParserError, ValueError):
        return None


def is_hidden(element: etree._Element) -> bool:
    """True for elements a browser would not show."""
    get = element.get
    return (
        get("hidden") is not None
        or get("aria-hidden") == "true"
        or bool(HIDDEN_STYLE.search(get("style") or ""))
    )


def attr_words(element: etree._Element) -> str:
    """Lower-cased class and id words of one element, space-joined."""
    value = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return " ".join(ATTR_WORD.findall(value))


def title_of(root: etree._Element) -> str:
    """og:title, else the first ``<h1>``, else ``<title>``."""
    for xpath in ('//meta[@property="og:title"]/@content', "//h1", "//title"):
        found = root.xpath(xpath)
        if found:
            text = found[0] if isinstance(found[0], str) else "".join(found[0].itertext())
            text = normalize_space(text)
            if text:
                return text
    return ""


class _Block:
    """Text being gathered for the current section, with its link and bold character counts."""

    __slots__ = ("parts", "chars", "link_chars", "strong_chars", "lead_strong", "lead_open")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.chars = self.link_chars = self.strong_chars = self.lead_strong = 0
        self.lead_open = True

    def add(self, text: str, in_link: bool, in_strong: bool) -> None:
        if not text:
            return
        stripped = len(text.strip())
        self.parts.append(text)
        self.chars += stripped
        if in_link:
            self.link_chars += stripped
        if in_strong:
            self.strong_chars += stripped
            if self.lead_open:
                self.lead_strong += stripped
        elif stripped:
            self.lead_open = False


class _Walker:
    """One pass over the tree, emitting a ``Section`` at every block boundary."""

    def __init__(self) -> None:
        self.sections: list[page.Section] = []
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.block_depths: list[int] = []
        self.links = 0
        self.strongs = 0
        self.block = _Block()

    def flush(self) -> None:
        block, self.block = self.block, _Block()
        text = normalize_space("".join(block.parts))
        if not text:
            return
        depth = self.block_depths[-1] if self.block_depths else len(self.tags)
        self.sections.append(
            page.Section(
                text=text,
                tag=self.tags[depth - 1] if depth else None,
                path=tuple(self.tags[:depth]),
                attrs=tuple(self.attrs[:depth]),
                link_chars=min(block.link_chars, len(text)),
                strong_chars=min(block.strong_chars, len(text)),
                lead_strong=min(block.lead_strong, len(text)),
            )
        )

    def add(self, text: str | None) -> None:
        if text:
            self.block.add(text, self.links > 0, self.strongs > 0)

    def start(self, element: etree._Element, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.flush()
        self.tags.append(tag)
        self.attrs.append(attr_words(element))
        if tag in BLOCK_TAGS:
            self.block_depths.append(len(self.tags))
        self.links += tag in LINK_TAGS
        self.strongs += tag in STRONG_TAGS
        self.add(element.text)

    def end(self, element: etree._Element, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.flush()
            self.block_depths.pop()
        self.links -= tag in LINK_TAGS
        self.strongs -= tag in STRONG_TAGS
        self.tags.pop()
        self.attrs.pop()
        self.add(element.tail)


def sections_of(root: etree._Element) -> list[page.Section]:
    """The page's visible text blocks in document order, with their structure."""
    walker = _Walker()
    walk = etree.iterwalk(root, events=("start", "end"))
    skipped = None
    for event, element in walk:
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if event == "start":
            if tag in DROPPED_TAGS or is_hidden(element):
                if tag in BLOCK_TAGS:
                    walker.flush()
                walk.skip_subtree()
                skipped = element
            elif tag in BREAK_TAGS:
                walker.flush()
            else:
                walker.start(element, tag)
        elif element is skipped or tag in BREAK_TAGS:
            walker.add(element.tail)
        else:
            walker.end(element, tag)
    walker.flush()
    return walker.sections
