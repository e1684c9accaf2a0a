"""What an HTML page says about itself: headline candidates and metadata (author, date, site name).

Sources, read once from the parsed document: ``<meta>`` tags (Open Graph, Twitter cards, ``name=author``,
``article:published_time`` ...), JSON-LD blocks (``headline``, ``author``, ``datePublished``,
``publisher``), ``<title>`` and ``<time datetime>``. The headline itself is chosen in ``title.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from ..text import normalize_space
from ..types import PageMeta

__all__ = ["Head", "read_head"]

MAX_JSON_LD_CHARS = 200_000
MAX_FIELD_CHARS = 400
ARTICLE_TYPES = ("article", "posting", "report", "blog", "webpage")
META_KEYS = {
    "og:title": "og_title", "twitter:title": "twitter_title", "og:site_name": "site_name",
    "application-name": "site_name", "author": "author", "article:author": "author", "byl": "author",
    "dc.creator": "author", "sailthru.author": "author", "parsely-author": "author",
    "article:published_time": "date", "datepublished": "date", "date": "date", "pubdate": "date",
    "publish-date": "date", "dc.date": "date", "dc.date.issued": "date", "sailthru.date": "date",
    "parsely-pub-date": "date", "og:description": "description", "description": "description",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Head:
    """Headline candidates and metadata of a page, each ``""`` when absent."""

    title_tag: str = ""
    og_title: str = ""
    twitter_title: str = ""
    json_ld_headline: str = ""
    site_name: str = ""
    author: str = ""
    date: str = ""
    description: str = ""

    def meta(self) -> PageMeta:
        """The page metadata reported to users."""
        return PageMeta(self.author or None, self.date or None, self.site_name or None, self.description or None)


def _clean(value: Any) -> str:
    return normalize_space(value[:MAX_FIELD_CHARS]) if isinstance(value, str) else ""


def _json_objects(text: str) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD block, ``@graph`` members and nested lists included."""
    if len(text) > MAX_JSON_LD_CHARS:
        return
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph)
        elif isinstance(item, list):
            stack.extend(item)


def _name(value: Any) -> str:
    """A JSON-LD person/organisation name: a string, ``{"name": ...}`` or a list of them."""
    if isinstance(value, list):
        return ", ".join(filter(None, (_name(v) for v in value[:5])))
    if isinstance(value, dict):
        return _clean(value.get("name"))
    return _clean(value)


def _is_article(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and any(a in k.lower() for a in ARTICLE_TYPES) for k in kinds)


def read_head(document: LexborHTMLParser, json_ld: tuple[str, ...]) -> Head:
    """Headline candidates and metadata of a parsed page (before its scripts are stripped)."""
    found: dict[str, str] = {}
    for node in document.css("meta[content]"):
        attributes = node.attributes
        key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
        field = META_KEYS.get(key)
        if field and field not in found:
            value = _clean(attributes.get("content"))
            if value:
                found[field] = value
    for block in json_ld:
        for item in _json_objects(block):
            if not _is_article(item):
                continue
            for field, value in (
                ("json_ld_headline", _clean(item.get("headline") or item.get("name"))),
                ("author", _name(item.get("author"))),
                ("date", _clean(item.get("datePublished") or item.get("dateCreated"))),
                ("site_name", _name(item.get("publisher"))),
            ):
                if value and field not in found:
                    found[field] = value
    if "date" not in found:
        time = document.css_first("time[datetime]")
        if time is not None:
            found["date"] = _clean(time.attributes.get("datetime"))
    title = document.css_first("title")
    if title is not None:
        found["title_tag"] = _clean(title.text(deep=True))
    return Head(**{k: v for k, v in found.items() if v})
