"""Experiment: an HMM decoding of the first stage's probabilities, against the stacked second stage.

    .venv/bin/python -m training.sequence_decoding --one /tmp/chaff/models-one --two /tmp/chaff/models

Issue 9 asks for the stacked sequential model to be measured against a CRF/HMM decoding, under
leave-one-data-set-out. For each held-out data set this takes the one-stage and the two-stage models fitted
without it (``train_sections lodo --setting one-stage|two-stage``) and scores, on that set's pages:

* ``one-stage``: the first stage's P(content), decoded per page by expected F (beta 0.7, floor 0.1 —
  the shipped decoding);
* ``hmm(one-stage)``: the posterior P(content) of a two-state hidden Markov model over each page's
  sections in document order — transitions and start probabilities counted on the nine training sets'
  labels, emissions the first stage's P(state | section) / P(state) (the hybrid HMM of Bourlard & Morgan),
  forward-backward marginals — then the same decoding;
* ``two-stage``: the stacked second stage (the shipped model's recipe), the same decoding;
* ``hmm(two-stage)``: the HMM over the second stage's probabilities.

Nothing is tuned on the held-out set: the HMM has no free parameter beyond what it counts on the training
sets.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from classifier import artifact
from classifier.fit.sections import Examples, decode_pages
from training.train_sections import CACHE, DATASETS, FLOOR, report

BETA = 0.7
RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"


def content_labels(data: Examples) -> np.ndarray:
    y = np.asarray(data.y)
    return (y[:, 0] if y.ndim == 2 else y).astype(bool)


def fit_hmm(data: Examples) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start probabilities, transition matrix (rows: from noise, from content) and state priors, counted
    (add-one) on the labels of ``data``'s pages in document order."""
    y = content_labels(data).astype(int)
    starts = data.layout.page_starts
    first = np.zeros(len(y), dtype=bool)
    first[starts[:-1][np.diff(starts) > 0]] = True
    start = np.bincount(y[first], minlength=2) + 1.0
    pairs = ~first[1:]  # row i -> row i+1 within a page
    trans = np.ones((2, 2))
    np.add.at(trans, (y[:-1][pairs], y[1:][pairs]), 1.0)
    prior = np.bincount(y, minlength=2) + 1.0
    return start / start.sum(), trans / trans.sum(1, keepdims=True), prior / prior.sum()


def posterior(proba: np.ndarray, start: np.ndarray, trans: np.ndarray, prior: np.ndarray) -> np.ndarray:
    """P(content) of each section of one page: forward-backward marginals with scaled messages."""
    n = len(proba)
    if n == 0:
        return proba
    p = np.clip(proba, 1e-6, 1 - 1e-6)
    emit = np.stack([(1 - p) / prior[0], p / prior[1]], axis=1)
    alpha = np.empty((n, 2))
    beta = np.ones((n, 2))
    a = start * emit[0]
    alpha[0] = a / a.sum()
    for i in range(1, n):
        a = (alpha[i - 1] @ trans) * emit[i]
        alpha[i] = a / a.sum()
    for i in range(n - 2, -1, -1):
        b = trans @ (emit[i + 1] * beta[i + 1])
        beta[i] = b / b.sum()
    marg = alpha * beta
    return marg[:, 1] / marg.sum(1)


def smooth(data: Examples, proba: np.ndarray, hmm: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    out = np.empty_like(proba)
    for rows in data.layout.slices():
        out[rows] = posterior(proba[rows], *hmm)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--one", default="/tmp/chaff/models-one", help="directory of the one-stage lodo models")
    parser.add_argument("--two", default="/tmp/chaff/models", help="directory of the two-stage lodo models")
    parser.add_argument("--out", default=str(RESULTS / "sequence-decoding-lodo.json"))
    parser.add_argument("--table", help="only write the Markdown table of this results file")
    args = parser.parse_args()
    if args.table:
        write_table(json.loads(Path(args.table).read_text()), Path(args.table).with_suffix(".md"))
        return
    import joblib

    data: Examples = joblib.load(CACHE)
    datasets = np.asarray(data.datasets)
    results: dict[str, dict[str, object]] = {}
    for name in DATASETS:
        test = data.subset(np.flatnonzero(datasets == name))
        hmm = fit_hmm(data.subset(np.flatnonzero(datasets != name)))
        row: dict[str, object] = {"hmm": {"start": hmm[0].tolist(), "trans": hmm[1].tolist()}}
        for setting, root in (("one-stage", args.one), ("two-stage", args.two)):
            model = artifact.load(Path(root) / "lodo" / name / "sections.chaff", kind="sections")["pipeline"]
            proba = model.proba_arrays(test.X, test.layout)
            row[setting] = report(test, decode_pages(test, proba, beta=BETA, floor=FLOOR))
            row[f"hmm({setting})"] = report(test, decode_pages(test, smooth(test, proba, hmm), beta=BETA, floor=FLOOR))
        results[name] = row
        print(name, json.dumps({k: {m: round(v["mean"], 4) for m, v in r.items()} for k, r in row.items() if k != "hmm"}), flush=True)
    summary = {
        setting: {
            mode: float(np.mean([results[n][setting][mode]["mean"] for n in DATASETS]))  # type: ignore[index]
            for mode in ("html", "text")
        }
        for setting in ("one-stage", "hmm(one-stage)", "two-stage", "hmm(two-stage)")
    }
    results["mean over the held-out sets"] = summary  # type: ignore[assignment]
    print(json.dumps(summary, indent=1))
    Path(args.out).write_text(json.dumps(results, indent=1))
    write_table(results, Path(args.out).with_suffix(".md"))


SETTINGS = ("one-stage", "hmm(one-stage)", "two-stage", "hmm(two-stage)")


def write_table(results: dict[str, Any], path: Path) -> None:
    """Mean token F1 per held-out data set and decoding, HTML and plain text, as Markdown."""
    lines = [
        "# Sequence decoding: HMM vs stacked second stage, leave one data set out",
        "",
        "Command: `.venv/bin/python -m training.sequence_decoding` (after `train_sections lodo --setting "
        "one-stage` and `--setting two-stage`, `--lodo-share 1.0`). Every figure is on the data set each "
        "model was fitted without; decoding: expected F, beta 0.7, floor 0.1.",
        "",
        "| data set left out | " + " | ".join(f"{s}, HTML | {s}, text" for s in SETTINGS) + " |",
        "|---|" + "---:|" * (2 * len(SETTINGS)),
    ]
    for name in DATASETS:
        row = results[name]
        cells = [f"{row[s][mode]['mean']:.3f}" for s in SETTINGS for mode in ("html", "text")]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    summary = results["mean over the held-out sets"]
    cells = [f"**{summary[s][mode]:.3f}**" for s in SETTINGS for mode in ("html", "text")]
    lines.append("| **mean over data sets** | " + " | ".join(cells) + " |")
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
