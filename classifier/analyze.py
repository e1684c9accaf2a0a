"""Page → report: the three jobs in one pass, with no I/O."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .config import Config
from .kinds import kind_of
from .links import inserted_links
from .models import headlines
from .page import Page
from .report import HeadlineResult, InsertedLink, PageReport, SectionResult
from .sections import content_proba


class Decision(NamedTuple):
    """P(content) per section, which sections are kept, and the inserted link items."""

    proba: np.ndarray
    keep: np.ndarray
    links: tuple[InsertedLink, ...]


def decide(page: Page, sections_model: dict, config: Config) -> Decision:
    """Score every section, find inserted link items, and keep the content that is not one.

    A page where almost nothing passes the threshold is cut again lower, relative to its best
    section (``Config.min_content_words``).
    """
    threshold = config.content_threshold
    if threshold is None:
        threshold = sections_model.get("threshold", 0.5)
    proba = content_proba(page, sections_model)
    links = inserted_links(page, proba, threshold=config.off_topic_threshold)
    inserted = [link.section_index for link in links]
    keep = proba >= threshold
    keep[inserted] = False
    if proba.size and _words(page, keep) < config.min_content_words:
        keep = proba >= min(threshold, config.rescue_share * float(proba.max()))
        keep[inserted] = False
    return Decision(proba, keep, links)


def _words(page: Page, keep: np.ndarray) -> int:
    return sum(len(s.text.split()) for s, k in zip(page.sections, keep) if k)


def content_of(page: Page, decision: Decision) -> str:
    """The kept sections joined by blank lines."""
    return "\n\n".join(s.text for s, keep in zip(page.sections, decision.keep) if keep)


def section_results(page: Page, decision: Decision) -> tuple[SectionResult, ...]:
    """Every section with its label, P(content) and kind."""
    inserted = {link.section_index for link in decision.links}
    return tuple(
        SectionResult(
            index,
            section.text,
            "content" if keep else "noise",
            float(score),
            "inserted_link" if index in inserted else kind_of(section, content=bool(keep)),
        )
        for index, (section, score, keep) in enumerate(zip(page.sections, decision.proba, decision.keep))
    )


def headline_result(text: str, headlines_model: dict, config: Config, lang: str | None = None) -> HeadlineResult:
    """The headline's clickbait probability, label and the parts of its logit (``lang``: the page's language)."""
    probability, explanation = headlines.rate(text, headlines_model, lang=lang)
    label = "clickbait" if probability >= config.clickbait_threshold else "not_clickbait"
    return HeadlineResult(text, probability, label, explanation.top(), explanation.logit, explanation.intercept,
                          explanation.contributions)  # fmt: skip


def analyze(
    page: Page, *, sections_model: dict, headlines_model: dict | None = None, config: Config = Config()
) -> PageReport:
    """The report of ``page``: headline rated (when a headline model is given), every section
    labeled, inserted links judged, and the clean content."""
    decision = decide(page, sections_model, config)
    headline = None if headlines_model is None else headline_result(page.title, headlines_model, config, page.lang)
    return PageReport(
        page.title, page.lang, headline, section_results(page, decision), decision.links, content_of(page, decision)
    )
