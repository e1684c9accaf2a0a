"""Thresholds and limits, in one immutable place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Favor = Literal["precision", "balanced", "recall"]
FAVORS: tuple[Favor, ...] = ("precision", "balanced", "recall")


@dataclass(frozen=True, slots=True)
class Config:
    """Decision thresholds and work limits for analysing a page.

    Attributes:
        content_threshold: P(content) at or above which a section is kept; ``None`` keeps, per page,
            the sections that maximise the expected token F-score (see ``favor``).
        favor: what the kept text favours when ``content_threshold`` is ``None``: ``precision``
            (F-beta with beta = ``favor_beta[0]``), ``balanced`` (``favor_beta[1]``, F1) or ``recall``
            (``favor_beta[2]``).
        favor_beta: the beta of each ``favor`` (balanced: the beta with the best mean F1 in
            cross-validation, see MODEL_CARD.md; the others a factor of about two either side).
        min_content_proba: without ``content_threshold``, sections below this P(content) are never
            kept, so a page with nothing likely to be content (a list of links) comes out empty
            (chosen by cross-validation, see MODEL_CARD.md).
        clickbait_threshold: P(clickbait) at or above which a headline is labeled clickbait.
        item_probability: P(inserted_link) of the section model at or above which a section is an
            inserted item (removed from the content whatever its P(content), and judged on- or off-topic).
        dropped_kinds: kinds of page furniture taken out of the kept text when the section model's kind
            estimator names a kept section so with at least ``kind_probability`` (bylines, datelines,
            captions ... that some sites print inside the article's container).
        kind_probability: see ``dropped_kinds``.
        off_topic_probability: P(off_topic) of the pair model (``classifier.models.offtopic``) at or above
            which an inserted item is off-topic.
        max_bytes: characters of a page that are parsed; the rest is not analysed (the report says
            so in ``limits``).
        max_sections: sections of a page that are analysed; the rest is cut the same way.
        max_title_chars: a headline longer than this is cut at a word boundary (a plain-text page
            whose first paragraph is a whole article is not rated as one huge headline).
        hidden_keep_share: an element that would be dropped as invisible (hidden, a form control,
            an embed) is read all the same when it holds more than this share of the page's text
            and at least ``hidden_keep_chars`` characters (an article hidden until a script shows it).
        hidden_keep_chars: see ``hidden_keep_share``.
        max_binary_share: input whose start has more than this share of control characters is
            binary, not a page (``empty_reason="binary"``).
    """

    content_threshold: float | None = None
    favor: Favor = "balanced"
    favor_beta: tuple[float, float, float] = (0.4, 0.7, 1.4)
    min_content_proba: float = 0.1
    clickbait_threshold: float = 0.5
    item_probability: float = 0.5
    dropped_kinds: tuple[str, ...] = ("byline", "dateline", "advertisement", "newsletter", "share", "comment")
    kind_probability: float = 0.5
    off_topic_probability: float = 0.5
    max_bytes: int = 64_000_000
    max_sections: int = 200_000
    max_title_chars: int = 400
    hidden_keep_share: float = 0.5
    hidden_keep_chars: int = 500
    max_binary_share: float = 0.1

    @property
    def beta(self) -> float:
        """The F-beta the kept text maximises (from ``favor``).

        >>> Config(favor="precision").beta, Config().beta, Config(favor="recall").beta
        (0.4, 0.7, 1.4)
        """
        return self.favor_beta[FAVORS.index(self.favor)]
