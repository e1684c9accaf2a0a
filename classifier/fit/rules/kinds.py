"""Name what a section is: ``paragraph``/``heading`` for content, a kind of furniture for noise.

Inserted link items are named by ``classifier.links`` (kind ``inserted_link``), not here.
"""

from __future__ import annotations

from ... import lexicons
from ...features.section import HEADINGS, edge_keys
from ...text import tokens
from ...types import Section

NAVIGATION_LINK_DENSITY = 0.5
# (kind, lexicon whose phrases open or close a short section, class/id fragments)
NOISE_KINDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("comment", "", ("comment", "komentar", "disqus")),  # first: a thread's bylines and dates are the comment's
    ("related", "related", ("related", "terkait", "recommend", "popular")),
    ("advertisement", "advertisement", ("advert", "iklan", "sponsor", "banner", "ads")),
    ("share", "share", ("share", "social")),
    ("byline", "byline", ("author", "byline", "penulis", "reporter")),
    ("caption", "", ("caption",)),
    ("footer", "", ("footer", "copyright")),
    ("navigation", "", ("nav", "menu", "breadcrumb")),
)


def kind_of(section: Section, *, content: bool) -> str:
    """The kind of ``section``, given whether the model kept it as content.

    >>> kind_of(Section("Artikel Terkait"), content=False)
    'related'
    >>> kind_of(Section("Budi Santoso Penulis"), content=False)
    'byline'
    >>> kind_of(Section("Love her outfit!", attrs=("comment list", "comment body")), content=False)
    'comment'
    """
    if content:
        return "heading" if section.tag in HEADINGS else "paragraph"
    words = tokens(section.text)
    local = " ".join(section.attrs[-3:]) if section.attrs else ""
    for kind, lexicon, fragments in NOISE_KINDS:
        if lexicon and not lexicons.load_all(lexicon).isdisjoint(edge_keys(words)):
            return kind
        if any(f in local for f in fragments) or (kind == "caption" and section.tag in {"figcaption", "caption"}):
            return kind
    if "©" in section.text or "copyright" in words:
        return "footer"
    if section.link_chars is not None and section.link_chars >= NAVIGATION_LINK_DENSITY * len(section.text):
        return "navigation"
    return "other"
