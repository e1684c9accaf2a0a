"""Thresholds and limits, in one immutable place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Config:
    """Decision thresholds and work limits for analysing a page.

    Attributes:
        content_threshold: P(content) at or above which a section is kept; ``None`` uses the
            threshold chosen when the section model was trained.
        clickbait_threshold: P(clickbait) at or above which a headline is labeled clickbait.
        off_topic_threshold: similarity to the article below which an inserted link is off-topic.
        min_content_words: when fewer words than this pass ``content_threshold``, the page is
            re-cut at ``rescue_share`` of its best section's score (an article page is rarely
            empty; chosen on the development split, see MODEL_CARD.md).
        rescue_share: see ``min_content_words``.
        max_bytes: characters of a page that are parsed; the rest is not analysed (the report says
            so in ``limits``).
        max_sections: sections of a page that are analysed; the rest is cut the same way.
        hidden_keep_share: an element that would be dropped as invisible (hidden, a form control,
            an embed) is read all the same when it holds more than this share of the page's text
            and at least ``hidden_keep_chars`` characters (an article hidden until a script shows it).
        hidden_keep_chars: see ``hidden_keep_share``.
        max_binary_share: input whose start has more than this share of control characters is
            binary, not a page (``empty_reason="binary"``).
    """

    content_threshold: float | None = None
    clickbait_threshold: float = 0.5
    off_topic_threshold: float = 0.275
    min_content_words: int = 50
    rescue_share: float = 0.5
    max_bytes: int = 64_000_000
    max_sections: int = 200_000
    hidden_keep_share: float = 0.5
    hidden_keep_chars: int = 500
    max_binary_share: float = 0.1
