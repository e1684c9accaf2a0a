"""Recipe: the default section model, trained on the shared extraction benchmarks.

    .venv/bin/python -m training.train_sections                       # CV report + shipped model
    .venv/bin/python -m training.train_sections --exclude-dev --out /tmp/sections-dev.joblib
    .venv/bin/python -m training.train_sections --datasets scrapinghub,readability,wcxb,fundus,indonesian-news \
        --out /tmp/sections-permissive.joblib

Steps: parse every page with gold text; label its sections by aligning the gold tokens
(``classifier.align``); add each page's plain-text rendering so one model serves both modes;
compare estimators by cross-validation grouped by page (both renderings of a page in one fold),
scoring extraction F1 against the gold text per data set; pick the estimator and threshold with
the best mean F1 over data sets; fit it on everything and save the artifact with its metrics.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import joblib
from joblib import Parallel, delayed

from classifier import artifact
from classifier.features.context import SectionFeatures
from classifier.io import read_jsonl
from classifier.metrics import token_prf
from classifier.sections import (
    ESTIMATORS,
    THRESHOLDS,
    Examples,
    attr_cues,
    cross_validate,
    examples,
    fit_pipeline,
    labeled_pages,
    make_estimator,
)
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


def page_examples(record: dict, cues: tuple[str, ...]) -> list[dict]:
    """Features, labels and section texts of one record's HTML and plain-text renderings."""
    features = SectionFeatures(cues).fit(None)
    out = []
    for item in labeled_pages([record]):
        if not item.page.sections:
            continue
        data = examples([item], features)
        out.append(
            {
                "id": item.id,
                "group": item.group,
                "dataset": record["dataset"],
                "mode": item.page.source,
                "gold": record["gold_text"],
                "texts": [s.text for s in item.page.sections],
                "X": data.X.astype(np.float32),
                "y": data.y,
                "words": data.words,
            }
        )
    return out


def load_examples(datasets: list[str], *, exclude_dev: bool, jobs: int) -> list[dict]:
    """Per-page feature blocks of every gold page of ``datasets``."""
    cues = attr_cues()
    records = [
        r
        for name in datasets
        for r in read_jsonl(SHARED / name / "pages.jsonl.gz")
        if r.get("gold_text") is not None and not (exclude_dev and is_dev(r["id"]))
    ]
    blocks = Parallel(n_jobs=jobs, batch_size=8)(delayed(page_examples)(r, cues) for r in records)
    return [b for page in blocks for b in page]


def stack(blocks: list[dict]) -> Examples:
    """All blocks as one ``Examples`` matrix."""
    return Examples(
        X=np.vstack([b["X"] for b in blocks]),
        y=np.concatenate([b["y"] for b in blocks]),
        words=np.concatenate([b["words"] for b in blocks]),
        page=np.concatenate([[b["id"]] * len(b["y"]) for b in blocks]),
        group=np.concatenate([[b["group"]] * len(b["y"]) for b in blocks]),
    )


def extraction_f1(blocks: list[dict], keeps: list[np.ndarray]) -> dict[str, dict[str, float]]:
    """Mean token F1 against the gold text per mode and data set, keeping the sections marked in ``keeps``."""
    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for block, keep in zip(blocks, keeps):
        kept = "\n\n".join(t for t, k in zip(block["texts"], keep) if k)
        scores[block["mode"]][block["dataset"]].append(token_prf(kept, block["gold"]).f1)
    return {
        mode: {**{d: float(np.mean(v)) for d, v in sorted(per.items())}, "mean": float(np.mean([np.mean(v) for v in per.values()]))}
        for mode, per in scores.items()
    }


def choose(blocks: list[dict], data: Examples, folds: int, estimators: list[str]) -> tuple[str, float, dict]:
    """Cross-validate each estimator and threshold; the best by mean F1 over data sets and modes."""
    offsets = np.cumsum([len(b["y"]) for b in blocks])[:-1]
    report, best = {}, (-1.0, "", 0.5)
    for name in estimators:
        start = time.perf_counter()
        proba = cross_validate(data, make_estimator(name), folds=folds)
        for threshold in THRESHOLDS:
            f1 = extraction_f1(blocks, np.split(proba >= threshold, offsets))
            overall = float(np.mean([f1[m]["mean"] for m in f1]))
            report[f"{name}@{threshold:.2f}"] = {"overall": overall, **f1}
            best = max(best, (overall, name, float(threshold)))
        print(f"{name}: {time.perf_counter() - start:.0f}s, best so far {best}", flush=True)
    return best[1], best[2], report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--exclude-dev", action="store_true", help="leave out the dev split (training.split)")
    parser.add_argument("--estimators", default=",".join(ESTIMATORS), help="the estimators to compare")
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation: fit --estimators' first")
    parser.add_argument("--threshold", type=float, default=0.5, help="with --no-cv: the content threshold")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default=str(artifact.default_path("sections")))
    parser.add_argument("--report", help="write the CV report as JSON here")
    parser.add_argument("--cache", help="keep the computed features in this file and reuse them")
    args = parser.parse_args()
    datasets = args.datasets.split(",")

    start = time.perf_counter()
    if args.cache and Path(args.cache).exists():
        blocks = joblib.load(args.cache)
    else:
        blocks = load_examples(datasets, exclude_dev=args.exclude_dev, jobs=args.jobs)
        if args.cache:
            joblib.dump(blocks, args.cache)
    data = stack(blocks)
    print(f"{len(blocks)} page renderings, {len(data.y)} sections, features in {time.perf_counter() - start:.0f}s")
    oracle = extraction_f1(blocks, [b["y"].astype(bool) for b in blocks])
    print("alignment agreement (oracle F1):", json.dumps(oracle, indent=1))

    estimators = args.estimators.split(",")
    if args.no_cv:
        name, threshold, report = estimators[0], args.threshold, {}
    else:
        name, threshold, report = choose(blocks, data, args.folds, estimators)
    chosen = report.get(f"{name}@{threshold:.2f}", {})
    print(f"chosen: {name} at threshold {threshold}: {json.dumps(chosen, indent=1)}")

    features = SectionFeatures(attr_cues()).fit(None)
    pipeline = fit_pipeline(data, make_estimator(name), features)
    training_data = [
        {
            "name": d,
            "licence": LICENCES.get(d, "unknown"),
            "pages": sum(1 for b in blocks if b["dataset"] == d and b["mode"] == "html"),
            "sha256": artifact.file_digest(SHARED / d / "pages.jsonl.gz"),
            "excluded": "dev split" if args.exclude_dev else "",
        }
        for d in datasets
    ]
    model = artifact.build(
        pipeline,
        kind="sections",
        training_data=training_data,
        metrics={"cv_extraction_f1": chosen, "alignment_oracle_f1": oracle, "estimator": name},
        threshold=threshold,
    )
    path = artifact.save(model, args.out)
    print(f"saved {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.0f}s")
    if args.report:
        Path(args.report).write_text(json.dumps({"oracle": oracle, "cv": report}, indent=1))


if __name__ == "__main__":
    main()
