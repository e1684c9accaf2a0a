"""Thresholds, in one immutable place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .links import DEFAULT_OFF_TOPIC_THRESHOLD

Favor = Literal["precision", "balanced", "recall"]
FAVORS: tuple[Favor, ...] = ("precision", "balanced", "recall")


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
        favor: which of the section model's thresholds to use when ``content_threshold`` is
            ``None``: ``precision`` keeps less text, ``recall`` more (see ``threshold_for``).
    """

    content_threshold: float | None = None
    clickbait_threshold: float = 0.5
    off_topic_threshold: float = DEFAULT_OFF_TOPIC_THRESHOLD
    min_content_words: int = 50
    rescue_share: float = 0.5
    favor: Favor = "balanced"

    def threshold_for(self, artifact: Mapping[str, Any]) -> float:
        """The P(content) threshold to apply with the section model ``artifact``.

        ``content_threshold`` wins when set; else the artifact's ``thresholds[favor]`` (a model
        tuned for the three operating points); else its single ``threshold`` for every favor.

        Args:
            artifact: a loaded section model artifact.

        Returns:
            The threshold.

        Raises:
            ModelFormatError: the artifact holds no threshold.

        >>> Config(favor="recall").threshold_for({"threshold": 0.5, "thresholds": {"recall": 0.3}})
        0.3
        >>> Config(favor="recall").threshold_for({"threshold": 0.5})
        0.5
        >>> Config(content_threshold=0.7).threshold_for({"threshold": 0.5})
        0.7
        """
        if self.content_threshold is not None:
            return self.content_threshold
        thresholds = artifact.get("thresholds")
        if isinstance(thresholds, Mapping) and self.favor in thresholds:
            return float(thresholds[self.favor])
        if "threshold" not in artifact:
            from .errors import ModelFormatError

            raise ModelFormatError("the section model holds no content threshold")
        return float(artifact["threshold"])
