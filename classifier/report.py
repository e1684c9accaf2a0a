"""What chaff says about a page: ``PageReport`` and its parts, each with ``to_dict()``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .types import EmptyReason, HeadlineLabel, Kind, Limit, SectionLabel


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


Reasons = tuple[tuple[str, float], ...]  # (feature, signed contribution to the decision's log-odds)


def _reasons(reasons: Reasons) -> list[list[Any]]:
    return [[name, _rounded(value)] for name, value in reasons]


@dataclass(frozen=True, slots=True)
class SectionResult:
    """One section: its text, content/noise label, P(content), what kind of block it is and why.

    ``kind_score`` is the model's probability of that kind; ``reasons`` the features that moved the
    decision most (for content, towards P(content); for noise, towards its kind), as signed log-odds.
    """

    index: int
    text: str
    label: SectionLabel
    score: float
    kind: Kind
    kind_score: float = float("nan")
    reasons: Reasons = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "index": self.index, "text": self.text, "label": self.label, "score": _rounded(self.score),
            "kind": self.kind, "kind_score": None if self.kind_score != self.kind_score else _rounded(self.kind_score),
        }  # fmt: skip
        out["reasons"] = _reasons(self.reasons)
        return out


@dataclass(frozen=True, slots=True)
class InsertedLink:
    """An inserted link item in the body, and whether it is off-topic for the article.

    ``p_item`` is the model's probability that the section is an inserted item; ``p_off_topic`` the pair
    model's probability that its headline is about something else (``None`` for a label with no
    headline, such as a box's "Baca Juga" heading); ``similarity`` the character n-gram cosine of the
    headline and the article; ``reasons`` what made it off-topic or on-topic.
    """

    section_index: int
    text: str
    similarity: float
    off_topic: bool
    p_off_topic: float | None = None
    p_item: float = float("nan")
    headline: str = ""
    reasons: Reasons = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "section_index": self.section_index,
            "text": self.text,
            "headline": self.headline,
            "similarity": _rounded(self.similarity),
            "off_topic": self.off_topic,
            "p_off_topic": None if self.p_off_topic is None else _rounded(self.p_off_topic),
            "p_item": None if self.p_item != self.p_item else _rounded(self.p_item),
            "reasons": _reasons(self.reasons),
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
