"""Thresholds, in one immutable place."""

from __future__ import annotations

from dataclasses import dataclass

from .links import DEFAULT_OFF_TOPIC_THRESHOLD


@dataclass(frozen=True, slots=True)
class Config:
    """Decision thresholds for a page report.

    Attributes:
        content_threshold: P(content) at or above which a section is kept; ``None`` uses the
            threshold chosen when the section model was trained.
        clickbait_threshold: P(clickbait) at or above which a headline is labeled clickbait.
        off_topic_threshold: similarity to the article below which an inserted link is off-topic.
        min_content_words: when fewer words than this pass ``content_threshold``, the page is
            re-cut at ``rescue_share`` of its best section's score (an article page is rarely
            empty; chosen on the development split, see MODEL_CARD.md).
        rescue_share: see ``min_content_words``.
    """

    content_threshold: float | None = None
    clickbait_threshold: float = 0.5
    off_topic_threshold: float = DEFAULT_OFF_TOPIC_THRESHOLD
    min_content_words: int = 50
    rescue_share: float = 0.5
