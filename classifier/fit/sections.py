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

from .. import lexicons
from ..align import label_sections
from ..errors import InputError
from ..features.context import SectionFeatures
from ..models.sections import Layout, SectionModel, keep, layout_of
from ..parsing import parse, to_text
from ..types import CONTENT_KINDS, NOISE_KINDS, Page, Section

__all__ = [
    "Examples", "LabeledPage", "examples", "labeled_pages", "make_model", "sample_weights", "attr_cues",
    "page_scores", "decode_pages",
]  # fmt: skip


KNOWN_KINDS = (*CONTENT_KINDS, *NOISE_KINDS)


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
    kinds: tuple[str, ...] | None = None  # per section: "content" or a noise kind, where known
    weak: bool = False  # the kinds come from the old rules (``fit.weak_labels``), not from a person


def labeled_pages(
    records: Iterable[dict[str, Any]], *, text_mode: bool = True, weak_kinds: bool = False
) -> Iterator[LabeledPage]:
    """Labeled pages from section-labeled records or HTML + gold-text records (``data/README.md``).

    An HTML page is also yielded as its plain-text rendering (``text_mode``), so one model learns both
    kinds of page; both copies share a ``group`` so no page is split across folds. With ``weak_kinds``,
    pages labeled by gold text get the old rules' kinds for their noise sections (``fit.weak_labels``).

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
            yield _gold_page(rid, rid, page, tuple(label_sections(page.sections, gold)), dataset, gold, weak_kinds)
            if text_mode and page.source == "html" and page.sections:
                text_page = parse(to_text(page), lang_hint=record.get("lang"), source="text")
                labels = tuple(label_sections(text_page.sections, gold))
                yield _gold_page(f"{rid}#text", rid, text_page, labels, dataset, gold, weak_kinds)
        elif "gold_text" in record and record["gold_text"] is None:
            continue
        else:
            raise InputError(f"record {rid}: needs a 'sections' list, or 'html' and 'gold_text' strings")


def _gold_page(
    rid: str, group: str, page: Page, labels: tuple[bool, ...], dataset: str, gold: str, weak: bool
) -> LabeledPage:
    if not weak:
        return LabeledPage(rid, group, page, labels, dataset, gold)
    from .weak_labels import weak_kinds

    return LabeledPage(rid, group, page, labels, dataset, gold, tuple(weak_kinds(page, labels)), weak=True)


def _from_sections(rid: str, record: dict[str, Any], dataset: str) -> LabeledPage:
    """A sections-JSONL record: plain text, or the page's ``html`` whose parsed sections the labels follow."""
    labels, kinds, texts = [], [], []
    for item in record["sections"]:
        label = item.get("label") if isinstance(item, dict) else None
        text = item.get("text") if isinstance(item, dict) else None
        kind = item.get("kind") if isinstance(item, dict) else None
        if label not in ("content", "noise") or not isinstance(text, str):
            raise InputError(f"record {rid}: each section needs 'text' and 'label' of content or noise")
        if kind is not None and kind not in KNOWN_KINDS:
            raise InputError(f"record {rid}: unknown kind {kind!r}; use one of {', '.join(KNOWN_KINDS)}")
        if text.strip():
            texts.append(" ".join(text.split()))
            labels.append(label == "content")
            kinds.append("content" if label == "content" else (kind if kind in NOISE_KINDS else ""))
    title = record.get("title") or (texts[0] if texts else "")
    if isinstance(record.get("html"), str):
        page = parse(record["html"], lang_hint=record.get("lang"), source="html")
        if [s.text for s in page.sections] != texts:
            raise InputError(f"record {rid}: its sections are not those chaff reads from its html")
        page = Page(str(title), page.lang, page.sections, "html", page.meta)
    else:
        page = Page(str(title), record.get("lang"), tuple(Section(t) for t in texts), "text")
    has_kinds = any(isinstance(i, dict) and i.get("kind") for i in record["sections"])
    group = str(record.get("group") or record.get("article") or rid.split("#")[0])
    return LabeledPage(rid, group, page, tuple(labels), dataset, None, tuple(kinds) if has_kinds else None)


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
    kinds: np.ndarray | None = None  # per row: "content", a noise kind, or "" where unknown
    weak: list[bool] = field(default_factory=list)  # per page: kinds from the old rules

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
        def pick(values: list[Any]) -> list[Any]:
            return [values[i] for i in pages] if values else []

        return Examples(
            self.X[rows], self.y[rows], layout, pick(self.ids), pick(self.groups), pick(self.datasets),
            pick(self.modes), pick(self.texts), pick(self.golds),
            None if self.kinds is None else self.kinds[rows], pick(self.weak),
        )  # fmt: skip


def examples(pages: Iterable[LabeledPage], features: SectionFeatures) -> Examples:
    """Feature rows of every section of every labeled page (pages without sections are left out).

    Raises:
        InputError: no labeled section at all.
    """
    blocks, labels, kinds, kept = [], [], [], []
    for item in pages:
        if not item.page.sections:
            continue
        blocks.append(features.page_arrays(item.page))
        labels.append(np.asarray(item.labels, dtype=int))
        kinds.append(np.asarray(item.kinds if item.kinds is not None else [""] * len(item.labels), dtype=object))
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
        np.concatenate(kinds),
        [i.weak for i in kept],
    )


def concat(parts: Sequence[Examples]) -> Examples:
    """Examples of several sets, one after the other."""
    offsets = np.cumsum([0] + [p.layout.page_starts[-1] for p in parts[:-1]])
    starts = np.concatenate([[0]] + [p.layout.page_starts[1:] + o for p, o in zip(parts, offsets)])
    layout = Layout(
        starts.astype(np.int64),
        *(np.concatenate([getattr(p.layout, name) for p in parts]) for name in ("words", "container", "outer")),
    )
    def join(name: str) -> list[Any]:
        return [v for p in parts for v in getattr(p, name)]

    kinds = None
    if any(p.kinds is not None for p in parts):
        kinds = np.concatenate([p.kinds if p.kinds is not None else np.full(len(p.y), "", dtype=object) for p in parts])
    return Examples(
        np.vstack([p.X for p in parts]), np.concatenate([p.y for p in parts]), layout, join("ids"), join("groups"),
        join("datasets"), join("modes"), join("texts"), join("golds"), kinds, join("weak"),
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
    kinds: bool = False,
    random_state: int = 0,
) -> SectionModel:
    """The default two-stage section model (LightGBM both stages), unfitted.

    ``min_child_samples`` bounds a leaf's size: lower it for small labeled sets. With ``kinds`` the
    model also names every section's kind (its features then include ``section.KIND_FEATURES``).
    """

    def booster(seed: int) -> LGBMClassifier:
        return LGBMClassifier(
            n_estimators=trees, learning_rate=learning_rate, num_leaves=63, min_child_samples=min_child_samples,
            reg_lambda=1.0, subsample=0.5, subsample_freq=1, colsample_bytree=0.5, max_bin=63,
            n_jobs=threads, random_state=seed, verbose=-1,
        )  # fmt: skip

    second_stage = booster(random_state + 1) if second else None
    if not kinds:
        return SectionModel(SectionFeatures(attr_cues()).fit(None), booster(random_state), second_stage, folds=folds)
    base = len(SectionFeatures(attr_cues()).fit(None).get_feature_names_out())
    def small(seed: int, rounds: int, leaves: int) -> LGBMClassifier:  # binary or multiclass by its labels
        return LGBMClassifier(
            n_estimators=rounds, learning_rate=0.15, num_leaves=leaves, min_child_samples=min(20, min_child_samples),
            reg_lambda=1.0, subsample=0.7, subsample_freq=1, colsample_bytree=0.5, max_bin=63,
            n_jobs=threads, random_state=seed, verbose=-1,
        )  # fmt: skip

    features = SectionFeatures(attr_cues(), kinds=True).fit(None)
    kinds_estimator, items_estimator = small(random_state + 2, 60, 15), small(random_state + 3, 120, 31)
    return SectionModel(features, booster(random_state), second_stage, kinds_estimator, items_estimator, base, folds=folds)


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

    When the pages carry kinds (a ``kind`` per section in sections JSONL), the model also learns to name
    every section's kind, and the metrics include the kinds' cross-validated accuracy.

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
    pages = list(pages)
    with_kinds = any(p.kinds is not None for p in pages)
    features = make_model(kinds=with_kinds).features
    assert features is not None
    data = examples(pages, features)
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
    setting = {"min_child_samples": leaf, "kinds": with_kinds}
    groups = np.unique(np.asarray(data.groups), return_inverse=True)[1]
    fold = np.random.default_rng(0).permutation(groups.max() + 1)[groups] % folds
    proba = np.zeros(len(data.y))
    kind_oof = np.full(len(data.y), "", dtype=object)
    slices = data.layout.slices()
    for k in range(folds):
        train_pages, test_pages = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        part = data.subset(train_pages)
        model = _fit(part, groups[train_pages], threads, setting)
        test = data.subset(test_pages)
        rows = np.concatenate([np.arange(slices[i].start, slices[i].stop) for i in test_pages])
        proba[rows] = model.proba_arrays(test.X, test.layout)
        if model.kind_classes:
            kind_oof[rows] = np.asarray(model.kind_classes, dtype=object)[model.kind_proba(test.X).argmax(axis=1)]
        if model.has_items:
            kind_oof[rows] = np.where(model.item_proba(test.X) >= 0.5, "inserted_link", kind_oof[rows])
        if progress is not None:
            progress(k + 1, folds + 1)
    f1 = page_scores(data, decode_pages(data, proba))
    metrics: dict[str, Any] = {"folds": folds, "pages": n_groups, "sections": int(len(data.y)), "cv_page_f1": float(f1.mean())}
    if with_kinds and data.kinds is not None:
        known = (data.kinds != "") & (data.kinds != "content")
        metrics["cv_noise_kind_accuracy"] = float((kind_oof[known] == data.kinds[known]).mean()) if known.any() else None
    model = _fit(data, groups, threads, setting)
    if progress is not None:
        progress(folds + 1, folds + 1)
    from .. import artifact

    return artifact.build(
        single_threaded(model), kind="sections", training_data=training_data or [], metrics=metrics,
        feature_names=model.feature_names(),
    )  # fmt: skip


def _fit(data: Examples, groups: np.ndarray, threads: int, setting: dict[str, Any]) -> SectionModel:
    """The content stages, and the kind estimator where kinds are known."""
    model = make_model(threads=threads, **setting)
    model.fit_arrays(data.X, data.layout, data.y, sample_weights(data), groups)
    if model.kinds is not None and data.kinds is not None:
        known = data.kinds != ""
        if len(set(data.kinds[known])) >= 2:
            model.fit_kinds(data.X[known], data.kinds[known], sample_weights(data)[known])
    return model


def single_threaded(model: SectionModel) -> SectionModel:
    """The fitted model set to predict on one thread (a page is a small batch)."""
    for stage in (model.first_, model.second_, getattr(model, "kinds_", None), getattr(model, "items_", None)):
        if stage is not None and "n_jobs" in stage.get_params():
            stage.set_params(n_jobs=1)
    return model


def evaluate(pages: Iterable[LabeledPage], artifact: dict[str, Any]) -> dict[str, float]:
    """Section accuracy and mean page F1 of a section model artifact on labeled pages."""
    model: SectionModel = artifact["pipeline"]
    assert model.features is not None
    data = examples(pages, model.features)
    proba = model.proba_arrays(data.X, data.layout)
    kept = decode_pages(data, proba)
    return {
        "pages": int(data.layout.pages),
        "sections": int(len(data.y)),
        "section_accuracy": float((kept == data.y.astype(bool)).mean()),
        "page_f1": float(page_scores(data, kept).mean()),
    }
