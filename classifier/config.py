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
    """

    content_threshold: float | None = None
    clickbait_threshold: float = 0.5
    off_topic_threshold: float = DEFAULT_OFF_TOPIC_THRESHOLD
