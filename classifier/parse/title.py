"""The page's headline, chosen among its candidates by their agreement.

Candidates: ``og:title``, ``twitter:title``, the JSON-LD ``headline``, ``<title>`` with the site name cut off,
and the page's ``<h1>``/``<h2>`` sections. A candidate is supported by every other source that holds
its words (a headline is repeated by the page's metadata; a logo or a menu word is not). The heading that
the metadata supports wins (it is the headline as printed); without one, the best-supported metadata
candidate; without metadata, the first ``<h1>`` that is not a site name or a link-dominated menu item,
else the first section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import normalize_space, tokens
from ..types import Section
from .meta import Head

__all__ = ["Candidate", "candidates", "choose_title", "strip_site_name"]

SEPARATOR = re.compile(r"\s+[|\-–—:·»/]\s+|\s+::\s+|\s*\|\s*")
HEADING_TAGS = ("h1", "h2")
MAX_HEADINGS = 8
MENU_LINK_SHARE = 0.5
MIN_SUPPORT = 0.6


@dataclass(frozen=True, slots=True)
class Candidate:
    """A headline candidate: its text, where it comes from, and its section index (headings)."""

    text: str
    source: str
    index: int | None = None


def _words(text: str) -> set[str]:
    return set(tokens(text))


def _site_like(text: str, site: set[str]) -> bool:
    """``text`` is a site name: it names the site, or is a domain name."""
    words = _words(text)
    if not words:
        return True
    if site and words <= site:
        return True
    return bool(re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", text.strip().lower()))


def strip_site_name(title: str, site_name: str = "") -> str:
    """``title`` without the site name that pages append or prepend ("Headline | Site", "Site - Headline").

    A first or last segment is cut when it names the site (``site_name``, a domain), or when it is
    short (at most four words) beside a longer rest.

    >>> strip_site_name("Floods hit the north of the city | The Daily Star")
    'Floods hit the north of the city'
    >>> strip_site_name("Kompas.com - Harga BBM naik lagi pekan depan", "Kompas")
    'Harga BBM naik lagi pekan depan'
    """
    title = normalize_space(title)
    parts = [p for p in SEPARATOR.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    site = _words(site_name)
    while len(parts) > 1:
        first, last = parts[0], parts[-1]
        rest_last = " ".join(parts[:-1])
        rest_first = " ".join(parts[1:])
        if _site_like(last, site) or (len(tokens(last)) <= 4 < len(tokens(rest_last))):
            parts = parts[:-1]
        elif _site_like(first, site) or (len(tokens(first)) <= 3 < len(tokens(rest_first))):
            parts = parts[1:]
        else:
            break
    # keep the original text of what is left (separators inside a headline stay)
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else " ".join(parts)


def candidates(head: Head, sections: Sequence[Section]) -> list[Candidate]:
    """Every headline candidate of a page, metadata first, then headings in page order."""
    found = [
        Candidate(strip_site_name(text, head.site_name), source)
        for text, source in (
            (head.og_title, "og:title"),
            (head.json_ld_headline, "json-ld"),
            (head.twitter_title, "twitter:title"),
            (head.title_tag, "title"),
        )
        if text
    ]
    headings = 0
    for index, section in enumerate(sections):
        if section.tag in HEADING_TAGS:
            found.append(Candidate(section.text, section.tag or "", index))
            headings += 1
            if headings >= MAX_HEADINGS:
                break
    return found


def _support(candidate: Candidate, others: Sequence[Candidate]) -> float:
    """How many other sources hold the candidate's words (each counts by the share it holds)."""
    words = _words(candidate.text)
    if not words:
        return 0.0
    support, seen = 0.0, set()
    for other in others:
        if other is candidate or other.source in seen or other.source == candidate.source:
            continue
        share = len(words & _words(other.text)) / len(words)
        back = len(words & _words(other.text)) / max(len(_words(other.text)), 1)
        if share >= MIN_SUPPORT and back >= MIN_SUPPORT:
            support += share
            seen.add(other.source)
    return support


def _menu_like(candidate: Candidate, sections: Sequence[Section]) -> bool:
    """A heading that is a link-dominated short label (a logo, a menu entry, a section name)."""
    if candidate.index is None:
        return False
    section = sections[candidate.index]
    short = len(tokens(section.text)) <= 3
    linked = section.link_chars is not None and section.link_chars >= MENU_LINK_SHARE * len(section.text)
    return short and linked


def choose_title(head: Head, sections: Sequence[Section]) -> str:
    """The page's headline (see the module docstring); ``""`` when the page has no text at all."""
    site = _words(head.site_name)
    found = [c for c in candidates(head, sections) if c.text and not _site_like(c.text, site)]
    found = [c for c in found if not _menu_like(c, sections)]
    if found:
        scored = [(_support(c, found), c) for c in found]
        headings = [(s, c) for s, c in scored if c.index is not None and s > 0]
        if headings:
            return max(headings, key=lambda sc: (sc[0], -sc[1].index if sc[1].index is not None else 0))[1].text
        meta = [(s, c) for s, c in scored if c.index is None]
        supported = [(s, c) for s, c in meta if s > 0]
        if supported:
            return max(supported, key=lambda sc: sc[0])[1].text
        h1 = [c for c in found if c.source == "h1"]
        if h1:
            return h1[0].text
        if meta:
            return meta[0][1].text
        return found[0].text
    return sections[0].text if sections else ""
