"""The page's headline, chosen among its candidates by a fitted ranker.

Candidates: ``og:title``, ``twitter:title``, the JSON-LD ``headline``, ``<title>`` (whole, and with the site
name cut off), the ``<h1>``–``<h3>`` sections and sections whose class/id names a title or headline. Each
distinct text is described by named features — which sources give it, how many sources agree with it
(a headline is repeated by the page's metadata; a logo or a menu word is not), whether it names the site,
its place relative to the article's text, its links — and scored by a logistic ranker fitted on pages
whose gold text starts with their headline (``training/train_titles.py``; coefficients in
``pretrained/titles.json``, data only). The best-scored candidate is the headline; its reasons are the
features' contributions.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from ..text import normalize_space, tokens
from ..types import Section
from .meta import Head

__all__ = ["Candidate", "TitleRanker", "candidates", "choose_title", "describe", "load_ranker", "strip_site_name"]

SEPARATOR = re.compile(r"\s+[|\-–—:·»«/]+\s+|\s+::\s+|\s*[|»«·•_]\s*")
HEADING_TAGS = ("h1", "h2", "h3")
TITLE_ATTR = re.compile(r"title|headline|heading|judul")
MAX_SECTION_CANDIDATES = 12
CONTENT_WORDS = 25  # a section this long is article text (the content's start, for position features)
AGREE = 0.6
SOURCES = ("og", "twitter", "json_ld", "title", "title_stripped", "meta_stripped", "h1", "h2", "h3", "attr", "unkicked")
KICKER = re.compile(r"^([^:]{2,60}):\s+(?=\S)")
KICKER_WORDS = 4
FEATURES = (
    *(f"from_{s}" for s in SOURCES),
    "sources", "meta_support", "heading_support", "title_containment", "log_words", "site_like",
    "before_content", "log_distance_to_content", "relative_position", "link_density", "in_furniture",
    "log_repeats", "all_caps", "no_candidate_section", "date_like", "heading_order",
)  # fmt: skip
DATE_LIKE = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\b")
FURNITURE = frozenset({"nav", "header", "footer", "aside", "menu"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A distinct headline candidate: its text and where the page gives it."""

    text: str
    sources: frozenset[str]
    index: int | None = None  # first section holding it


def _words(text: str) -> list[str]:
    return tokens(text)


def _clean(text: str) -> str:
    return normalize_space(html.unescape(text).replace("\u00ad", ""))


def _site_like(text: str, site: set[str]) -> bool:
    """``text`` is a site name: it names the site, or is a domain name."""
    words = set(_words(text))
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
    site = set(_words(site_name))
    while len(parts) > 1:
        first, last = parts[0], parts[-1]
        if _site_like(last, site) or len(_words(last)) <= 4 < len(_words(" ".join(parts[:-1]))):
            parts = parts[:-1]
        elif _site_like(first, site) or len(_words(first)) <= 3 < len(_words(" ".join(parts[1:]))):
            parts = parts[1:]
        else:
            break
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if 0 <= start < end else " ".join(parts)


def candidates(head: Head, sections: Sequence[Section]) -> list[Candidate]:
    """The distinct headline candidates of a page (same token string = same candidate)."""
    found: dict[str, tuple[str, set[str], int | None]] = {}

    def add(text: str, source: str, index: int | None = None) -> None:
        text = _clean(text)
        key = " ".join(_words(text))
        if not key:
            return
        if key not in found:
            found[key] = (text, set(), index)
        entry = found[key]
        entry[1].add(source)
        if entry[2] is None and index is not None:
            found[key] = (entry[0] if entry[0] else text, entry[1], index)

    def add_unkicked(text: str, index: int | None = None) -> None:
        """The text after a short kicker ("Berlin-Marathon: <headline>"), as a candidate of its own."""
        kicker = KICKER.match(text)
        if kicker is not None and len(_words(kicker.group(1))) <= KICKER_WORDS:
            add(text[kicker.end() :], "unkicked", index)

    for text, source in ((head.og_title, "og"), (head.twitter_title, "twitter"), (head.json_ld_headline, "json_ld")):
        if text:
            add(text, source)
            stripped = strip_site_name(_clean(text), head.site_name)
            if stripped != _clean(text):
                add(stripped, "meta_stripped")
            add_unkicked(stripped)
    if head.title_tag:
        add(head.title_tag, "title")
        add(strip_site_name(_clean(head.title_tag), head.site_name), "title_stripped")
    taken = 0
    for index, section in enumerate(sections):
        if taken >= MAX_SECTION_CANDIDATES:
            break
        if section.tag in HEADING_TAGS:
            add(section.text, section.tag or "", index)
            add_unkicked(section.text, index)
            taken += 1
        elif section.attrs and TITLE_ATTR.search(" ".join(section.attrs[-2:])) and len(section.text) <= 300:
            add(section.text, "attr", index)
            taken += 1
    return [Candidate(text, frozenset(sources), index) for text, sources, index in found.values()]


def _overlap(a: set[str], b: set[str]) -> float:
    """Both-way share of words: the smaller of |a∩b|/|a| and |a∩b|/|b|."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return min(shared / len(a), shared / len(b))


def describe(found: Sequence[Candidate], head: Head, sections: Sequence[Section]) -> np.ndarray:
    """The ``FEATURES`` of every candidate, one row each."""
    site = set(_words(head.site_name))
    words = [set(_words(c.text)) for c in found]
    title_words = set(_words(head.title_tag))
    content = next((i for i, s in enumerate(sections) if len(_words(s.text)) >= CONTENT_WORDS), len(sections))
    headings = sorted(c.index for c in found if c.index is not None)
    repeats: dict[str, int] = {}
    for section in sections[:2000]:
        repeats[section.text] = repeats.get(section.text, 0) + 1
    rows = np.zeros((len(found), len(FEATURES)))
    for row, (candidate, own) in enumerate(zip(found, words)):
        meta = [_overlap(own, w) for c, w in zip(found, words) if c is not candidate and c.sources & {"og", "twitter", "json_ld", "title", "title_stripped", "meta_stripped"}]
        heads = [_overlap(own, w) for c, w in zip(found, words) if c is not candidate and c.index is not None]
        values: dict[str, float] = {f"from_{s}": float(s in candidate.sources) for s in SOURCES}
        values["sources"] = float(len(candidate.sources))
        values["meta_support"] = float(sum(v >= AGREE for v in meta))
        values["heading_support"] = float(sum(v >= AGREE for v in heads))
        values["title_containment"] = len(own & title_words) / len(own) if own else 0.0
        values["log_words"] = math.log1p(len(own))
        values["site_like"] = float(_site_like(candidate.text, site))
        values["all_caps"] = float(candidate.text.isupper())
        values["no_candidate_section"] = float(candidate.index is None)
        values["date_like"] = float(DATE_LIKE.search(candidate.text) is not None and len(own) <= 6)
        values["heading_order"] = math.log1p(headings.index(candidate.index)) if candidate.index is not None else 0.0
        if candidate.index is None:
            values["before_content"] = values["log_distance_to_content"] = values["relative_position"] = 0.0
            values["link_density"] = values["in_furniture"] = values["log_repeats"] = 0.0
        else:
            section = sections[candidate.index]
            values["before_content"] = float(candidate.index < content)
            values["log_distance_to_content"] = math.log1p(abs(content - candidate.index))
            values["relative_position"] = candidate.index / max(len(sections), 1)
            link = section.link_chars or 0
            values["link_density"] = link / max(len(section.text), 1)
            values["in_furniture"] = float(bool(FURNITURE.intersection(section.path or ())))
            values["log_repeats"] = math.log1p(repeats.get(section.text, 1) - 1)
        rows[row] = [values[name] for name in FEATURES]
    return rows


@dataclass(frozen=True, slots=True)
class TitleRanker:
    """A fitted linear ranker: ``score = intercept + coef · (features - mean) / scale``."""

    coef: np.ndarray
    intercept: float
    mean: np.ndarray
    scale: np.ndarray
    meta: dict[str, Any]

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return self.intercept + ((rows - self.mean) / self.scale) @ self.coef

    def contributions(self, row: np.ndarray) -> list[tuple[str, float]]:
        """Each feature's share of one candidate's score, largest first."""
        parts = self.coef * (row - self.mean) / self.scale
        order = np.argsort(-np.abs(parts))
        return [(FEATURES[i], float(parts[i])) for i in order]

    def to_json(self) -> str:
        return json.dumps(
            {"features": list(FEATURES), "coef": self.coef.tolist(), "intercept": self.intercept,
             "mean": self.mean.tolist(), "scale": self.scale.tolist(), **self.meta}, indent=1,
        )  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> TitleRanker:
        data = json.loads(text)
        if data.get("features") != list(FEATURES):
            raise ValueError("the title ranker was fitted on other features; retrain it (training/train_titles.py)")
        meta = {k: v for k, v in data.items() if k not in ("features", "coef", "intercept", "mean", "scale")}
        return cls(np.asarray(data["coef"]), float(data["intercept"]), np.asarray(data["mean"]), np.asarray(data["scale"]), meta)


@cache
def load_ranker() -> TitleRanker | None:
    """The shipped title ranker (``pretrained/titles.json``), or ``None`` when it is absent."""
    path = resources.files("classifier.pretrained").joinpath("titles.json")
    if not path.is_file():
        return None
    return TitleRanker.from_json(path.read_text(encoding="utf-8"))


def _fallback(found: Sequence[Candidate]) -> Candidate:
    """Without a ranker: an ``<h1>``, else metadata, else the first candidate."""
    for source in ("h1", "og", "json_ld", "title_stripped"):
        for candidate in found:
            if source in candidate.sources:
                return candidate
    return found[0]


def choose_title(head: Head, sections: Sequence[Section], ranker: TitleRanker | None = None) -> str:
    """The page's headline (see the module docstring); the first section when the page offers no candidate."""
    found = candidates(head, sections)
    if not found:
        return sections[0].text if sections else ""
    ranker = ranker or load_ranker()
    if ranker is None:
        return _fallback(found).text
    scores = ranker.scores(describe(found, head, sections))
    return found[int(np.argmax(scores))].text
