"""Draw the pages of the headline check set (``labels.jsonl``) from the shared extraction data.

Deterministic: every data set's pool (its page ids, sorted) is shuffled by a ``random.Random`` seeded
with ``SEED`` and the data set's name; Indonesian pages then move to the front of the order, keeping
their shuffled order among themselves. A data set's quota is filled by walking that order: a page
without an article headline is recorded as skipped (by hand, with the reason) and the next page is
taken. So the entries of ``labels.jsonl`` for a data set are always a prefix of its draw order, with
exactly ``quota`` labeled pages; ``--check`` verifies that.

Quotas (``quotas``): ``indonesian-news`` gives all its Indonesian pages; every other data set gets its
share of the remaining pages in proportion to its pool size, raised to ``MINIMUM`` (largest remainder).
The pools are news/article pages: every page of a data set, except in ``wcxb`` where only the pages
filed as ``article`` count and in ``indonesian-news`` where only Indonesian pages do.

Reads ``../shared/datasets/extraction/<dataset>/pages.jsonl.gz`` in place; copies nothing.

    .venv/bin/python data/titles/sample.py            # quotas and the draw order (ids) to label
    .venv/bin/python data/titles/sample.py --check    # labels.jsonl follows the draw order
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
SHARED = REPO_ROOT.parent / "shared" / "datasets" / "extraction"
LABELS = HERE / "labels.jsonl"

SEED = "chaff-titles-1"
TOTAL = 200
MINIMUM = 15
DATASETS = (
    "l3s-gn1",
    "dragnet",
    "google-trends-2017",
    "fundus",
    "scrapinghub",
    "indonesian-news",
    "wcxb",
    "cleaneval",
    "readability",
    "cleanportaleval",
)
ALL_OF = "indonesian-news"  # the data set whose whole (Indonesian) pool is taken
FIRST_LANG = "id"


def read_pages(dataset: str, shared: Path = SHARED) -> Iterator[dict[str, Any]]:
    """The records of one shared data set, in file order.

    Args:
        dataset: a directory name under ``shared``.
        shared: the ``datasets/extraction`` folder.

    Returns:
        An iterator of ``{"id", "dataset", "url", "lang", "html", "gold_text"}`` dicts.
    """
    path = shared / dataset / "pages.jsonl.gz"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file (the shared data sets are needed)")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def in_pool(record: Mapping[str, Any]) -> bool:
    """True for a page that belongs to its data set's news/article pool."""
    if record["dataset"] == "wcxb":
        return str(record["id"]).split("-")[1] == "article"
    if record["dataset"] == ALL_OF:
        return bool(record["lang"] == FIRST_LANG)
    return True


def pool(dataset: str, shared: Path = SHARED) -> list[tuple[str, str | None]]:
    """``(id, lang)`` of the pool's pages, sorted by id."""
    return sorted((r["id"], r["lang"]) for r in read_pages(dataset, shared) if in_pool(r))


def draw_order(dataset: str, pages: Sequence[tuple[str, str | None]]) -> list[str]:
    """The pool's ids in draw order: a seeded shuffle, Indonesian pages first.

    >>> draw_order("x", [("a", "en"), ("b", "id"), ("c", "en")])[0]
    'b'
    """
    ids = sorted(pages)
    random.Random(f"{SEED}:{dataset}").shuffle(ids)
    return [i for i, lang in ids if lang == FIRST_LANG] + [i for i, lang in ids if lang != FIRST_LANG]


def quotas(sizes: Mapping[str, int], *, total: int = TOTAL, minimum: int = MINIMUM) -> dict[str, int]:
    """Pages to label per data set: all of ``ALL_OF``, the rest in proportion to pool size, at least ``minimum``.

    Args:
        sizes: pool size per data set.
        total: pages in the whole check set.
        minimum: the least a data set gets (or its whole pool when smaller).

    Returns:
        The quota per data set, summing to ``total``.

    >>> quotas({"indonesian-news": 30, "a": 900, "b": 100, "c": 20}, total=100, minimum=15)
    {'indonesian-news': 30, 'a': 40, 'b': 15, 'c': 15}
    """
    result = {ALL_OF: sizes[ALL_OF]} if ALL_OF in sizes else {}
    rest = {d: n for d, n in sizes.items() if d != ALL_OF}
    seats = total - sum(result.values())
    while True:
        share = {d: seats * n / sum(rest.values()) for d, n in rest.items()}
        small = {d for d, s in share.items() if s < min(minimum, sizes[d])}
        if not small:
            break
        for d in small:
            result[d] = min(minimum, sizes[d])
            seats -= result[d]
            del rest[d]
    floors = {d: int(s) for d, s in share.items()}
    left = seats - sum(floors.values())
    for d in sorted(share, key=lambda d: (floors[d] - share[d], d))[:left]:
        floors[d] += 1
    result.update(floors)
    return {d: result[d] for d in sizes}


def plan(shared: Path = SHARED) -> dict[str, tuple[int, list[str]]]:
    """``{dataset: (quota, draw order)}`` for every data set of the check set."""
    pools = {d: pool(d, shared) for d in DATASETS}
    quota = quotas({d: len(p) for d, p in pools.items()})
    return {d: (quota[d], draw_order(d, pools[d])) for d in DATASETS}


def read_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    """The lines of ``labels.jsonl``."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def check_order(labels: Sequence[Mapping[str, Any]], drawn: Mapping[str, tuple[int, list[str]]]) -> list[str]:
    """Problems with ``labels`` against the draw: each data set a prefix of its order, ``quota`` labeled.

    Returns:
        One message per problem (empty when the labels follow the draw).
    """
    problems = []
    for dataset, (quota, order) in drawn.items():
        ids = [r["id"] for r in labels if r["dataset"] == dataset]
        labeled = sum(1 for r in labels if r["dataset"] == dataset and "skipped" not in r)
        if ids != order[: len(ids)]:
            problems.append(f"{dataset}: entries are not the first {len(ids)} pages of the draw order")
        if labeled != quota:
            problems.append(f"{dataset}: {labeled} labeled pages, quota {quota}")
    unknown = {r["dataset"] for r in labels} - set(drawn)
    problems.extend(f"{d}: not a data set of the check set" for d in sorted(unknown))
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Print quotas and draw order, or check ``labels.jsonl`` against them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="check labels.jsonl against the draw order")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--extra", type=int, default=10, help="ids to print beyond the quota and skips")
    args = parser.parse_args(argv)
    try:
        drawn = plan(args.shared)
    except FileNotFoundError as error:
        print(f"sample.py: error: {error}", file=sys.stderr)
        return 1
    labels = read_labels(args.labels) if args.labels.is_file() else []
    if args.check:
        problems = check_order(labels, drawn)
        for problem in problems:
            print(problem)
        print(f"{len(labels)} entries, {sum('skipped' not in r for r in labels)} labeled: "
              + ("follows the draw order" if not problems else f"{len(problems)} problems"))
        return 1 if problems else 0
    for dataset, (quota, order) in drawn.items():
        skipped = sum(1 for r in labels if r["dataset"] == dataset and "skipped" in r)
        print(f"# {dataset}: quota {quota}, pool {len(order)}, skipped so far {skipped}")
        for rank, page_id in enumerate(order[: quota + skipped + args.extra]):
            print(f"{dataset}\t{rank}\t{page_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
