"""What chaff says about a page: ``PageReport`` and its parts, each with ``to_dict()``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .types import EmptyReason, HeadlineLabel, Limit, SectionLabel


def _rounded(value: float) -> float:
    return round(float(value), 4)


@dataclass(frozen=True, slots=True)
class HeadlineResult:
    """The headline's clickbait probability, label and the parts of its logit.

    ``intercept + sum(contributions) == logit`` (log-odds of clickbait; ``logit`` is ``-inf`` for
    an empty headline); ``reasons`` are the largest ``contributions`` (named features and
    ``wording``, the n-gram block).
    """

    text: str
    score: float
    label: HeadlineLabel
    reasons: tuple[tuple[str, float], ...] = ()
    logit: float = float("nan")
    intercept: float = 0.0
    contributions: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        finite = self.logit == self.logit and abs(self.logit) != float("inf")
        return {
            "text": self.text,
            "score": _rounded(self.score),
            "label": self.label,
            "reasons": [[name, _rounded(value)] for name, value in self.reasons],
            "logit": _rounded(self.logit) if finite else None,
            "intercept": _rounded(self.intercept),
            "contributions": [[name, _rounded(value)] for name, value in self.contributions],
        }


@dataclass(frozen=True, slots=True)
class SectionResult:
    """One section: its text, content/noise label, P(content) and what kind of block it is."""

    index: int
    text: str
    label: SectionLabel
    score: float
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "label": self.label, "score": _rounded(self.score), "kind": self.kind}


@dataclass(frozen=True, slots=True)
class InsertedLink:
    """An inserted link item in the body, its similarity to the article and whether it is off-topic."""

    section_index: int
    text: str
    similarity: float
    off_topic: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "section_index": self.section_index,
            "text": self.text,
            "similarity": _rounded(self.similarity),
            "off_topic": self.off_topic,
        }


@dataclass(frozen=True, slots=True)
class PageReport:
    """Everything chaff found on one page; ``content`` is the clean article text.

    ``author``, ``date`` and ``site_name`` are the page's metadata where found (``None`` otherwise).
    An empty ``content`` comes with ``empty_reason`` (``no_text``, ``binary``, ``unparseable`` or
    ``all_noise``); ``replaced`` counts characters that could not be decoded; ``limits`` names the
    ``Config`` limits that cut the page.
    """

    title: str
    lang: str | None
    headline: HeadlineResult | None
    sections: tuple[SectionResult, ...]
    inserted_links: tuple[InsertedLink, ...]
    content: str
    author: str | None = None
    date: str | None = None
    site_name: str | None = None
    empty_reason: EmptyReason | None = None
    replaced: int = 0
    limits: tuple[Limit, ...] = ()

    @property
    def noise_sections(self) -> tuple[SectionResult, ...]:
        return tuple(s for s in self.sections if s.label == "noise")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict in the shape docs/architecture.md gives (fields are added, never removed)."""
        return {
            "title": self.title,
            "lang": self.lang,
            "author": self.author,
            "date": self.date,
            "site_name": self.site_name,
            "headline": None if self.headline is None else self.headline.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "inserted_links": [link.to_dict() for link in self.inserted_links],
            "content": self.content,
            "empty_reason": self.empty_reason,
            "replaced": self.replaced,
            "limits": list(self.limits),
        }
