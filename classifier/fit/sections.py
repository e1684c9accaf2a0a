"""Training the section model: labeled pages → feature rows → a fitted ``SectionModel`` with its decoding.

Used by ``chaff train sections`` and the recipe ``training/train_sections.py``; nothing here is imported
when a page is analysed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from lightgbm import LGBMClassifier

from ..align import label_sections
from ..errors import InputError
from ..features.context import SectionFeatures
from ..models.sections import Layout, SectionModel, keep, layout_of
from ..parsing import parse, to_text
from ..types import Page, Section
from .. import lexicons

__all__ = [
    "Examples", "LabeledPage", "examples", "labeled_pages", "make_model", "sample_weights", "attr_cues",
    "page_scores", "decode_pages",
]  # fmt: skip


def attr_cues() -> tuple[str, ...]:
    """The class/id fragments the section features look for (``lexicons/mul/attr_cues.txt``)."""
    return tuple(sorted(lexicons.load("mul", "attr_cues")))


@dataclass(frozen=True, slots=True)
class LabeledPage:
    """A page with a content (True) / noise (False) label per section.

    ``group`` ties renderings of one page together (its HTML and its plain text): they share folds.
    """

    id: str
    group: str
    page: Page
    labels: tuple[bool, ...]
    dataset: str = ""
    gold: str | None = None


def labeled_pages(records: Iterable[dict[str, Any]], *, text_mode: bool = True) -> Iterator[LabeledPage]:
    """Labeled pages from section-labeled records or HTML + gold-text records (``data/README.md``).

    An HTML page is also yielded as its plain-text rendering (``text_mode``), so one model learns both
    kinds of page; both copies share a ``group`` so no page is split across folds.

    Raises:
        InputError: a record that has neither shape (the message names it).
    """
    for number, record in enumerate(records, 1):
        rid = str(record.get("id", number))
        dataset = str(record.get("dataset") or "")
        if isinstance(record.get("sections"), list):
            yield _from_sections(rid, record, dataset)
        elif isinstance(record.get("html"), str) and isinstance(record.get("gold_text"), str):
            gold = record["gold_text"]
            page = parse(record["html"], lang_hint=record.get("lang"))
            yield LabeledPage(rid, rid, page, tuple(label_sections(page.sections, gold)), dataset, gold)
            if text_mode and page.source == "html" and page.sections:
                text_page = parse(to_text(page), lang_hint=record.get("lang"), source="text")
                labels = tuple(label_sections(text_page.sections, gold))
                yield LabeledPage(f"{rid}#text", rid, text_page, labels, dataset, gold)
        elif "gold_text" in record and record["gold_text"] is None:
            continue
        else:
            raise InputError(f"record {rid}: needs a 'sections' list, or 'html' and 'gold_text' strings")


def _from_sections(rid: str, record: dict[str, Any], dataset: str) -> LabeledPage:
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
    page = Page(str(title), record.get("lang"), tuple(sections), "text")
    return LabeledPage(rid, rid, page, tuple(labels), dataset)


@dataclass(frozen=True, slots=True)
class Examples:
    """Feature rows of labeled pages, with their labels and where each page's rows are.

    Per-page lists (``ids``, ``groups``, ``datasets``, ``modes``, ``texts``, ``golds``) follow
    ``layout.slices()``.
    """

    X: np.ndarray
    y: np.ndarray
    layout: Layout
    ids: list[str]
    groups: list[str]
    datasets: list[str]
    modes: list[str]
    texts: list[list[str]] = field(default_factory=list)
    golds: list[str | None] = field(default_factory=list)

    @property
    def page_of_row(self) -> np.ndarray:
        return np.repeat(np.arange(self.layout.pages), np.diff(self.layout.page_starts))

    def subset(self, pages: np.ndarray) -> Examples:
        """The examples of the pages whose indices are ``pages`` (in that order)."""
        slices = self.layout.slices()
        rows = np.concatenate([np.arange(slices[i].start, slices[i].stop) for i in pages]) if len(pages) else np.zeros(0, int)
        sizes = [slices[i].stop - slices[i].start for i in pages]
        layout = Layout(
            np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
            self.layout.words[rows], self.layout.container[rows], self.layout.outer[rows],
        )  # fmt: skip
        pick = lambda values: [values[i] for i in pages] if values else []  # noqa: E731
        return Examples(
            self.X[rows], self.y[rows], layout, pick(self.ids), pick(self.groups), pick(self.datasets),
            pick(self.modes), pick(self.texts), pick(self.golds),
        )  # fmt: skip


def examples(pages: Iterable[LabeledPage], features: SectionFeatures) -> Examples:
    """Feature rows of every section of every labeled page (pages without sections are left out).

    Raises:
        InputError: no labeled section at all.
    """
    blocks, labels, kept = [], [], []
    for item in pages:
        if not item.page.sections:
            continue
        blocks.append(features.page_arrays(item.page))
        labels.append(np.asarray(item.labels, dtype=int))
        kept.append(item)
    if not blocks:
        raise InputError("no labeled sections in the training data")
    return Examples(
        np.vstack([b[0] for b in blocks]).astype(np.float32),
        np.concatenate(labels),
        layout_of([i.page for i in kept], [b[1] for b in blocks]),
        [i.id for i in kept],
        [i.group for i in kept],
        [i.dataset for i in kept],
        [i.page.source for i in kept],
        [[s.text for s in i.page.sections] for i in kept],
        [i.gold for i in kept],
    )


def concat(parts: Sequence[Examples]) -> Examples:
    """Examples of several sets, one after the other."""
    offsets = np.cumsum([0] + [p.layout.page_starts[-1] for p in parts[:-1]])
    starts = np.concatenate([[0]] + [p.layout.page_starts[1:] + o for p, o in zip(parts, offsets)])
    layout = Layout(
        starts.astype(np.int64),
        *(np.concatenate([getattr(p.layout, name) for p in parts]) for name in ("words", "container", "outer")),
    )
    join = lambda name: [v for p in parts for v in getattr(p, name)]  # noqa: E731
    return Examples(
        np.vstack([p.X for p in parts]), np.concatenate([p.y for p in parts]), layout, join("ids"), join("groups"),
        join("datasets"), join("modes"), join("texts"), join("golds"),
    )  # fmt: skip


def sample_weights(data: Examples, *, dataset_power: float = 0.5, token_power: float = 0.0) -> np.ndarray:
    """Per-row training weights: a data set of n pages weighs n**dataset_power in all (0: by page
    count, 1: every data set alike), and a section weighs (1 + tokens)**token_power (the metric
    counts tokens); normalised to a mean of 1."""
    datasets = np.asarray(data.datasets)
    names, per_page_set, counts = np.unique(datasets, return_inverse=True, return_counts=True)
    page_weight = (counts.astype(float) ** dataset_power / counts)[per_page_set]
    rows = np.repeat(page_weight, np.diff(data.layout.page_starts))
    rows = rows * (1.0 + data.layout.words) ** token_power
    return rows / rows.mean()


def make_model(
    *,
    threads: int = 1,
    trees: int = 200,
    learning_rate: float = 0.1,
    second: bool = True,
    min_child_samples: int = 40,
    folds: int = 3,
    random_state: int = 0,
) -> SectionModel:
    """The default two-stage section model (LightGBM both stages), unfitted.

    ``min_child_samples`` bounds a leaf's size: lower it for small labeled sets.
    """

    def booster(seed: int) -> LGBMClassifier:
        return LGBMClassifier(
            n_estimators=trees, learning_rate=learning_rate, num_leaves=63, min_child_samples=min_child_samples,
            reg_lambda=1.0, subsample=0.5, subsample_freq=1, colsample_bytree=0.5, max_bin=63,
            n_jobs=threads, random_state=seed, verbose=-1,
        )  # fmt: skip

    features = SectionFeatures(attr_cues())
    second_stage = booster(random_state + 1) if second else None
    return SectionModel(features.fit(None), booster(random_state), second_stage, folds=folds)


def decode_pages(
    data: Examples, proba: np.ndarray, *, threshold: float | None = None, beta: float = 1.0, floor: float = 0.0
) -> np.ndarray:
    """Kept rows: ``proba >= threshold``, or per page the expected-F-beta set (``models.sections.keep``)."""
    if threshold is not None:
        return proba >= threshold
    kept = np.zeros(len(proba), dtype=bool)
    for rows in data.layout.slices():
        kept[rows] = keep(proba[rows], data.layout.words[rows], beta=beta, floor=floor)
    return kept


def page_scores(data: Examples, kept: np.ndarray) -> np.ndarray:
    """Per page: token F1 of the kept sections' text against the gold text (the benchmark's metric), or
    against the content-labeled sections where a page has no gold text."""
    from ..metrics import token_prf

    scores = np.zeros(data.layout.pages)
    for i, rows in enumerate(data.layout.slices()):
        texts = data.texts[i]
        output = "\n".join(t for t, k in zip(texts, kept[rows]) if k)
        gold = data.golds[i]
        if gold is None:
            gold = "\n".join(t for t, label in zip(texts, data.y[rows]) if label)
        scores[i] = token_prf(output, gold).f1
    return scores


MIN_PAGES = 5
SMALL_SET_SECTIONS = 2000  # below this many labeled sections, leaves may hold as few as 5 sections
SMALL_LEAF = 5


def train(
    pages: Iterable[LabeledPage],
    *,
    folds: int = 5,
    threads: int = 1,
    training_data: list[dict[str, Any]] | None = None,
    progress: Any = None,
    warn: Any = None,
) -> dict[str, Any]:
    """Fit the section model on labeled pages, with page-grouped cross-validated metrics.

    Args:
        pages: labeled pages (``labeled_pages``).
        folds: folds of the cross-validation that measures the model (grouped by page).
        threads: LightGBM threads.
        training_data: descriptions of the files the pages came from (name, sha256).
        progress: called with (done, total) after each fold, if given.
        warn: called with a message when the labeled set is small for the default model.

    Returns:
        An artifact dict (``classifier.artifact.build``) ready for ``classifier.artifact.save``.

    Raises:
        InputError: fewer labeled pages than ``max(folds, MIN_PAGES)``, or a single class of section.
    """
    data = examples(pages, make_model().features)
    n_groups = len(set(data.groups))
    if n_groups < max(folds, MIN_PAGES):
        raise InputError(f"{n_groups} labeled pages: training needs at least {max(folds, MIN_PAGES)} (see --folds)")
    if len(np.unique(data.y)) < 2:
        raise InputError("every section has the same label: training needs both content and noise")
    leaf = 40
    if len(data.y) < SMALL_SET_SECTIONS:
        leaf = SMALL_LEAF
        if warn is not None:
            warn(f"{len(data.y)} labeled sections is a small set: leaves of {leaf} sections instead of 40; "
                 "label more pages for a steadier model")  # fmt: skip
    setting = {"min_child_samples": leaf}
    groups = np.unique(np.asarray(data.groups), return_inverse=True)[1]
    fold = np.random.default_rng(0).permutation(groups.max() + 1)[groups] % folds
    proba = np.zeros(len(data.y))
    slices = data.layout.slices()
    for k in range(folds):
        train_pages, test_pages = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        part = data.subset(train_pages)
        model = make_model(threads=threads, **setting).fit_arrays(
            part.X, part.layout, part.y, sample_weights(part), groups[train_pages]
        )
        test = data.subset(test_pages)
        rows = np.concatenate([np.arange(slices[i].start, slices[i].stop) for i in test_pages])
        proba[rows] = model.proba_arrays(test.X, test.layout)
        if progress is not None:
            progress(k + 1, folds + 1)
    f1 = page_scores(data, decode_pages(data, proba))
    metrics = {"folds": folds, "pages": n_groups, "sections": int(len(data.y)), "cv_page_f1": float(f1.mean())}
    model = make_model(threads=threads, **setting).fit_arrays(data.X, data.layout, data.y, sample_weights(data), groups)
    if progress is not None:
        progress(folds + 1, folds + 1)
    from .. import artifact

    return artifact.build(
        single_threaded(model), kind="sections", training_data=training_data or [], metrics=metrics,
        feature_names=model.feature_names(),
    )  # fmt: skip


def single_threaded(model: SectionModel) -> SectionModel:
    """The fitted model set to predict on one thread (a page is a small batch)."""
    for stage in (model.first_, model.second_):
        if stage is not None and "n_jobs" in stage.get_params():
            stage.set_params(n_jobs=1)
    return model


def evaluate(pages: Iterable[LabeledPage], artifact: dict[str, Any]) -> dict[str, float]:
    """Section accuracy and mean page F1 of a section model artifact on labeled pages."""
    model: SectionModel = artifact["pipeline"]
    data = examples(pages, model.features)
    proba = model.proba_arrays(data.X, data.layout)
    kept = decode_pages(data, proba)
    return {
        "pages": int(data.layout.pages),
        "sections": int(len(data.y)),
        "section_accuracy": float((kept == data.y.astype(bool)).mean()),
        "page_f1": float(page_scores(data, kept).mean()),
    }
