"""Quality gate: the shipped section model on a fixed sample of pages must stay above pinned F1 floors.

The sample is the first ``PER_SET`` pages (by id) of each extraction data set's development split
(``training.split.is_dev``), scored in HTML and plain-text mode with the benchmark's metric (token F1
against the gold text). ``gate_baseline.json`` pins the sample's digest (ids and SHA-256 of every
page and gold text, so a changed sample is noticed, not silently compared) and a floor per data set
and mode: the F1 measured when the baseline was written, minus ``TOLERANCE``. The shipped model is
trained on every page, these included, so this is a regression check, not a held-out figure (those are
in ``benchmarks/results/``).

    .venv/bin/python benchmarks/gate.py            # check (exit 1 below a floor or on another sample)
    .venv/bin/python benchmarks/gate.py --update   # write the baseline from the current model
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classifier import extract  # noqa: E402
from classifier.metrics import token_prf  # noqa: E402
from classifier.parsing import parse, to_text  # noqa: E402
from training.split import is_dev  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets" / "extraction"
BASELINE = Path(__file__).resolve().parent / "gate_baseline.json"
DATASETS = (
    "cleaneval", "cleanportaleval", "dragnet", "fundus", "google-trends-2017",
    "indonesian-news", "l3s-gn1", "readability", "scrapinghub", "wcxb",
)  # fmt: skip
PER_SET = 8
TOLERANCE = 0.02


def sample(data: Path = DATA) -> list[dict]:
    """The gate's pages: the first ``PER_SET`` dev-split pages with gold text of each data set, by id."""
    pages = []
    for dataset in DATASETS:
        with gzip.open(data / dataset / "pages.jsonl.gz", "rt", encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines]
        dev = sorted((r for r in records if r["gold_text"] and is_dev(r["id"])), key=lambda r: r["id"])
        pages.extend(dev[:PER_SET])
    return pages


def digest(pages: list[dict]) -> str:
    """SHA-256 over the sample's ids, pages and gold texts."""
    h = hashlib.sha256()
    for page in pages:
        for part in (page["dataset"], page["id"], page["html"], page["gold_text"]):
            h.update(hashlib.sha256(part.encode("utf-8")).digest())
    return h.hexdigest()


def measure(pages: list[dict]) -> dict[str, dict[str, float]]:
    """Mean token F1 per mode and data set of ``classifier.extract`` on the sample."""
    scores: dict[str, dict[str, list[float]]] = {"html": defaultdict(list), "text": defaultdict(list)}
    for page in pages:
        html = page["html"]
        scores["html"][page["dataset"]].append(token_prf(extract(html), page["gold_text"]).f1)
        text = to_text(parse(html))
        scores["text"][page["dataset"]].append(token_prf(extract(text, source="text"), page["gold_text"]).f1)
    return {mode: {d: mean(v) for d, v in sorted(per.items())} for mode, per in scores.items()}


def check(measured: dict[str, dict[str, float]], baseline: dict) -> list[str]:
    """The floors ``measured`` falls below, one line each."""
    failures = []
    for mode, floors in baseline["floors"].items():
        for dataset, floor in floors.items():
            value = measured.get(mode, {}).get(dataset)
            if value is None or value < floor:
                failures.append(f"{mode} {dataset}: F1 {value if value is None else round(value, 4)} < floor {floor}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="write the baseline from the current model")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"gate: skipped, no shared data at {DATA}")
        return 0
    pages = sample()
    measured = measure(pages)
    if args.update:
        floors = {mode: {d: round(v - TOLERANCE, 4) for d, v in per.items()} for mode, per in measured.items()}
        baseline = {"digest": digest(pages), "pages": len(pages), "tolerance": TOLERANCE, "measured": measured, "floors": floors}
        BASELINE.write_text(json.dumps(baseline, indent=1) + "\n", encoding="utf-8")
        print(f"gate: wrote {BASELINE.name} ({len(pages)} pages)")
        return 0
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    if baseline["digest"] != digest(pages):
        print("gate: FAILED: the sample differs from the baseline's (data or split changed); rerun with --update")
        return 1
    failures = check(measured, baseline)
    for mode, per in measured.items():
        print(f"gate {mode}: " + ", ".join(f"{d} {v:.3f}" for d, v in per.items()))
    if failures:
        print("gate: FAILED:\n  " + "\n  ".join(failures))
        return 1
    print(f"gate: passed ({len(pages)} pages, {sum(len(f) for f in baseline['floors'].values())} floors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
