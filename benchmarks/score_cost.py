"""What scoring a page costs beyond extracting it: ``classifier.score`` (sections, kinds, inserted items,
off-topic judgements, reasons, the headline) against ``classifier.extract`` on the same pages, one
process, interleaved page by page so a busy machine slows both alike.

    .venv/bin/python benchmarks/score_cost.py                    # 300 dev-split pages, HTML
    .venv/bin/python benchmarks/score_cost.py --pages 100 --rounds 3

Quality of the inserted-item, kind and off-topic decisions is not measured here: the shipped models
were fitted on the labeled pages, so those figures come from grouped cross-validation in the training
recipes (``training/train_kinds.py report``, ``training/train_offtopic.py``), reported in MODEL_CARD.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
OUT_DIR = REPO_ROOT / "benchmarks" / "results"
SHARED = REPO_ROOT.parent / "shared" / "datasets" / "extraction"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the pages; the median pass counts")
    args = parser.parse_args()
    if not SHARED.exists():
        raise SystemExit(f"score_cost: {SHARED} not found (the shared extraction data sets are needed)")
    from extraction import dev_pages  # the extraction benchmark's reader

    import classifier

    html = dev_pages(args.pages)
    classifier.score(html[0])  # load every model before timing
    timings: dict[str, list[float]] = {"extract": [], "score": []}
    for _ in range(args.rounds):
        spent = {"extract": 0.0, "score": 0.0}
        for page in html:
            start = time.perf_counter()
            classifier.extract(page)
            spent["extract"] += time.perf_counter() - start
            start = time.perf_counter()
            report = classifier.score(page)
            report.to_dict()
            spent["score"] += time.perf_counter() - start
        for name, seconds in spent.items():
            timings[name].append(seconds)
    extract_s, score_s = statistics.median(timings["extract"]), statistics.median(timings["score"])
    result = {
        "created": dt.datetime.now().isoformat(timespec="seconds"),
        "pages": len(html),
        "rounds": args.rounds,
        "extract_pages_per_s": len(html) / extract_s,
        "score_pages_per_s": len(html) / score_s,
        "score_over_extract": score_s / extract_s,
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "score_cost.json").write_text(json.dumps(result, indent=1) + "\n")
    table = (
        "# Score cost\n\n"
        f"Command: `.venv/bin/python benchmarks/score_cost.py --pages {args.pages} --rounds {args.rounds}`\n\n"
        f"Created {result['created']} · {len(html)} dev-split HTML pages, one process, median of {args.rounds} passes\n\n"
        "| call | pages/s | cost vs extract |\n|---|---:|---:|\n"
        f"| `extract` | {result['extract_pages_per_s']:.1f} | 1.00× |\n"
        f"| `score` (+ kinds, items, off-topic, reasons, headline; `to_dict()`) | {result['score_pages_per_s']:.1f} "
        f"| {result['score_over_extract']:.2f}× |\n"
    )
    (OUT_DIR / "score_cost.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
