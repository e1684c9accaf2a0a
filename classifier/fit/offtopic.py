"""Fitting the off-topic pair model: labeled pairs from real articles, grouped cross-validation, artifacts.

Training pairs (``indonesian_pairs``, ``english_pairs``) are built from real articles, never written by
hand:

- Indonesian (``../shared/datasets/indonesian-articles``): each article is paired with its own title (an
  on-topic sanity case), with titles of articles about the same story (stemmed-word TF-IDF cosine of the
  whole texts at least ``same_story`` and a shared name), with titles of the same normalised category that
  are about another event (hard negatives: among the article's nearest ``near`` neighbours, cosine under
  ``other_event``) and with titles of another category (off-topic).
- English (gold texts of ``../shared/datasets/extraction``): each page's parsed title is its title; the
  article is paired with its title and a short deck line (on), near-duplicate pages' titles (on), titles of
  similar pages about something else (hard negatives) and random other pages' titles (off).

Pairs from user CSVs (``read_pairs_csv``: ``headline,article,label[,lang][,title]``) go through the same
``train``/``evaluate``. Cross-validation groups pairs by article, so that no article is on both sides.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold

from ..errors import InputError
from ..features.pair import Pair, PairFeatures, _l2_rows, names_of
from ..metrics import expected_calibration_error
from ..models.offtopic import OffTopicModel

__all__ = [
    "LabeledPairs", "news_topic", "indonesian_pairs", "english_pairs", "read_pairs_csv", "off_topic_scores",
    "grouped_proba", "train", "evaluate", "MIN_PAIRS",
]  # fmt: skip

MIN_PAIRS = 6
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_LABELS = {"off": 1, "on": 0, "1": 1, "0": 0, "off_topic": 1, "on_topic": 0, "true": 1, "false": 0}


@dataclass(frozen=True, slots=True)
class LabeledPairs:
    """Pairs with their labels (1 off-topic, 0 on-topic), the group each belongs to (its article or page:
    cross-validation keeps a group on one side) and where each pair comes from (``source``)."""

    pairs: list[Pair]
    labels: np.ndarray
    groups: np.ndarray
    sources: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))

    def __len__(self) -> int:
        return len(self.pairs)

    def subset(self, rows: np.ndarray) -> LabeledPairs:
        """The pairs at ``rows`` (an index array or boolean mask)."""
        rows = np.flatnonzero(rows) if np.asarray(rows).dtype == bool else np.asarray(rows)
        sources = self.sources[rows] if len(self.sources) else self.sources
        return LabeledPairs([self.pairs[i] for i in rows], self.labels[rows], self.groups[rows], sources)

    @staticmethod
    def concat(parts: Sequence[LabeledPairs]) -> LabeledPairs:
        """One set of the pairs of ``parts``, in order."""
        return LabeledPairs(
            [p for part in parts for p in part.pairs],
            np.concatenate([part.labels for part in parts]).astype(int),
            np.concatenate([part.groups.astype(object) for part in parts]),
            np.concatenate([part.sources.astype(object) if len(part.sources) else np.full(len(part), "", dtype=object)
                            for part in parts]),
        )  # fmt: skip


# --------------------------------------------------------------------------- categories


@cache
def _topic_table() -> dict[str, str]:
    text = resources.files("classifier.lexicons").joinpath("id", "news_topics.txt").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        topic, names = line.split(":", 1)
        for name in names.split(","):
            table.setdefault(name.strip().lower(), topic.strip())
    return table


def news_topic(category: str | None, subcategory: str | None) -> str | None:
    """The normalised topic of a publisher's category (``lexicons/id/news_topics.txt``), or ``None``.

    >>> news_topic("Nasional", "hukum"), news_topic("SELEBRITI", None), news_topic("Sports", "MotoGP")
    ('metro', 'celebrity', 'sport')
    """
    table = _topic_table()
    for name in (subcategory, category):
        if name and name.strip().lower() in table:
            return table[name.strip().lower()]
    return None


# --------------------------------------------------------------------------- pairs from real articles


@dataclass(frozen=True, slots=True)
class _Article:
    title: str
    body: str
    lang: str
    topic: str | None
    group: str


def _similarities(articles: Sequence[_Article], rows: np.ndarray, near: int) -> tuple[np.ndarray, np.ndarray]:
    """For each article of ``rows``: its ``near`` nearest other articles (stemmed-word TF-IDF cosine of title
    and body) and their cosines, nearest first."""
    features = PairFeatures()
    stemmed = features._stemmed([f"{a.title}\n{a.body}" for a in articles], [a.lang for a in articles])
    counts = features._words().transform(stemmed).tocsr()
    matrix = _l2_rows(features._tfidf(counts, features._idf(counts, len(articles))))
    index = np.zeros((len(rows), near), dtype=np.int64)
    cosine = np.zeros((len(rows), near))
    for start in range(0, len(rows), 1000):
        chunk = rows[start : start + 1000]
        sims = (matrix[chunk] @ matrix.T).toarray()
        sims[np.arange(len(chunk)), chunk] = -1.0
        top = np.argpartition(-sims, near, axis=1)[:, :near]
        order = np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1)
        top = np.take_along_axis(top, order, axis=1)
        index[start : start + len(chunk)] = top
        cosine[start : start + len(chunk)] = np.take_along_axis(sims, top, axis=1)
    return index, cosine


def _pairs_from_articles(
    articles: Sequence[_Article],
    *,
    per_article: int,
    sample: int | None,
    same_story: float,
    other_event: float,
    near: int,
    own_title_share: float,
    same_topic_needed: bool,
    seed: int,
    extra_on: Callable[[_Article], list[tuple[Pair, str]]] | None = None,
) -> LabeledPairs:
    rng = np.random.default_rng(seed)
    n = len(articles)
    rows = np.arange(n) if sample is None or sample >= n else np.sort(rng.choice(n, sample, replace=False))
    index, cosine = _similarities(articles, rows, min(near, n - 1))
    pairs: list[Pair] = []
    labels: list[int] = []
    groups: list[str] = []
    sources: list[str] = []

    def add(article: _Article, headline: str, label: int, source: str) -> None:
        pairs.append(Pair(headline, article.title, article.body, article.lang))
        labels.append(label)
        groups.append(article.group)
        sources.append(source)

    for k, i in enumerate(rows):
        a = articles[i]
        if rng.random() < own_title_share:
            add(a, a.title, 0, "own_title")
        if extra_on is not None:
            for pair, source in extra_on(a):
                pairs.append(pair)
                labels.append(0)
                groups.append(a.group)
                sources.append(source)
        a_names = names_of(a.body, headline=False) | names_of(a.title, headline=True)
        same = [int(j) for j, c in zip(index[k], cosine[k])
                if c >= same_story and articles[j].title != a.title
                and names_of(articles[j].title, headline=True) & a_names]  # fmt: skip
        for j in same[:per_article]:
            add(a, articles[j].title, 0, "same_story")
        hard = [int(j) for j, c in zip(index[k], cosine[k])
                if c < other_event and (not same_topic_needed or (a.topic is not None and articles[j].topic == a.topic))]  # fmt: skip
        if hard:
            for j in rng.choice(hard, min(per_article, len(hard)), replace=False):
                add(a, articles[int(j)].title, 1, "other_event")
        others = [int(j) for j in rng.choice(n, 4 * per_article)
                  if j != i and (a.topic is None or articles[int(j)].topic != a.topic)]  # fmt: skip
        for j in others[:per_article]:
            add(a, articles[j].title, 1, "other_topic")
    return LabeledPairs(pairs, np.asarray(labels, dtype=int), np.asarray(groups, dtype=object), np.asarray(sources, dtype=object))


def indonesian_pairs(
    records: Iterable[dict[str, Any]],
    *,
    sample: int | None = 4000,
    per_article: int = 2,
    same_story: float = 0.4,
    other_event: float = 0.2,
    near: int = 100,
    own_title_share: float = 0.25,
    seed: int = 0,
) -> LabeledPairs:
    """Labeled pairs from records of ``indonesian-articles`` (``title``, ``paragraphs``, ``category``, ...).

    Args:
        records: the article records.
        sample: articles that get pairs (all articles serve as headline sources and neighbours).
        per_article: same-story, other-event and other-topic pairs per article (at most).
        same_story: cosine at or above which a neighbour sharing a name is the same story.
        other_event: cosine under which a same-topic neighbour is another event.
        near: neighbours searched per article.
        own_title_share: share of articles paired with their own title.
        seed: random seed.

    Returns:
        The pairs, grouped by article.
    """
    articles = [
        _Article(r["title"], "\n".join(r.get("paragraphs") or []), "id",
                 news_topic(r.get("category"), r.get("subcategory")), f"id:{r.get('id', k)}")
        for k, r in enumerate(records) if r.get("title") and r.get("paragraphs")
    ]  # fmt: skip
    return _pairs_from_articles(
        articles, per_article=per_article, sample=sample, same_story=same_story, other_event=other_event,
        near=near, own_title_share=own_title_share, same_topic_needed=True, seed=seed,
    )  # fmt: skip


def _deck(article: _Article) -> list[tuple[Pair, str]]:
    """An English page's deck (a short line near the top of its gold text that is not a dateline, byline or
    caption) as an on-topic headline."""
    lines = article.body.split("\n")
    for k, line in enumerate(lines[:3]):
        words = len(line.split())
        if (5 <= words <= 25 and not line.rstrip().endswith((".", ":")) and not _YEAR.search(line)
                and not line.lower().startswith(("by ", "photo", "posted", "updated", "published"))):
            body = "\n".join(lines[:k] + lines[k + 1 :])
            return [(Pair(line, article.title, body, article.lang), "deck")]
    return []


def english_pairs(
    records: Iterable[dict[str, Any]],
    *,
    exclude: Iterable[tuple[str, str]] = (),
    min_words: int = 150,
    per_article: int = 2,
    same_story: float = 0.4,
    other_event: float = 0.2,
    near: int = 50,
    own_title_share: float = 0.5,
    seed: int = 0,
) -> LabeledPairs:
    """Labeled pairs from English pages of the extraction sets (``dataset``, ``id``, ``lang``, ``gold_text``).

    A page's title is the one ``classifier.parsing.parse`` finds in its HTML (3 to 30 words, else the page is
    skipped); the article is its gold text without the title line. Pages with fewer than ``min_words`` words
    of gold text are skipped, and so are the ``(dataset, id)`` pairs of ``exclude`` (pages whose items are
    labeled for evaluation).

    Args:
        records: extraction page records.
        exclude: ``(dataset, id)`` of pages to leave out.
        min_words: words of gold text a page needs.
        per_article: near-duplicate, other-event and other-page pairs per page (at most).
        same_story: cosine at or above which a page sharing a name is the same story.
        other_event: cosine under which a similar page is about another event.
        near: neighbours searched per page.
        own_title_share: share of pages paired with their own title.
        seed: random seed.

    Returns:
        The pairs, grouped by page.
    """
    from ..parsing import parse

    skip = set(exclude)
    articles = []
    seen: set[str] = set()
    for r in records:
        if r.get("lang") != "en" or not r.get("gold_text") or (r.get("dataset"), r.get("id")) in skip:
            continue
        title = " ".join(parse(r.get("html") or "", lang_hint="en").title.split()) if r.get("html") else ""
        lines = [line.strip() for line in r["gold_text"].split("\n") if line.strip()]
        if not 3 <= len(title.split()) <= 30 or title in seen:
            continue
        body = "\n".join(line for line in lines if line != title)
        if len(body.split()) < min_words:
            continue
        seen.add(title)
        articles.append(_Article(title, body, "en", None, f"en:{r.get('dataset')}:{r.get('id')}"))
    return _pairs_from_articles(
        articles, per_article=per_article, sample=None, same_story=same_story, other_event=other_event,
        near=near, own_title_share=own_title_share, same_topic_needed=False, seed=seed, extra_on=_deck,
    )  # fmt: skip


# --------------------------------------------------------------------------- user CSVs


def read_pairs_csv(path: str) -> LabeledPairs:
    """Labeled pairs of a CSV ``headline,article,label[,lang][,title]``.

    ``label`` is ``off``/``on`` or ``1``/``0`` (1 = off-topic). Without a ``title`` column the article's
    first line is its title when the article has several lines. Without ``lang`` the language is detected
    from the article. Pairs are grouped by article for cross-validation.

    Raises:
        InputError: an unreadable CSV, a missing column, an unknown label, fewer than ``MIN_PAIRS`` rows
            or a single class; the message names ``path``.
    """
    import pandas as pd

    from ..io import open_text
    from ..lang import detect

    try:
        with open_text(path) as handle:
            table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable CSV ({str(exc).splitlines()[0]})") from None
    missing = [c for c in ("headline", "article", "label") if c not in table.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}; expected columns headline,article,label[,lang]")
    keys = table["label"].map(lambda v: str(v).strip().lower())
    unknown = sorted(set(keys[~keys.isin(_LABELS)]))
    if unknown:
        raise InputError(f"{path}: unknown label(s) {', '.join(map(repr, unknown[:5]))}; use off/on or 1/0")
    if len(table) < MIN_PAIRS:
        raise InputError(f"{path}: {len(table)} rows, need at least {MIN_PAIRS} labeled pairs")
    labels = keys.map(_LABELS).to_numpy(dtype=int)
    if len(set(labels)) < 2:
        raise InputError(f"{path}: every label is {'off' if labels[0] else 'on'}; need both off and on rows")
    pairs = []
    for row in table.itertuples(index=False):
        article = str(row.article)
        if "title" in table.columns:
            title, body = str(row.title), article
        else:
            head, sep, rest = article.strip().partition("\n")
            title, body = (head, rest) if sep and rest.strip() else ("", article)
        lang = str(getattr(row, "lang", "") or "").strip() or detect(article)
        pairs.append(Pair(str(row.headline), title, body, lang))
    groups = np.asarray([f"{p.title}\n{p.body}" for p in pairs], dtype=object)
    return LabeledPairs(pairs, labels, groups, np.full(len(pairs), "csv", dtype=object))


# --------------------------------------------------------------------------- metrics, CV, artifacts


def off_topic_scores(y_true: Sequence[int] | np.ndarray, proba: Sequence[float] | np.ndarray, *, threshold: float = 0.5) -> dict[str, float]:
    """Off-topic precision, recall, F1 (positive class: off), ECE and counts of probabilities.

    >>> off_topic_scores([1, 0, 1], [0.9, 0.2, 0.4])["recall"]
    0.5
    """
    y, p = np.asarray(y_true, dtype=int), np.asarray(proba, dtype=float)
    flagged = p >= threshold
    tp, fp, fn = int((flagged & (y == 1)).sum()), int((flagged & (y == 0)).sum()), int((~flagged & (y == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs": int(len(y)), "off": int(y.sum()), "precision": precision, "recall": recall, "f1": f1,
            "ece": expected_calibration_error(y, p) if len(y) else math.nan, "tp": tp, "fp": fp, "fn": fn}  # fmt: skip


def grouped_proba(
    matrix: np.ndarray,
    labels: np.ndarray,
    groups: np.ndarray,
    *,
    folds: int,
    make: Callable[[], OffTopicModel],
    features: PairFeatures,
    extra: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Out-of-fold P(off) of rows of a feature matrix, folds grouped by ``groups``.

    The feature statistics (``features``, already fitted) are shared by every fold; each fold fits the
    scaler and classifier on the other folds (rows weighted by ``weights`` when given), plus ``extra``
    (matrix, labels, weights) when given.

    Returns:
        P(off) of every row, predicted by a model that did not see its group.
    """
    proba = np.zeros(len(labels))
    splits = min(folds, len(set(groups)))
    for train_rows, test_rows in GroupKFold(n_splits=splits).split(matrix, labels, groups):
        x, y = matrix[train_rows], labels[train_rows]
        w = np.ones(len(train_rows)) if weights is None else weights[train_rows]
        if extra is not None:
            x, y, w = np.vstack([x, extra[0]]), np.concatenate([y, extra[1]]), np.concatenate([w, extra[2]])
        model = make()
        model.features_ = features
        model.fit_matrix(x, y, sample_weight=w)
        proba[test_rows] = 1.0 / (1.0 + np.exp(-model.decision_matrix(matrix[test_rows])))
    return proba


def train(
    data: LabeledPairs,
    *,
    folds: int = 5,
    weights: np.ndarray | None = None,
    training_data: list[dict[str, Any]] | None = None,
    C: float = 1.0,
) -> dict[str, Any]:
    """Fit an ``OffTopicModel`` on labeled pairs and wrap it as an ``offtopic`` artifact.

    The artifact's ``metrics`` are out-of-fold figures from ``folds``-fold cross-validation grouped by
    ``data.groups`` (feature statistics fitted once on all articles; they use no labels).

    Args:
        data: the labeled pairs.
        folds: cross-validation folds.
        weights: optional weight of each pair.
        training_data: description of the data (name, sha256, ...) stored in the artifact.
        C: inverse regularisation strength.

    Returns:
        The artifact dict (``classifier.artifact.build``).
    """
    from .. import artifact

    if len(data) < MIN_PAIRS or len(set(data.labels.tolist())) < 2:
        raise InputError(f"need at least {MIN_PAIRS} pairs of both labels, got {len(data)}")
    features = PairFeatures().fit(data.pairs)
    matrix = features.transform(data.pairs)
    proba = grouped_proba(matrix, data.labels, data.groups, folds=folds, make=lambda: OffTopicModel(C=C), features=features,
                          weights=weights)
    model = OffTopicModel(C=C)
    model.features_ = features
    model.fit_matrix(matrix, data.labels, sample_weight=weights)
    metrics = {"cross_validated": off_topic_scores(data.labels, proba), "folds": folds, "grouped_by": "article"}
    return artifact.build(model, kind="offtopic", training_data=training_data or [], metrics=metrics,
                          feature_names=model.feature_names())  # fmt: skip


def evaluate(data: LabeledPairs, model: OffTopicModel, *, threshold: float = 0.5) -> dict[str, float]:
    """Off-topic P/R/F1 and ECE of ``model`` on labeled pairs (see ``off_topic_scores``)."""
    return off_topic_scores(data.labels, model.predict_proba(data.pairs)[:, 1], threshold=threshold)
