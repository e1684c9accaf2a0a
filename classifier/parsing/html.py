"""HTML into sections: an HTML5 parse (lexbor, through selectolax), one walk, a section per block.

Why lexbor: it is a browser-grade HTML5 parser (the WHATWG tree construction rules, so a page whose
``<head>`` holds body content, a misnested ``<button>`` or 5,000-deep nesting gets the tree a browser
builds), written in C with no depth limit, and about ten times faster than libxml2 here. selectolax is
its maintained Python binding; Resiliparse also binds lexbor but is a larger toolkit.

The walk visits every node once, iteratively (no recursion limit), keeping the element chain on a stack.
Invisible elements (scripts, styles, templates, form controls, ``hidden``/``aria-hidden``/``display:none``)
are dropped with their subtree, unless they hold most of the page's visible text: some sites wrap the
whole article in a hidden-until-loaded container, and dropping it would lose the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..text import normalize_space
from ..types import Section

__all__ = ["Tree", "parse_tree", "repair", "walk"]

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup html li main menu nav ol p "
    "pre section summary table tbody td tfoot th thead tr ul legend".split()
)
# Never text a reader sees, whatever it holds.
STRIPPED_TAGS = ("script", "style", "noscript", "template", "svg", "math", "head", "title", "meta", "link")
# Not shown as article text, unless such an element holds most of the page's text (see ``walk``).
DROPPED_TAGS = frozenset(
    "iframe object embed canvas select option textarea input button audio video source picture".split()
)
LINK_TAGS = frozenset({"a"})
STRONG_TAGS = frozenset({"b", "strong"})
BREAK_TAGS = frozenset({"br", "hr"})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
ATTR_WORD = re.compile(r"[a-z]+")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.I)
TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.I)
TITLE_CLOSE = re.compile(r"</title\s*>", re.I)
MAX_ATTR_CHARS = 512  # class/id values longer than this are read up to it (a 1 MB id is not a word list)


@dataclass(frozen=True, slots=True)
class Tree:
    """A parsed page: the lexbor document, and its ``<head>`` metadata read before scripts were stripped."""

    document: LexborHTMLParser
    json_ld: tuple[str, ...]


def repair(html: str) -> str:
    """Fix what would make a parse lose the page: an XML declaration before the markup, and a
    ``<title>`` that is never closed (an HTML5 parser reads the rest of the page as its text).

    >>> repair('<?xml version="1.0"?><p>x</p>')
    '<p>x</p>'
    >>> repair("<title>Headline<body><p>Text</p>")
    '<title>Headline</title><body><p>Text</p>'
    """
    html = XML_DECLARATION.sub("", html, count=1)
    opened = TITLE_OPEN.search(html)
    if opened is not None and TITLE_CLOSE.search(html, opened.end()) is None:
        end = html.find("<", opened.end())
        end = len(html) if end < 0 else end
        html = f"{html[:end]}</title>{html[end:]}"
    return html


def parse_tree(html: str) -> Tree | None:
    """The HTML5 tree of a page (``None`` when there is no markup to parse)."""
    html = repair(html)
    if not html.strip():
        return None
    document = LexborHTMLParser(html)
    json_ld = tuple(node.text(deep=True) for node in document.css('script[type="application/ld+json"]'))
    return Tree(document, json_ld)


def is_hidden(attributes: dict[str, str | None]) -> bool:
    """True for elements a browser would not show."""
    return (
        "hidden" in attributes
        or attributes.get("aria-hidden") == "true"
        or bool(HIDDEN_STYLE.search(attributes.get("style") or ""))
    )


def attr_words(attributes: dict[str, str | None]) -> str:
    """Lower-cased class and id words of one element, space-joined (each value read up to
    ``MAX_ATTR_CHARS``)."""
    value = f"{(attributes.get('class') or '')[:MAX_ATTR_CHARS]} {(attributes.get('id') or '')[:MAX_ATTR_CHARS]}"
    return " ".join(ATTR_WORD.findall(value.lower()))


class _Walker:
    """The state of one walk: the element chain, the block being gathered, the sections so far.

    The block's text and its link and bold character counts are gathered in plain attributes (this is
    the hot loop of parsing: one call per text node, none per inline element).
    """

    __slots__ = ("sections", "tags", "attrs", "ids", "sigs", "block_depths", "links", "strongs", "elements",
                 "parts", "link_chars", "strong_chars", "lead_strong", "lead_open", "max_sections")  # fmt: skip

    def __init__(self, max_sections: int) -> None:
        self.sections: list[Section] = []
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.ids: list[int] = []
        self.sigs: list[int] = []
        self.block_depths: list[int] = []
        self.links = self.strongs = self.elements = 0
        self.parts: list[str] = []
        self.link_chars = self.strong_chars = self.lead_strong = 0
        self.lead_open = True
        self.max_sections = max_sections

    def add(self, text: str) -> None:
        """Gather a text node's text into the current block."""
        self.parts.append(text)
        if self.links or self.strongs or self.lead_open:
            stripped = len(text.strip())
            if self.links:
                self.link_chars += stripped
            if self.strongs:
                self.strong_chars += stripped
                if self.lead_open:
                    self.lead_strong += stripped
            elif stripped:
                self.lead_open = False

    def flush(self) -> None:
        """End the current block: a section when it holds text."""
        parts = self.parts
        if not parts:
            return
        link_chars, strong_chars, lead_strong = self.link_chars, self.strong_chars, self.lead_strong
        self.parts = []
        self.link_chars = self.strong_chars = self.lead_strong = 0
        self.lead_open = True
        raw = "".join(parts)
        if not raw or raw.isspace() or len(self.sections) >= self.max_sections:
            return
        text = normalize_space(raw)
        depth = self.block_depths[-1] if self.block_depths else len(self.tags)
        size = len(text)
        self.sections.append(
            Section(
                text=text,
                tag=self.tags[depth - 1] if depth else None,
                path=tuple(self.tags[:depth]),
                attrs=tuple(self.attrs[:depth]),
                link_chars=min(link_chars, size),
                strong_chars=min(strong_chars, size),
                lead_strong=min(lead_strong, size),
                block=self.ids[depth - 1] if depth else None,
                parent=self.ids[depth - 2] if depth > 1 else None,
                chain=tuple(self.sigs[:depth]),
            )
        )


def walk(tree: Tree, *, max_sections: int, keep_share: float, keep_chars: int) -> tuple[list[Section], bool]:
    """The visible text blocks of ``tree`` in document order, and whether ``max_sections`` cut them.

    Args:
        tree: the parsed page (its scripts, styles, templates and ``<head>`` are removed here).
        max_sections: stop after this many sections.
        keep_share: an element that would be dropped (hidden, a form control, an embed ...) is
            walked all the same when it holds more than this share of the page's visible text
            and at least ``keep_chars`` characters.
        keep_chars: see ``keep_share``.
    """
    document = tree.document
    document.strip_tags(list(STRIPPED_TAGS))
    root = document.root
    if root is None:
        return [], False
    w = _Walker(max_sections)
    tags, attrs, ids, sigs, block_depths = w.tags, w.attrs, w.ids, w.sigs, w.block_depths
    chains: dict[tuple[int, str, str], int] = {}  # (parent chain, tag, class/id words) -> chain id
    words_of: dict[tuple[str | None, str | None], str] = {}  # class/id values repeat on a page
    visible = -1  # characters of visible text on the page, counted on first need
    stack: list[LexborNode | None] = [root]  # None closes the innermost open element
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if node is None:
            tag = tags[-1]
            if tag in BLOCK_TAGS:
                w.flush()
                block_depths.pop()
            elif tag in LINK_TAGS:
                w.links -= 1
            elif tag in STRONG_TAGS:
                w.strongs -= 1
            tags.pop()
            attrs.pop()
            ids.pop()
            sigs.pop()
            continue
        tag = node.tag or ""
        if tag == "-text":
            text = node.text_content
            if text:
                w.add(text)
            continue
        if not tag or tag[0] == "-":  # comments, doctype
            continue
        attributes = node.attributes
        if tag in DROPPED_TAGS or (
            attributes
            and ("hidden" in attributes or "aria-hidden" in attributes or "style" in attributes)
            and is_hidden(attributes)
        ):
            if visible < 0:
                visible = len(root.text(deep=True).strip())
            held = len(node.text(deep=True).strip()) if visible >= keep_chars else 0
            if held < keep_chars or held <= keep_share * visible:
                if tag in BLOCK_TAGS:
                    w.flush()
                continue
        block = tag in BLOCK_TAGS
        if block or tag in BREAK_TAGS:
            w.flush()
            if len(w.sections) >= max_sections:
                break
        child = node.last_child
        if child is None:  # an empty element: nothing to open
            continue
        if block:
            block_depths.append(len(tags) + 1)
        elif tag in LINK_TAGS:
            w.links += 1
        elif tag in STRONG_TAGS:
            w.strongs += 1
        tags.append(tag)
        if "class" in attributes or "id" in attributes:
            key = (attributes.get("class"), attributes.get("id"))
            words = words_of.get(key)
            if words is None:
                words = words_of[key] = attr_words(attributes)
        else:
            words = ""
        attrs.append(words)
        chain = (sigs[-1] if sigs else -1, tag, words)
        sig = chains.get(chain)
        if sig is None:
            sig = chains[chain] = len(chains)
        sigs.append(sig)
        ids.append(w.elements)
        w.elements += 1
        push(None)
        while child is not None:
            push(child)
            child = child.prev
    cut = len(w.sections) >= max_sections
    w.flush()
    return w.sections, cut
