"""Recipe: the default section model, trained on the shared extraction benchmarks.

    .venv/bin/python -m training.train_sections features            # parse + label + features → cache
    .venv/bin/python -m training.train_sections cv                  # grouped CV on the non-dev pages
    .venv/bin/python -m training.train_sections dev --out DIR       # fit on non-dev, score the dev split
    .venv/bin/python -m training.train_sections lodo --out DIR      # ten models, each without one data set
    .venv/bin/python -m training.train_sections ship                # fit on everything → classifier/pretrained

Steps: parse every page with gold text; label its sections by aligning the gold tokens
(``classifier.align``); add each page's plain-text rendering so one model serves both modes; compute the
features once into a cache; compare settings by cross-validation grouped by page (both renderings of a
page in one fold) on the pages outside the development split, scoring extraction F1 against the gold text
per data set; then fit the chosen setting (a) without the dev split, scored on it, (b) ten times, each
without one data set, scored on it (leave-one-data-set-out), (c) on everything, shipped.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from joblib import Parallel, delayed

from classifier import artifact
from classifier.fit.sections import (
    Examples,
    concat,
    decode_pages,
    examples,
    labeled_pages,
    make_model,
    page_scores,
    sample_weights,
)  # fmt: skip
from classifier.io import read_jsonl
from classifier.models.sections import SectionModel
from training.split import is_dev

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "extraction"
DATASETS = (
    "cleaneval cleanportaleval dragnet fundus google-trends-2017 indonesian-news l3s-gn1 readability "
    "scrapinghub wcxb".split()
)
LICENCES = {
    "cleaneval": "not stated",
    "cleanportaleval": "not stated",
    "dragnet": "AGPL-3.0",
    "fundus": "MIT",
    "google-trends-2017": "not stated (repository GPL-3.0)",
    "indonesian-news": "MIT / not stated",
    "l3s-gn1": "research use only",
    "readability": "Apache-2.0",
    "scrapinghub": "MIT",
    "wcxb": "CC-BY-4.0",
}
CACHE = Path("/tmp/chaff/sections-kinds.joblib")
FOLDS = 5
FLOOR = 0.1  # Config.min_content_proba
SETTINGS: dict[str, dict[str, Any]] = {
    "one-stage": {"second": False},
    "two-stage": {},
    # token-weighted samples (the metric counts tokens): a section weighs (1 + words) ** 0.5
    "one-stage-tokens": {"second": False, "weights": {"token_power": 0.5}},
    "two-stage-tokens": {"weights": {"token_power": 0.5}},
    # every data set weighs alike (the default: a set of n pages weighs sqrt(n))
    "one-stage-sets-alike": {"second": False, "weights": {"dataset_power": 1.0}},
    # larger leaves (at least 200 sections): smoother trees, perhaps more portable across sites
    "one-stage-leaf200": {"second": False, "min_child_samples": 200},
}


def _page_examples(record: dict[str, Any]) -> Examples | None:
    features = make_model(kinds=True).features
    pages = [p for p in labeled_pages([record], weak_kinds=True) if p.page.sections]
    return examples(pages, features) if pages else None


def build_cache(datasets: list[str], jobs: int) -> Examples:
    """Features of every page (HTML and plain text) of ``datasets``, computed in ``jobs`` processes."""
    records = (
        {**r, "dataset": name}
        for name in datasets
        for r in read_jsonl(SHARED / name / "pages.jsonl.gz")
        if r.get("gold_text") is not None
    )
    parts = Parallel(n_jobs=jobs, batch_size=16)(delayed(_page_examples)(r) for r in records)
    return concat([p for p in parts if p is not None])


def load(args: argparse.Namespace) -> Examples:
    if CACHE.exists() and not args.rebuild:
        return joblib.load(CACHE)
    start = time.perf_counter()
    data = build_cache(list(DATASETS), args.jobs)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(data, CACHE)
    print(f"features of {data.layout.pages} page renderings, {len(data.y)} sections in {time.perf_counter() - start:.0f}s")
    return data


def report(data: Examples, kept: np.ndarray) -> dict[str, dict[str, float]]:
    """Mean token F1 per mode and data set, their mean over data sets, and catastrophic pages."""
    scores = page_scores(data, kept)
    table: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for score, dataset, mode in zip(scores, data.datasets, data.modes):
        table[mode][dataset].append(float(score))
    out: dict[str, dict[str, float]] = {}
    for mode, per in sorted(table.items()):
        out[mode] = {d: float(np.mean(v)) for d, v in sorted(per.items())}
        out[mode]["mean"] = float(np.mean([np.mean(v) for v in per.values()]))
        out[mode]["pooled"] = float(np.mean([s for v in per.values() for s in v]))
        out[mode]["below_0.3"] = int(sum(s < 0.3 for v in per.values() for s in v))
    return out


def fit(data: Examples, setting: dict[str, Any], threads: int) -> SectionModel:
    """The content stages of the section model, fitted on ``data`` (its leading, content columns)."""
    weights = sample_weights(data, **setting.get("weights", {}))
    model = make_model(threads=threads, kinds=True, **{k: v for k, v in setting.items() if k != "weights"})
    groups = np.unique(np.asarray(data.groups), return_inverse=True)[1]
    return model.fit_arrays(data.X, data.layout, data.y, sample_weight=weights, groups=groups)


def out_of_fold(data: Examples, setting: dict[str, Any], threads: int, folds: int = FOLDS) -> np.ndarray:
    """P(content) of every row from a model fitted without its page (folds grouped by page)."""
    groups = np.unique(np.asarray(data.groups), return_inverse=True)[1]
    fold = np.random.default_rng(0).permutation(groups.max() + 1)[groups] % folds
    proba = np.zeros(len(data.y))
    for k in range(folds):
        start = time.perf_counter()
        train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        model = fit(data.subset(train), setting, threads)
        part = data.subset(test)
        rows = np.concatenate([np.arange(s.start, s.stop) for s in (data.layout.slices()[i] for i in test)])
        proba[rows] = model.proba_arrays(part.X, part.layout)
        print(f"  fold {k}: {time.perf_counter() - start:.0f}s", flush=True)
    return proba


def decodings(data: Examples, proba: np.ndarray) -> dict[str, dict[str, Any]]:
    """Scores of the decodings: fixed thresholds, and the expected-F set for each beta (floor 0.1)."""
    out = {}
    for threshold in (0.4, 0.5):
        out[f"threshold {threshold}"] = report(data, decode_pages(data, proba, threshold=threshold))
    for beta in (0.4, 0.5, 0.7, 1.0, 1.4):
        out[f"expected F beta={beta}"] = report(data, decode_pages(data, proba, beta=beta, floor=FLOOR))
    return out


def results_done(out: Path) -> set[str]:
    """The data sets whose leave-one-out figures are already written (a rerun skips them)."""
    return {p.stem.removeprefix("lodo-") for p in out.glob("lodo-*.json")}


def dev_pages(data: Examples) -> np.ndarray:
    return np.array([is_dev(group) for group in data.groups])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("features", "cv", "dev", "lodo", "ship"))
    parser.add_argument("--settings", default="two-stage", help="comma-separated names of SETTINGS (cv)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the features")
    parser.add_argument("--threads", type=int, default=2, help="LightGBM threads")
    parser.add_argument("--rebuild", action="store_true", help="recompute the feature cache")
    parser.add_argument("--out", default="/tmp/chaff/models", help="where dev/lodo models and reports go")
    parser.add_argument("--setting", default="two-stage", help="the setting to fit (dev, lodo, ship)")
    parser.add_argument("--sample", type=float, default=1.0, help="cv: the share of pages (by group) to use")
    parser.add_argument("--folds", type=int, default=FOLDS, help="cv: folds")
    parser.add_argument("--lodo-share", type=float, default=0.5,
                        help="lodo: the share of each training data set's pages the ten models are fitted on")
    parser.add_argument("--inner-folds", type=int, help="inner folds of the stacked second stage (default: the model's)")
    args = parser.parse_args()
    data = load(args)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.command == "features":
        return
    dev = dev_pages(data)
    if args.command == "cv":
        groups = np.asarray(data.groups)
        sampled = np.array([int(__import__("hashlib").sha1(g.encode()).hexdigest(), 16) % 1000 < args.sample * 1000 for g in groups])
        train = data.subset(np.flatnonzero(~dev & sampled))
        print(f"cv on {train.layout.pages} page renderings, {len(train.y)} sections", flush=True)
        results = {}
        for name in args.settings.split(","):
            start = time.perf_counter()
            proba = out_of_fold(train, SETTINGS[name], args.threads, args.folds)
            results[name] = decodings(train, proba)
            print(name, f"{time.perf_counter() - start:.0f}s", json.dumps(results[name], indent=1), flush=True)
            np.save(out / f"oof-{name}.npy", proba)
        (out / f"cv-{args.settings}.json").write_text(json.dumps(results, indent=1))
        return
    setting = dict(SETTINGS[args.setting])
    if args.inner_folds:
        setting["folds"] = args.inner_folds
    if args.command == "dev":
        model = fit(data.subset(np.flatnonzero(~dev)), setting, args.threads)
        test = data.subset(np.flatnonzero(dev))
        result = decodings(test, model.proba_arrays(test.X, test.layout))
        print(json.dumps(result, indent=1))
        save(model, out / "dev" / "sections.chaff", {"excluded": "dev split"})
        (out / "dev.json").write_text(json.dumps(result, indent=1))
        return
    if args.command == "lodo":
        results = {}
        datasets = np.asarray(data.datasets)
        groups = np.asarray(data.groups)
        share = np.array([int(__import__("hashlib").sha1(g.encode()).hexdigest(), 16) % 1000 < args.lodo_share * 1000 for g in groups])
        for name in DATASETS:
            if (out / "lodo" / name / "sections.chaff").exists() and name in results_done(out):
                continue
            start = time.perf_counter()
            model = fit(data.subset(np.flatnonzero((datasets != name) & share)), setting, args.threads)
            test = data.subset(np.flatnonzero(datasets == name))
            results[name] = decodings(test, model.proba_arrays(test.X, test.layout))
            save(model, out / "lodo" / name / "sections.chaff", {"excluded": name, "share": str(args.lodo_share)})
            (out / f"lodo-{name}.json").write_text(json.dumps(results[name], indent=1))
            print(name, f"{time.perf_counter() - start:.0f}s", json.dumps(results[name]["expected F beta=0.7"]), flush=True)
        (out / "lodo.json").write_text(json.dumps(results, indent=1))
        return
    model = fit(data, setting, args.threads)
    save(model, artifact.default_path("sections"), {})


def save(model: SectionModel, path: Path, excluded: dict[str, str]) -> None:
    training_data = [
        {"name": d, "licence": LICENCES[d], "sha256": artifact.file_digest(SHARED / d / "pages.jsonl.gz"), **excluded}
        for d in DATASETS
    ]
    built = artifact.build(
        model, kind="sections", training_data=training_data, metrics={}, feature_names=model.feature_names()
    )
    artifact.save(built, path)
    print(f"saved {path}")


if __name__ == "__main__":
    main()
