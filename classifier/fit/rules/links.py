"""Inserted links: "Baca juga: ..." style items inside an article body, and whether they are off-topic.

A news body often carries link items between its paragraphs — ``Baca Juga: <headline>``, ``Read also:``,
``Lihat Juga``, a boxed list under a "Baca Juga" label, or bare headline lines in a page flattened to
text. This module finds them (``detect``), measures how close each item's headline is to the article
(``similarity``), and returns both as ``InsertedLink`` records (``inserted_links``). Pure functions,
no I/O; the section model's P(content) per section comes in from the caller.

Detection rules, in order of evidence:

1. *Cue label*: the section opens with a lexicon cue (``lexicons/<lang>/link_cues.txt``) used as a
   label — followed by ``:``/``|``/``-``/``»``, by nothing (a label-only section), in bold
   (``lead_strong``) or linked — or followed by a short headline-like remainder. A long sentence that
   merely starts with a cue word ("Baca juga buku ini agar ...") is not a label, nor is a call to
   action ("READ MORE ON FOX BUSINESS BY CLICKING HERE", ``lexicons/<lang>/promo.txt``).
2. *Label + items*: a bare label or a box heading ("Related Links", "More from UK") introduces the
   short link/headline items that follow it (the liputan6 ``div.baca-juga > ul`` and kompas
   ``kcm-read-terkait`` boxes); topic tags and dates are not items. A bare "Read more" that ends a
   story card takes the card's headline and teaser just before it (the sections that share a
   closer container with the label than the body paragraph before them).
3. *Structure*: a short, link-dominated block whose element (or a close ancestor) carries an
   inserted-link class/id word (``linksisip``, ``lihatjg``, ``bacajuga``...), or a linked headline
   between two sentences of the article that the model doubts or that is set in bold.
4. *Position*: the article's main text run is the span of its confident body paragraphs inside the
   article's main container (the deepest element holding half the body's words; for plain text,
   the largest cluster of paragraphs). Every candidate must lie in that run or touch it (or touch
   an item that does); an orphan label counts only inside it; a related box after the run only
   when it follows the text directly (not in an ``aside``/``nav``/``footer``) or sits in the main
   container. Boxes in sidebars and after the article's furniture are "related" noise.

Topicality (``fit.rules.topicality``) compares the item's headline (label stripped) with the title
and the content sections.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ... import lexicons
from ...items import cue_split, headline_of
from ...report import InsertedLink
from ...text import WORD
from ...types import Page, Section
from .topicality import article_of, headline_similarity

__all__ = [
    "DEFAULT_OFF_TOPIC_THRESHOLD",
    "Candidate",
    "cue_split",
    "detect",
    "headline_of",
    "inserted_links",
    "similarity",
]

# Chosen on data/inserted_links (benchmarks/inserted_links.py, threshold table): the threshold on the 0.025
# grid with the best off-topic F1 over all labeled items, own and real pages together.
DEFAULT_OFF_TOPIC_THRESHOLD = 0.275  # kept equal to Config.off_topic_threshold

STOPWORDS = lexicons.load_all("stopwords")
RELATED = lexicons.load_all("related")
PROMO = lexicons.load_all("promo")
BYLINE = lexicons.load_all("byline")
ATTR_CUES = ("linksisip", "lihatjg", "bacajuga", "baca", "readalso", "alsoread", "seealso", "leiatambem", "lireaussi")
LABEL_SEPARATORS = ":|-–—»›>•·"
SENTENCE_END = re.compile(r"[.…](?=\s+\S)")  # "!" and "?" open many headlines: "Terungkap! Cekcok ..."
ENDS_LIKE_SENTENCE = re.compile(r"[.!?…][\"'”’)]*$")
ENDS_WITH_PERIOD = re.compile(r"\.[\"'”’)]*$")
BRACKETED = re.compile(r"^\s*[\[(]\s*|\s*[\])]\s*$")

BODY_PROBA = 0.5  # P(content) at which a long section counts as article body
BODY_MIN_WORDS = 12
WEAK_BODY_PROBA = 0.25
MAIN_SHARE = 0.5  # share of the body's words the article's main container holds
RUN_GAP = 12  # plain text: sections between two paragraphs of one run (inserted boxes fit)
RUN_MARGIN = 3  # sections between a candidate and the body run that still count as touching it
ITEM_MAX_WORDS = 30
LABEL_MAX_ITEMS = 8
CARD_MAX_PARTS = 3
MIN_ITEM_WORDS = 3  # a story headline; topic tags ("Tottenham", "Weight Loss") are shorter
TAG_ATTRS = frozenset({"tag", "tags", "taxonomy", "topic", "topics", "keyword", "keywords"})
HEADING_MAX_WORDS = 6
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
CARD_MIN_WORDS = 4
CAPTION_TAGS = frozenset({"figcaption", "caption"})  # a linked photo credit is not an insert
FURNITURE_TAGS = frozenset({"aside", "nav", "footer"})  # after the body: sidebars, menus, page footers
SHORT_REMAINDER_WORDS = 22
LINK_DOMINATED = 0.6
LINK_BLOCK = 0.85  # link share of a bare headline link between paragraphs (a badge like "Updated" may stay unlinked)


Chain = tuple[tuple[str, str], ...]  # an element chain from the root: (tag, class/id words) pairs


@dataclass(frozen=True, slots=True)
class Candidate:
    """A detected item: its section, why it was taken, and its headline (cue label stripped)."""

    index: int
    reason: str
    headline: str


# --------------------------------------------------------------------------- text helpers


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def _headline_like(text: str, *, max_words: int = SHORT_REMAINDER_WORDS) -> bool:
    """Short, starts with a capital or digit or quote, and reads like a title rather than a sentence."""
    words = _words(text)
    if not words or len(words) > max_words:
        return False
    first = text.lstrip("\"'“”‘’«([")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if SENTENCE_END.search(text):  # several sentences
        return False
    return True


def _headline_cased(text: str) -> bool:
    """Most words capitalised, as headlines on many sites are (and body sentences are not)."""
    words = [w for w in _words(text) if not w.isdigit()]
    content = [w for w in words if w.lower() not in STOPWORDS] or words
    return bool(content) and sum(1 for w in content if w[0].isupper()) / len(content) >= 0.6


# --------------------------------------------------------------------------- detection


def _link_ratio(section: Section) -> float | None:
    return None if section.link_chars is None else section.link_chars / max(len(section.text), 1)


def _local_attrs(section: Section, levels: int = 3) -> str:
    return " ".join(section.attrs[-levels:]) if section.attrs else ""


def _has_attr_cue(section: Section) -> bool:
    local = _local_attrs(section).replace(" ", "")
    return any(cue in local for cue in ATTR_CUES)


def _is_body(section: Section, proba: float) -> bool:
    """A confident body paragraph: long, kept by the model, and not a link."""
    link = _link_ratio(section)
    long_enough = len(_words(section.text)) >= BODY_MIN_WORDS
    return proba >= BODY_PROBA and long_enough and (link is None or link < LINK_DOMINATED)


def _is_weak_body(section: Section, proba: float) -> bool:
    """Prose the model half-trusts (a last paragraph after an insert, a quote)."""
    link = _link_ratio(section)
    return (
        proba >= WEAK_BODY_PROBA
        and len(_words(section.text)) >= BODY_MIN_WORDS
        and ENDS_LIKE_SENTENCE.search(section.text) is not None
        and (link is None or link < 0.3)
    )


def _is_prose(section: Section, proba: float, home: Chain) -> bool:
    """A body paragraph, or a short sentence ("Webb emerged, naked.") the model keeps or the article's
    main container holds."""
    if _is_body(section, proba):
        return True
    link = _link_ratio(section)
    return (
        (proba >= BODY_PROBA or _within(section, home))
        and ENDS_LIKE_SENTENCE.search(section.text) is not None
        and (link is None or link < 0.3)
    )


def _lineage(section: Section) -> Chain:
    """The section's element chain from the root, as (tag, class/id words) pairs (empty for plain text)."""
    return tuple(zip(section.path or (), section.attrs or ()))


def _within(section: Section, home: Chain) -> bool:
    """The section sits inside the element chain ``home`` (an HTML page's main container)."""
    return bool(home) and _lineage(section)[: len(home)] == home


def _bold_led(section: Section) -> bool:
    """The whole block is bold (a "READ MORE"-style linked headline)."""
    return section.lead_strong is not None and section.lead_strong >= len(section.text) - 1


def _kinship(first: Section, other: Section) -> int:
    """Depth of the deepest element chain two sections share."""
    depth = 0
    for a, b in zip(_lineage(first), _lineage(other)):
        if a != b:
            break
        depth += 1
    return depth


def _main_container(sections: Sequence[Section], body: Sequence[int]) -> Chain:
    """The deepest element chain holding ``MAIN_SHARE`` of the body paragraphs' words (empty for plain text).

    Article paragraphs share one container; teasers of other stories, comments and newsletter blurbs
    that the model half-trusts sit in other containers.
    """
    weight: Counter[Chain] = Counter()
    for i in body:
        chain, words = _lineage(sections[i]), len(_words(sections[i].text))
        for depth in range(1, len(chain)):
            weight[chain[:depth]] += words
    total = sum(len(_words(sections[i].text)) for i in body)
    return max((c for c, w in weight.items() if w >= MAIN_SHARE * total), key=len, default=())


def _related_cue(cue: str) -> bool:
    """Cues that also head ordinary related-article boxes ("Berita Terkait", "Related")."""
    return cue in RELATED or "terkait" in cue or "related" in cue or "lainnya" in cue or "relacionad" in cue


def body_run(page: Page, proba: np.ndarray) -> tuple[int, int, Chain] | None:
    """The article's main text run: first and last index of a body paragraph in its main container
    (long prose the model half-trusts included), and that container; ``None`` when the page has no
    confident body paragraph."""
    sections = page.sections
    body = [i for i, s in enumerate(sections) if _is_body(s, float(proba[i]))]
    home = _main_container(sections, body)
    confident = set(body)
    run = [
        i for i, s in enumerate(sections)
        if (i in confident or _is_weak_body(s, float(proba[i]))) and (not home or _within(s, home))
    ]
    if not body or not run:
        return None
    if not home:  # plain text: the cluster of paragraphs with the most words (comments, teasers are apart)
        clusters: list[list[int]] = []
        for i in run:
            if clusters and i - clusters[-1][-1] <= RUN_GAP:
                clusters[-1].append(i)
            else:
                clusters.append([i])
        run = max(clusters, key=lambda c: sum(len(_words(sections[i].text)) for i in c))
    return run[0], run[-1], home


def _label_kind(section: Section, cue: str, separator: str, remainder: str) -> str | None:
    """How ``section`` uses its leading cue: ``"label"`` (the bare cue: "Baca Juga", "Read also:"),
    ``"heading"`` (a box heading naming its list: "Related Links", "More from UK", "Related content
    from NBCNews.com:"), ``"item"`` (cue + headline) or ``None``."""
    multiword = " " in cue
    bold = section.lead_strong is not None and section.lead_strong >= len(cue) - 1
    link = _link_ratio(section)
    if not remainder or not any(c.isalnum() for c in remainder):
        boxed = _has_attr_cue(section) or any(w in _local_attrs(section) for w in ("terkait", "related"))
        return "label" if (multiword or separator or bold or boxed or section.tag in HEADING_TAGS) else "heading"
    if _promo(remainder):
        return None
    words = _words(remainder)
    if not separator and (len(words) < 3 or remainder.endswith(":")):
        linked_heading = link is not None and link >= LINK_DOMINATED  # "More articles": a link to an index page
        return "heading" if len(words) <= HEADING_MAX_WORDS and not linked_heading else None
    if not _headline_like(remainder, max_words=ITEM_MAX_WORDS):
        return None
    if not separator and words[0].lower() in STOPWORDS:  # "Read more on ...", "Baca juga di ..."
        return None
    linked = link is not None and link >= LINK_DOMINATED * len(remainder) / max(len(section.text), 1)
    if separator or bold or (linked and multiword):
        return "item"
    # no separator, no markup: only a short headline-cased remainder ("Baca juga Kapal Asing Masuk ...")
    if multiword and len(words) <= SHORT_REMAINDER_WORDS and not ENDS_WITH_PERIOD.search(remainder):
        if _headline_cased(remainder):
            return "item"
    return None


def _list_item(section: Section, proba: float) -> bool:
    """A short link/headline item that can sit under a "Baca Juga" label (not a topic tag)."""
    words = _words(section.text)
    if not MIN_ITEM_WORDS <= len(words) <= ITEM_MAX_WORDS or _promo(section.text) or section.text.endswith(":"):
        return False  # a lead-in ("... tweeted out:") is not a headline
    if len(words) <= 4 and words[0].lower() in BYLINE:  # "Penulis: Glery Lazuardi", "Editor: ..."
        return False
    if sum(w.isalpha() for w in words) < len(words) / 2:  # a date or a score, not a headline
        return False
    link = _link_ratio(section)
    if link is not None:
        return link >= LINK_DOMINATED and not TAG_ATTRS & set(_local_attrs(section, 2).split())
    # plain text: a headline-like line that is not a body sentence
    text = section.text.lstrip("-•·*–— ")
    return _headline_like(text, max_words=ITEM_MAX_WORDS) and not ENDS_WITH_PERIOD.search(text) and proba < 0.9


def detect(page: Page, proba: np.ndarray) -> tuple[Candidate, ...]:
    """The sections of ``page`` that are inserted link items (labels of item boxes included).

    Args:
        page: the parsed page.
        proba: P(content) per section, as the section model gives it.

    Returns:
        Candidates in section order; ``reason`` names the rule that fired.
    """
    sections = page.sections
    n = len(sections)
    if n == 0:
        return ()
    proba = np.asarray(proba, dtype=float)
    run = body_run(page, proba)
    lo, hi, home = (0, n - 1, ()) if run is None else run

    found: dict[int, Candidate] = {}

    def touches_run(first: int, last: int) -> bool:  # items chained to the body by other items count too
        return first <= max([hi, *found]) + RUN_MARGIN and last >= lo - RUN_MARGIN

    end = hi + 1  # the text's end: the body run and the short sentences that close it
    while end < n and _is_prose(sections[end], float(proba[end]), home):
        end += 1
    i = 0
    while i < n:
        section = sections[i]
        split = cue_split(section.text)
        kind = None if split is None else _label_kind(section, *split)
        if kind == "item" and touches_run(i, i):
            found[i] = Candidate(i, "cue_label", headline_of(section.text))
        elif kind in ("label", "heading") and run is not None and (
            i <= hi
            or _within(section, home)
            or (i <= end and not FURNITURE_TAGS.intersection(section.path or ()))
            or (kind == "label" and split is not None and not _related_cue(split[0]))
        ):
            items = _box_items(sections, proba, i)
            card = [] if items or kind == "heading" else _card(sections, proba, i)
            first, last = (card or [i])[0], (items or [i])[-1]
            if card is not None and touches_run(first, last) and (items or card or (kind == "label" and lo <= i <= hi)):
                # an orphan label counts inside the body only; a related box or a box heading after the
                # body only when it follows the text directly or sits in the article's container
                found[i] = Candidate(i, "box_label" if items else "card_label" if card else "label_only", "")
                for j in items:
                    found[j] = Candidate(j, "box_item", headline_of(sections[j].text))
                for j in card:  # the teaser of a card carries no headline to judge
                    headline = headline_of(sections[j].text) if _card_headline(sections[j]) else ""
                    found[j] = Candidate(j, "card", headline)
                i = last + 1
                continue
        i += 1
    if run is None:
        return tuple(found[i] for i in sorted(found))

    near = range(max(lo - RUN_MARGIN, 0), min(hi + RUN_MARGIN + 1, n))
    for i in near:
        section = sections[i]
        words = _words(section.text)
        if i in found or not words or len(words) > ITEM_MAX_WORDS or _is_body(section, float(proba[i])):
            continue
        link = _link_ratio(section)
        if link is None or _promo(section.text) or section.tag in CAPTION_TAGS:
            continue
        if link >= 0.8 and _has_attr_cue(section) and float(proba[i]) < 0.5 and _isolated_link_block(sections, i):
            found[i] = Candidate(i, "attr_cue", headline_of(section.text))
        elif link >= LINK_BLOCK and _link_block(sections, proba, i, home):
            found[i] = Candidate(i, "link_block", headline_of(section.text))

    # plain text: a bare headline line between body paragraphs, on a page that already shows inserts
    if page.source == "text" and any(c.reason in ("cue_label", "box_item") for c in found.values()):
        for i in near:
            if i in found or not all(_prose_neighbours(sections, proba, i, home)):
                continue
            text = sections[i].text
            count = len(_words(text))
            if (
                6 <= count <= SHORT_REMAINDER_WORDS
                and float(proba[i]) < 0.2
                and _headline_like(text)
                and _headline_cased(text)
                and not ENDS_WITH_PERIOD.search(text)
            ):
                found[i] = Candidate(i, "bare_headline", headline_of(text))
    return tuple(found[i] for i in sorted(found))


def _box_items(sections: Sequence[Section], proba: np.ndarray, label: int) -> list[int]:
    """The short link/headline items listed right after a label, in one container."""
    items: list[int] = []
    for j in range(label + 1, min(label + 1 + LABEL_MAX_ITEMS, len(sections))):
        split = cue_split(sections[j].text)
        next_label = split is not None and _label_kind(sections[j], *split) in ("label", "heading")
        if next_label or not _list_item(sections[j], float(proba[j])):
            break
        if items and not _same_container(sections[items[0]], sections[j]):
            break
        items.append(j)
    return items


def _card(sections: Sequence[Section], proba: np.ndarray, label: int) -> list[int] | None:
    """A story card that ends in its cue ("<headline> <teaser> Read more"): the sections just before the
    label that share a closer container with it than the body paragraph before them does (``None``
    for a promotion card: "Sign up for our newsletter ... Read more")."""
    parts: list[int] = []
    j = label - 1
    while j >= 0 and len(parts) < CARD_MAX_PARTS and not _is_body(sections[j], float(proba[j])):
        parts.append(j)
        j -= 1
    outside = _kinship(sections[j], sections[label]) if j >= 0 else 0
    card: list[int] = []
    for k in parts:
        if len(_words(sections[k].text)) > ITEM_MAX_WORDS or _kinship(sections[k], sections[label]) <= outside:
            break
        card.insert(0, k)
    if any(_promo(sections[k].text) for k in card):
        return None
    return card if any(_card_headline(sections[k]) for k in card) else []


def _card_headline(section: Section) -> bool:
    """The headline of a story card: a link, or a headline-cased line (not its teaser sentence)."""
    link = _link_ratio(section)
    if len(_words(section.text)) < CARD_MIN_WORDS:  # a tag ("Weight Loss"), not a headline
        return False
    return (link is not None and link >= LINK_DOMINATED) or (
        _headline_like(section.text) and _headline_cased(section.text)
    )


def _promo(text: str) -> bool:
    """A call to action ("click here", "download the app"), not a story headline."""
    lowered = " " + " ".join(_words(text.lower())) + " "
    return any(f" {phrase} " in lowered for phrase in PROMO)


def _same_container(first: Section, other: Section) -> bool:
    """Two box items: same tag under the same parent (always true for plain text)."""
    if first.path is None or other.path is None:
        return True
    return first.path == other.path and (first.attrs or ())[:-1] == (other.attrs or ())[:-1]


def _isolated_link_block(sections: Sequence[Section], i: int) -> bool:
    """No other short link-dominated block within two sections (a lone insert, not a link list)."""
    for j in range(max(i - 2, 0), min(i + 3, len(sections))):
        if j == i:
            continue
        other = sections[j]
        link = _link_ratio(other)
        if link is not None and link >= LINK_DOMINATED and len(_words(other.text)) <= ITEM_MAX_WORDS:
            return False
    return True


def _prose_neighbours(sections: Sequence[Section], proba: np.ndarray, i: int, home: Chain) -> tuple[bool, bool]:
    """Whether the sections right before and right after ``i`` are article prose."""
    before, after = (0 <= j < len(sections) and _is_prose(sections[j], float(proba[j]), home) for j in (i - 1, i + 1))
    return before, after


def _link_block(sections: Sequence[Section], proba: np.ndarray, i: int, home: Chain) -> bool:
    """A linked headline standing alone in the text: between two sentences, where the model doubts it or
    it is set in bold, or bold in the article's container next to one sentence (a caption, a video or an
    ad slot may sit on its other side). A block that opens with a cue is left to the cue rules."""
    section = sections[i]
    if len(_words(section.text)) < 4 or not _headline_like(section.text) or cue_split(section.text):
        return False
    before, after = _prose_neighbours(sections, proba, i, home)
    bold = _bold_led(section)
    if before and after:
        return float(proba[i]) < 0.3 or bold
    return bold and _within(section, home) and (before or after)


def similarity(item_text: str, page: Page, content_indices: Sequence[int]) -> float:
    """How close an inserted item's headline is to the article, in [0, 1].

    The mean of (a) the weighted share of the headline's content words (stemmed, stopwords dropped,
    names weighted up) found in the title and content sections, and (b) the cosine between
    character 3–5-gram TF-IDF vectors of the headline and of the article, with IDF over the page's
    own sections.

    Args:
        item_text: the item as shown (its cue label is stripped here).
        page: the page it sits on.
        content_indices: indices of the page's content sections (the article body).
    """
    return headline_similarity(headline_of(item_text), article_of(page, content_indices))


# --------------------------------------------------------------------------- entry point


def inserted_links(
    page: Page, proba: np.ndarray, *, threshold: float = DEFAULT_OFF_TOPIC_THRESHOLD
) -> tuple[InsertedLink, ...]:
    """The inserted link items of ``page``, in order, with their similarity and off-topic flag.

    Args:
        page: the parsed page.
        proba: ``proba[i]`` = P(content) of section ``i`` (the section model's output).
        threshold: items whose similarity to the article is below this are off-topic.

    Returns:
        One ``InsertedLink`` per detected section. Label-only sections ("Baca Juga" heading a box,
        or an orphan label) come out with similarity 0.0 and ``off_topic=False``: they carry no
        headline to judge, but are inserted-link noise all the same.

    >>> from classifier.types import Page, Section
    >>> inserted_links(Page("", None, ()), np.empty(0))
    ()
    """
    if not page.sections:
        return ()
    proba = np.asarray(proba, dtype=float)
    candidates = detect(page, proba)
    if not candidates:
        return ()
    taken = {c.index for c in candidates}
    content = [
        i for i, s in enumerate(page.sections)
        if i not in taken and float(proba[i]) >= BODY_PROBA
    ]
    article = article_of(page, content)
    links = []
    for candidate in candidates:
        text = page.sections[candidate.index].text
        if not candidate.headline:
            links.append(InsertedLink(candidate.index, text, 0.0, False))
            continue
        score = headline_similarity(headline_of(text), article)
        links.append(InsertedLink(candidate.index, text, score, bool(score < threshold)))
    return tuple(links)
