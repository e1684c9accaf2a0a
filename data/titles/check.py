"""Check a headline chooser against the hand-labeled headlines of ``labels.jsonl``.

A labeled page is right when the chosen title, normalised as ``" ".join(classifier.text.tokens(title))``,
has the labeled SHA-1 prefix (``candidates.key``). Skipped pages (no article headline) are not scored.
The pages are read in place from ``../shared/datasets/extraction``; no page text is stored here.

    .venv/bin/python data/titles/check.py           # today's chooser: classifier.parse(html).title
    .venv/bin/python data/titles/check.py --json    # the same, as one JSON object

From Python (the lead's new chooser)::

    from check import check          # with data/titles on sys.path
    result = check(lambda html: my_choose(html))
    result["accuracy"], result["per_dataset"], result["misses"]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))
from sample import DATASETS, LABELS, SHARED, read_labels, read_pages  # noqa: E402

from classifier import parse  # noqa: E402
from classifier.text import tokens  # noqa: E402


def key(headline: str) -> str:
    """The first 16 hex digits of the SHA-1 of the headline's normalised token string.

    >>> key("Floods  damage roads!") == key("floods damage roads")
    True
    """
    return hashlib.sha1(" ".join(tokens(headline)).encode("utf-8")).hexdigest()[:16]


def today(html: str) -> str:
    """Today's chooser: the title ``classifier.parse`` gives an HTML page."""
    return str(parse(html, source="html").title)


def labeled_pages(
    labels: Sequence[dict[str, Any]], shared: Path = SHARED
) -> Iterator[tuple[dict[str, Any], str]]:
    """``(label, html)`` for every labeled (not skipped) page, in the labels' order.

    Raises:
        FileNotFoundError: a data set file is missing, or a labeled page is not in it.
    """
    wanted = [r for r in labels if "skipped" not in r]
    html: dict[tuple[str, str], str] = {}
    for dataset in dict.fromkeys(r["dataset"] for r in wanted):
        ids = {r["id"] for r in wanted if r["dataset"] == dataset}
        html.update({(dataset, p["id"]): p["html"] for p in read_pages(dataset, shared) if p["id"] in ids})
    for label in wanted:
        page = html.get((label["dataset"], label["id"]))
        if page is None:
            raise FileNotFoundError(f"{label['dataset']}/{label['id']}: labeled page not found in {shared}")
        yield label, page


def check(
    choose: Callable[[str], str],
    *,
    labels: Path = LABELS,
    shared: Path = SHARED,
    limit: int | None = None,
) -> dict[str, Any]:
    """Score a headline chooser on the labeled pages.

    Args:
        choose: page HTML -> the chosen headline. An exception counts as a miss (its message is
            recorded as what was chosen); the run goes on.
        labels: the labels file.
        shared: the ``datasets/extraction`` folder holding the pages.
        limit: score only the first ``limit`` labeled pages (for quick tests).

    Returns:
        ``{"n", "right", "accuracy", "per_dataset": {dataset: {"n", "right", "accuracy"}},
        "misses": [{"dataset", "id", "lang", "chosen"}]}``; data sets in ``DATASETS`` order.

    Raises:
        FileNotFoundError: the shared data is absent.
    """
    rows = [r for r in read_labels(labels) if "skipped" not in r]
    if limit is not None:
        rows = rows[:limit]
    per: dict[str, dict[str, Any]] = {}
    misses: list[dict[str, Any]] = []
    for label, html in labeled_pages(rows, shared):
        try:
            chosen = choose(html)
            right = key(chosen) == label["sha1"]
        except Exception as error:  # a chooser's failure on one page is a miss, not the end of the run
            chosen, right = f"<error: {type(error).__name__}: {error}>", False
        tally = per.setdefault(label["dataset"], {"n": 0, "right": 0})
        tally["n"] += 1
        tally["right"] += int(right)
        if not right:
            misses.append({"dataset": label["dataset"], "id": label["id"], "lang": label["lang"], "chosen": chosen})
    order = {d: i for i, d in enumerate(DATASETS)}
    per = {d: per[d] for d in sorted(per, key=lambda d: order.get(d, len(order)))}
    for tally in per.values():
        tally["accuracy"] = tally["right"] / tally["n"]
    n = sum(t["n"] for t in per.values())
    right = sum(t["right"] for t in per.values())
    return {"n": n, "right": right, "accuracy": right / n if n else 0.0, "per_dataset": per, "misses": misses}


def report(result: dict[str, Any]) -> str:
    """A readable summary: overall and per data set accuracy, then every miss."""
    lines = [f"headline accuracy: {result['right']}/{result['n']} = {result['accuracy']:.3f}", ""]
    lines.append(f"{'data set':<20} {'pages':>5} {'right':>5} {'accuracy':>8}")
    for dataset, tally in result["per_dataset"].items():
        lines.append(f"{dataset:<20} {tally['n']:>5} {tally['right']:>5} {tally['accuracy']:>8.3f}")
    lines.append("")
    lines.append(f"misses ({len(result['misses'])}):")
    for miss in result["misses"]:
        chosen = miss["chosen"] if len(miss["chosen"]) <= 120 else miss["chosen"][:117] + "..."
        lines.append(f"  {miss['dataset']}\t{miss['id']}\t{chosen}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run today's chooser over the labeled pages and print the result."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N labeled pages")
    args = parser.parse_args(argv)
    try:
        result = check(today, labels=args.labels, shared=args.shared, limit=args.limit)
    except (OSError, ValueError) as error:
        print(f"check.py: error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
