"""Page → report: the three jobs in one pass, with no I/O.

The section model gives every section P(content) and P(kind); the kept text is the expected-F set of
P(content) (or a fixed threshold), minus the sections it names inserted items; every item with a headline
is judged by the off-topic pair model; the headline is rated by the headline router. Every decision
carries the features that drove it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .config import Config
from .features.pair import Pair
from .items import headline_of
from .models import headlines
from .models.sections import PageScores, SectionModel, page_scores
from .models.sections import keep as keep_best
from .report import HeadlineResult, InsertedLink, PageReport, Reasons, SectionResult
from .types import EmptyReason, HeadlineLabel, Kind, Page, Section

__all__ = ["Decision", "analyze", "content_of", "decide"]

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LIST_TAGS = frozenset({"li", "dd", "dt"})
QUOTE_TAGS = frozenset({"blockquote", "q"})
ITEM: Kind = "inserted_link"
REASONS = 3


@dataclass(frozen=True, slots=True)
class Decision:
    """What the section model decided for a page.

    Attributes:
        scores: its probabilities (P(content), P(item)) and feature rows.
        keep: per section, whether it is kept as content.
        items: indices of the inserted link items.
    """

    scores: PageScores
    keep: np.ndarray
    items: tuple[int, ...]

    @property
    def proba(self) -> np.ndarray:
        return self.scores.proba


def content_kind(section: Section, index: int, page: Page) -> Kind:
    """The kind of a kept section, from its element (HTML) or its place (plain text: the title line)."""
    tag = section.tag
    if tag in HEADING_TAGS or (tag is None and section.text == page.title and index < 3):
        return "heading"
    if tag in LIST_TAGS:
        return "list"
    if tag in QUOTE_TAGS:
        return "quote"
    return "paragraph"


def decide(page: Page, sections_model: dict[str, Any], config: Config) -> Decision:
    """Score every section, find the inserted items, and keep the content that is not one (``choose``)."""
    model: SectionModel = sections_model["pipeline"]
    scores = page_scores(page, model)
    keep, items = choose(
        scores.proba, scores.words, scores.item_proba, model.kind_classes,
        lambda rows: model.kind_proba(scores.matrix[rows]), config,
    )  # fmt: skip
    return Decision(scores, keep, items)


def choose(
    proba: np.ndarray,
    words: np.ndarray,
    item_proba: np.ndarray | None,
    kind_classes: list[str],
    kind_proba: Callable[[np.ndarray], np.ndarray],
    config: Config,
) -> tuple[np.ndarray, tuple[int, ...]]:
    """Which sections of a page are kept, and which are inserted items, from the section model's outputs.

    Kept: sections at or above ``Config.content_threshold`` when it is set, else the set with the best
    expected token F-score for ``Config.favor`` (``models.sections.keep``). An item is a section whose
    P(item) reaches ``Config.item_probability``, whatever its length and whatever its P(content); a kept
    section that the kind estimator names one of ``Config.dropped_kinds`` (with ``kind_probability``) is
    page furniture printed inside the article, and dropped too.

    Args:
        proba, words: P(content) and word count per section.
        item_proba: P(item) per section (``None`` without an item estimator).
        kind_classes: the kinds the kind estimator names (``[]`` without one).
        kind_proba: P(kind) of the given rows (called for the kept rows only).
        config: the thresholds.
    """
    if config.content_threshold is not None:
        keep = proba >= config.content_threshold
    else:
        keep = keep_best(proba, words, beta=config.beta, floor=config.min_content_proba)
    items: tuple[int, ...] = ()
    if item_proba is not None:
        items = tuple(int(i) for i in np.flatnonzero(item_proba >= config.item_probability))
        keep[list(items)] = False
    drop = [j for j, kind in enumerate(kind_classes) if kind in config.dropped_kinds]
    kept = np.flatnonzero(keep)
    if drop and len(kept):
        kind_p = kind_proba(kept)
        best = np.argmax(kind_p, axis=1)
        furniture = np.isin(best, drop) & (kind_p[np.arange(len(kept)), best] >= config.kind_probability)
        keep[kept[furniture]] = False
    return keep, items


def content_of(page: Page, decision: Decision) -> str:
    """The kept sections joined by blank lines."""
    return "\n\n".join(s.text for s, keep in zip(page.sections, decision.keep) if keep)


def _top(contributions: np.ndarray, names: list[str]) -> Reasons:
    order = np.argsort(-np.abs(contributions))[:REASONS]
    return tuple((names[j], float(contributions[j])) for j in order)


def section_results(page: Page, decision: Decision, model: SectionModel) -> tuple[SectionResult, ...]:
    """Every section with its label, P(content), kind and reasons.

    A kept section is named by its element (``paragraph``, ``heading``, ``list``, ``quote``) with the
    features that raised P(content); an item is ``inserted_link`` with those that raised P(item); any other
    section takes the kind the kind estimator finds likeliest among the noise kinds, with the features
    that raised it (``other`` and the features that lowered P(content) without a kind estimator).
    """
    n = len(decision.keep)
    scores = decision.scores
    kinds: list[Kind] = []
    kind_score = np.full(n, np.nan)
    reasons: list[Reasons] = [()] * n
    if n == 0:
        return ()
    contributions, names = model.contributions(scores.matrix, scores.layout, scores.stage_rows)
    all_names = model.all_feature_names()
    item_parts = model.item_contributions(scores.matrix[list(decision.items)]) if decision.items else None
    rest = [i for i in range(n) if not decision.keep[i] and i not in decision.items]
    named = model.kind_classes
    noise = [j for j, kind in enumerate(named) if kind not in ("content", ITEM)]
    kind_p, kind_best, kind_parts = model.kind_explained(scores.matrix[rest], noise) if rest and noise else (None, None, None)
    row_of = {i: r for r, i in enumerate(rest)}
    item_row = {i: r for r, i in enumerate(decision.items)}
    for i in range(n):
        if decision.keep[i]:
            kinds.append(content_kind(page.sections[i], i, page))
            kind_score[i] = scores.proba[i]
            reasons[i] = _top(contributions[i, :-1], names)
        elif i in item_row and item_parts is not None and scores.item_proba is not None:
            kinds.append(ITEM)
            kind_score[i] = scores.item_proba[i]
            reasons[i] = _top(item_parts[item_row[i], :-1], all_names)
        elif kind_p is not None and kind_best is not None and kind_parts is not None:
            r = row_of[i]
            best = int(kind_best[r])
            kinds.append(named[best])  # type: ignore[arg-type]
            kind_score[i] = kind_p[r, best]
            reasons[i] = _top(kind_parts[r, :-1], all_names)
        else:
            kinds.append("other")
            kind_score[i] = 1 - scores.proba[i]
            reasons[i] = _top(-contributions[i, :-1], names)
    return tuple(
        SectionResult(index, section.text, "content" if keep else "noise", float(score), kind, float(ks), why)
        for index, (section, score, keep, kind, ks, why) in enumerate(
            zip(page.sections, decision.proba, decision.keep, kinds, kind_score, reasons)
        )
    )


def inserted_links(
    page: Page, decision: Decision, offtopic_model: Any | None, config: Config
) -> tuple[InsertedLink, ...]:
    """The page's inserted items, each judged against the article (title + kept text) by the pair model.

    An item whose text is only its cue ("Baca Juga" heading a box) has no headline to judge.
    """
    if not decision.items:
        return ()
    body = "\n".join(s.text for s, keep in zip(page.sections, decision.keep) if keep)
    p_item = decision.scores.item_proba if decision.scores.item_proba is not None else np.full(len(decision.keep), np.nan)
    found = [(i, headline_of(page.sections[i].text)) for i in decision.items]
    judged = [(i, h) for i, h in found if any(c.isalnum() for c in h)]
    probabilities: dict[int, float] = {}
    similarity: dict[int, float] = {}
    reasons: dict[int, Reasons] = {}
    if offtopic_model is not None and judged:
        pairs = [Pair(h, page.title, body, page.lang) for _, h in judged]
        matrix = offtopic_model.features_.transform(pairs)  # once: probabilities, similarity and reasons
        p = offtopic_model.proba_matrix(matrix)
        explained = offtopic_model.explain_matrix(matrix)
        names = offtopic_model.feature_names()
        cosine = names.index("char_cosine") if "char_cosine" in names else None
        for row, (i, _) in enumerate(judged):
            probabilities[i] = float(p[row])
            similarity[i] = float(matrix[row, cosine]) if cosine is not None else float("nan")
            reasons[i] = tuple(explained[row][:REASONS])
    out = []
    for i, head in found:
        probability = probabilities.get(i)
        out.append(
            InsertedLink(
                i, page.sections[i].text, similarity.get(i, 0.0),
                probability is not None and probability >= config.off_topic_probability,
                probability, float(p_item[i]), head, reasons.get(i, ()),
            )  # fmt: skip
        )
    return tuple(out)


def headline_result(text: str, headlines_model: dict[str, Any], config: Config, lang: str | None = None) -> HeadlineResult:
    """The headline's clickbait probability, label and the parts of its logit (``lang``: the page's language)."""
    probability, explanation = headlines.rate(text, headlines_model, lang=lang)
    label: HeadlineLabel = "clickbait" if probability >= config.clickbait_threshold else "not_clickbait"
    return HeadlineResult(text, probability, label, explanation.top(), explanation.logit, explanation.intercept,
                          explanation.contributions)  # fmt: skip


def analyze(
    page: Page,
    *,
    sections_model: dict[str, Any],
    headlines_model: dict[str, Any] | None = None,
    offtopic_model: dict[str, Any] | None = None,
    config: Config = Config(),
) -> PageReport:
    """The report of ``page``: headline rated (when a headline model is given), every section labeled
    with its kind and reasons, inserted items judged (when an off-topic model is given), and the clean
    content."""
    decision = decide(page, sections_model, config)
    headline = None if headlines_model is None else headline_result(page.title, headlines_model, config, page.lang)
    content = content_of(page, decision)
    meta = page.meta
    pair_model = None if offtopic_model is None else offtopic_model["pipeline"]
    return PageReport(
        page.title, page.lang, headline, section_results(page, decision, sections_model["pipeline"]),
        inserted_links(page, decision, pair_model, config), content,
        author=meta.author, date=meta.date, site_name=meta.site_name,
        empty_reason=empty_reason(page, content), replaced=page.replaced, limits=page.limits,
    )  # fmt: skip


def empty_reason(page: Page, content: str) -> EmptyReason | None:
    """Why ``content`` is empty: the page's own reason (no text, binary, unparseable), else every
    section was judged noise; ``None`` when there is content."""
    if content:
        return None
    return page.empty_reason or ("all_noise" if page.sections else "no_text")
