"""Page → report: the three jobs in one pass, with no I/O."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .config import Config
from .kinds import kind_of
from .links import inserted_links
from .models import headlines
from .types import EmptyReason, Page
from .report import HeadlineResult, InsertedLink, PageReport, SectionResult
from .models.sections import content_proba, keep as keep_best


class Decision(NamedTuple):
    """P(content) per section, which sections are kept, and the inserted link items."""

    proba: np.ndarray
    keep: np.ndarray
    links: tuple[InsertedLink, ...]


def decide(page: Page, sections_model: dict, config: Config) -> Decision:
    """Score every section, find inserted link items, and keep the content that is not one.

    Kept: sections at or above ``Config.content_threshold`` when it is set, else the set with the best
    expected token F-score for ``Config.favor`` (``models.sections.keep``).
    """
    proba, words = content_proba(page, sections_model["pipeline"])
    links = inserted_links(page, proba, threshold=config.off_topic_threshold)
    inserted = [link.section_index for link in links]
    if config.content_threshold is not None:
        keep = proba >= config.content_threshold
    else:
        keep = keep_best(proba, words, beta=config.beta, floor=config.min_content_proba)
    keep[inserted] = False
    return Decision(proba, keep, links)


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
    content = content_of(page, decision)
    meta = page.meta
    return PageReport(
        page.title, page.lang, headline, section_results(page, decision), decision.links, content,
        author=meta.author, date=meta.date, site_name=meta.site_name,
        empty_reason=empty_reason(page, content), replaced=page.replaced, limits=page.limits,
    )  # fmt: skip


def empty_reason(page: Page, content: str) -> EmptyReason | None:
    """Why ``content`` is empty: the page's own reason (no text, binary, unparseable), else every
    section was judged noise; ``None`` when there is content."""
    if content:
        return None
    return page.empty_reason or ("all_noise" if page.sections else "no_text")
