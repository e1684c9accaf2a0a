"""The section model: labeled pages → features → a content/noise classifier, and its use on a page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from lightgbm import LGBMClassifier
from sklearn.base import clone
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from . import artifact, lexicons
from .align import label_sections
from .errors import InputError
from .features.context import SectionFeatures, refs
from .page import Page, Section, parse, to_text
from .threads import single_threaded

Estimator = Literal["boosting", "logistic"]
ESTIMATORS: tuple[Estimator, ...] = ("boosting", "logistic")
THRESHOLDS = np.round(np.arange(0.2, 0.81, 0.05), 2)


def attr_cues() -> tuple[str, ...]:
    """The class/id fragments the section features look for (``lexicons/mul/attr_cues.txt``)."""
    return tuple(sorted(lexicons.load("mul", "attr_cues")))


def make_estimator(kind: Estimator = "boosting", *, random_state: int = 0):
    """An unfitted classifier over section feature rows (which may hold nan)."""
    if kind == "boosting":
        return LGBMClassifier(
            n_estimators=300,
            learning_rate=0.1,
            num_leaves=48,
            min_child_samples=40,
            reg_lambda=1.0,
            subsample=0.8,
            subsample_freq=1,
            colsample_bytree=0.7,
            random_state=random_state,
            verbose=-1,
        )
    if kind == "logistic":
        return make_pipeline(
            SimpleImputer(strategy="constant", fill_value=0.0, add_indicator=True, keep_empty_features=True),
            StandardScaler(),
            LogisticRegression(C=1.0, max_iter=3000),
        )
    raise ValueError(f"unknown estimator {kind!r}; choose one of {ESTIMATORS}")


@dataclass(frozen=True, slots=True)
class LabeledPage:
    """A page with a content (True) / noise (False) label per section."""

    id: str
    group: str
    page: Page
    labels: tuple[bool, ...]


def labeled_pages(records: Iterable[dict[str, Any]], *, text_mode: bool = True) -> Iterator[LabeledPage]:
    """Labeled pages from section-labeled records or HTML + gold-text records (DESIGN.md formats).

    An HTML page is also yielded as its plain-text rendering (``text_mode``), so one model
    learns both kinds of page; both copies share a ``group`` so no page is split across folds.
    """
    for number, record in enumerate(records, 1):
        rid = str(record.get("id", number))
        if isinstance(record.get("sections"), list):
            yield _from_sections(rid, record)
        elif isinstance(record.get("html"), str) and isinstance(record.get("gold_text"), str):
            page = parse(record["html"], lang_hint=record.get("lang"))
            yield LabeledPage(rid, rid, page, tuple(label_sections(page.sections, record["gold_text"])))
            if text_mode and page.source == "html":
                text_page = parse(to_text(page), lang_hint=record.get("lang"), source="text")
                labels = label_sections(text_page.sections, record["gold_text"])
                yield LabeledPage(f"{rid}#text", rid, text_page, tuple(labels))
        elif record.get("gold_text", "") is None:
            continue
        else:
            raise InputError(f"record {rid}: needs a 'sections' list, or 'html' and 'gold_text' strings")


def _from_sections(rid: str, record: dict[str, Any]) -> LabeledPage:
    sections, labels = [], []
    for item in record["sections"]:
        label = item.get("label") if isinstance(item, dict) else None
        text = item.get("text") if isinstance(item, dict) else None
        if label not in ("content", "noise") or not isinstance(text, str):
            raise InputError(f"record {rid}: each section needs 'text' and 'label' of content or noise")
        if text.strip():
            sections.append(Section(" ".join(text.split())))
            labels.append(label == "content")
    title = record.get("title") or (sections[0].text if sections else "")
    return LabeledPage(rid, rid, Page(str(title), record.get("lang"), tuple(sections), "text"), tuple(labels))


@dataclass(frozen=True, slots=True)
class Examples:
    """Section feature rows with labels, word counts and the page each row comes from."""

    X: np.ndarray
    y: np.ndarray
    words: np.ndarray
    page: np.ndarray
    group: np.ndarray


def examples(pages: Iterable[LabeledPage], features: SectionFeatures) -> Examples:
    """Feature rows of every section of every labeled page."""
    blocks, ys, words, page_ids, groups = [], [], [], [], []
    for item in pages:
        if not item.page.sections:
            continue
        blocks.append(features.transform(refs(item.page)))
        ys.extend(item.labels)
        words.extend(len(s.text.split()) for s in item.page.sections)
        page_ids.extend([item.id] * len(item.labels))
        groups.extend([item.group] * len(item.labels))
    if not blocks:
        raise InputError("no labeled sections in the training data")
    return Examples(
        np.vstack(blocks), np.asarray(ys, dtype=int), np.asarray(words), np.asarray(page_ids), np.asarray(groups)
    )


def page_f1(data: Examples, keep: np.ndarray) -> pd.Series:
    """Per page: F1 of kept words against content words (the extraction score, from labels)."""
    frame = pd.DataFrame(
        {"page": data.page, "hit": data.words * keep * data.y, "kept": data.words * keep, "gold": data.words * data.y}
    )
    sums = frame.groupby("page", sort=False)[["hit", "kept", "gold"]].sum()
    precision = sums.hit / sums.kept.replace(0, np.nan)
    recall = sums.hit / sums.gold.replace(0, np.nan)
    return (2 * precision * recall / (precision + recall)).fillna(0.0)


def best_threshold(data: Examples, proba: np.ndarray) -> tuple[float, float]:
    """The probability threshold with the highest mean page F1, and that F1."""
    scores = [(float(page_f1(data, proba >= t).mean()), float(t)) for t in THRESHOLDS]
    score, threshold = max(scores)
    return threshold, score


def cross_validate(data: Examples, estimator, *, folds: int = 5) -> np.ndarray:
    """Out-of-fold P(content) for every row, folds grouped by page."""
    proba = np.zeros(len(data.y))
    for train, test in GroupKFold(n_splits=folds).split(data.X, data.y, data.group):
        model = clone(estimator).fit(data.X[train], data.y[train])
        proba[test] = model.predict_proba(data.X[test])[:, 1]
    return proba


def fit_pipeline(data: Examples, estimator, features: SectionFeatures) -> Pipeline:
    """A pipeline of the (stateless) features and ``estimator`` fitted on precomputed rows.

    The fitted model predicts on one thread: a page is a small batch, and a model that starts
    no thread pool stays safe in forked worker processes.
    """
    model = clone(estimator).fit(data.X, data.y)
    if "n_jobs" in model.get_params():
        model.set_params(n_jobs=1)
    return Pipeline([("features", features), ("model", model)])


def content_proba(page: Page, artifact: dict) -> np.ndarray:
    """P(content) for each section of ``page``.

    One page is a small batch: the trees are walked on one thread, which is several times
    faster than waking OpenMP threads for it.
    """
    if not page.sections:
        return np.empty(0)
    with single_threaded():
        return artifact["pipeline"].predict_proba(refs(page))[:, 1]



def train(
    pages: Iterable[LabeledPage],
    *,
    estimator: Estimator = "boosting",
    folds: int = 5,
    training_data: list[dict] | None = None,
) -> dict:
    """Fit a section model on labeled pages, with grouped cross-validated metrics and threshold.

    Raises:
        InputError: fewer pages than folds, or a single class of section.
    """
    features = SectionFeatures(attr_cues()).fit(None)
    data = examples(pages, features)
    n_groups = len(np.unique(data.group))
    if n_groups < folds:
        raise InputError(f"{n_groups} labeled pages: cross-validation needs at least {folds} (see --folds)")
    if len(np.unique(data.y)) < 2:
        raise InputError("every section has the same label: training needs both content and noise")
    model = make_estimator(estimator)
    threshold, f1 = best_threshold(data, cross_validate(data, model, folds=folds))
    metrics = {"estimator": estimator, "folds": folds, "cv_page_f1": f1, "pages": n_groups, "sections": len(data.y)}
    return artifact.build(
        fit_pipeline(data, model, features),
        kind="sections",
        training_data=training_data or [],
        metrics=metrics,
        threshold=threshold,
    )


def evaluate(pages: Iterable[LabeledPage], model: dict) -> dict[str, float]:
    """Section accuracy and mean page F1 (kept words against content words) of ``model``."""
    features = model["pipeline"].named_steps["features"]
    data = examples(pages, features)
    keep = model["pipeline"].named_steps["model"].predict_proba(data.X)[:, 1] >= model.get("threshold", 0.5)
    return {
        "pages": int(len(np.unique(data.page))),
        "sections": int(len(data.y)),
        "section_accuracy": float((keep == data.y).mean()),
        "page_f1": float(page_f1(data, keep).mean()),
    }
