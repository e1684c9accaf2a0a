"""Page → report: the three jobs in one pass, with no I/O."""

from __future__ import annotations

import numpy as np

from .config import Config
from .kinds import kind_of
from .links import inserted_links
from .page import Page
from .report import PageReport, SectionResult
from .sections import content_proba


def section_results(
    page: Page, proba: np.ndarray, threshold: float, forced_noise: frozenset[int] = frozenset()
) -> tuple[SectionResult, ...]:
    """Label every section content or noise from P(content), naming its kind.

    Sections in ``forced_noise`` (inserted link items) are noise whatever their score.
    """
    results = []
    for index, (section, score) in enumerate(zip(page.sections, proba)):
        keep = bool(score >= threshold) and index not in forced_noise
        kind = "inserted_link" if index in forced_noise else kind_of(section, content=keep)
        results.append(SectionResult(index, section.text, "content" if keep else "noise", float(score), kind))
    return tuple(results)


def analyze(page: Page, *, sections_model: dict, config: Config = Config()) -> PageReport:
    """The report of ``page``: every section labeled, inserted links judged, and the clean content."""
    threshold = config.content_threshold
    if threshold is None:
        threshold = sections_model.get("threshold", 0.5)
    proba = content_proba(page, sections_model)
    links = inserted_links(page, proba, threshold=config.off_topic_threshold)
    sections = section_results(page, proba, threshold, frozenset(link.section_index for link in links))
    content = "\n\n".join(s.text for s in sections if s.label == "content")
    return PageReport(page.title, page.lang, None, sections, links, content)
