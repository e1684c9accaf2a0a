"""Carry ``real_labels.jsonl`` over to today's parser (``classifier.parsing.parse``, lexbor).

Each labeled item names its section by index *and* by the first 12 hex digits of the SHA-1 of the
section's text. After a parser change the index may point elsewhere; the text hash does not move. This
script re-finds every item by its hash among today's sections: when the hash occurs once, that is the
section; when it occurs several times (a repeated box heading, the same headline in two boxes), the
occurrence at the old index shifted by the page's shift (the median move of the page's unambiguous items)
is taken, else the one nearest to it. An item whose hash is not found is reported and left as it was
(to be re-labeled by hand). Pages get ``"parser": "lexbor"`` and today's section count.

Reads ``../shared/datasets/extraction`` in place; writes only ``real_labels.jsonl``.

    .venv/bin/python data/inserted_links/migrate.py            # report, rewrite real_labels.jsonl
    .venv/bin/python data/inserted_links/migrate.py --check    # report only; exit 1 if a label is stale
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from classifier.parsing import parse  # noqa: E402
from training.kinds_data import sha1_12  # noqa: E402

SHARED = REPO_ROOT.parent / "shared" / "datasets" / "extraction"
LABELS = HERE / "real_labels.jsonl"
PARSER = "lexbor"


def section_hashes(html: str, lang: str | None) -> list[str]:
    """The 12-digit hash of every section of an HTML page under today's parser."""
    return [sha1_12(s.text) for s in parse(html, lang_hint=lang).sections]


def relocate(items: Sequence[dict[str, Any]], hashes: Sequence[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Items with their index moved to where their hash is today, and a note per item not found.

    >>> relocate([{"index": 1, "sha1": "b"}, {"index": 3, "sha1": "a"}], ["x", "a", "b", "c", "a"])
    ([{'index': 2, 'sha1': 'b'}, {'index': 4, 'sha1': 'a'}], [])
    """
    where = {h: [i for i, x in enumerate(hashes) if x == h] for h in {item["sha1"] for item in items}}
    moves = [where[item["sha1"]][0] - item["index"] for item in items if len(where[item["sha1"]]) == 1]
    shift = round(statistics.median(moves)) if moves else 0
    out, missing = [], []
    for item in items:
        found = where[item["sha1"]]
        if not found:
            missing.append(f"index {item['index']} sha1 {item['sha1']} not found")
            out.append(dict(item))
            continue
        target = item["index"] + shift
        out.append({**item, "index": min(found, key=lambda i: (abs(i - target), i))})
    return out, missing


def shared_pages(datasets: set[str]) -> Iterator[dict[str, Any]]:
    """The records of the named shared extraction data sets."""
    for dataset in sorted(datasets):
        with gzip.open(SHARED / dataset / "pages.jsonl.gz", "rt", encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the migration (or ``--check``); print what was re-found."""
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--check", action="store_true", help="report only; exit 1 when an index is stale")
    opts = args.parse_args(argv)
    if not SHARED.is_dir():
        print(f"{SHARED}: not found (the shared data sets are needed)", file=sys.stderr)
        return 1
    refs = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = {(r["dataset"], r["id"]): r for r in refs}
    migrated: dict[tuple[str, str], dict[str, Any]] = {}
    items = same = moved = 0
    lost: list[str] = []
    for record in shared_pages({r["dataset"] for r in refs}):
        ref = wanted.get((record["dataset"], record["id"]))
        if ref is None:
            continue
        hashes = section_hashes(record["html"], record.get("lang"))
        new_items, missing = relocate(ref["items"], hashes)
        lost += [f"{record['id']}: {m}" for m in missing]
        for old, new in zip(ref["items"], new_items):
            items += 1
            if old["sha1"] in hashes:
                same += old["index"] == new["index"]
                moved += old["index"] != new["index"]
        migrated[(record["dataset"], record["id"])] = {
            "dataset": ref["dataset"], "id": ref["id"], "lang": ref["lang"], "parser": PARSER,
            "sections": len(hashes), "items": new_items,
        }  # fmt: skip
    absent = [key for key in wanted if key not in migrated]
    print(f"{len(migrated)} of {len(refs)} pages found; {items} items: {same + moved} re-found by sha1 "
          f"({same} at the same index, {moved} moved), {len(lost)} not found")  # fmt: skip
    for line in lost + [f"{d}:{i}: page not in the shared data" for d, i in absent]:
        print(f"  {line}")
    if opts.check:
        return 1 if moved or lost or absent else 0
    if absent:
        print("not rewritten: pages are missing", file=sys.stderr)
        return 1
    with LABELS.open("w", encoding="utf-8") as out:
        for ref in refs:
            out.write(json.dumps(migrated[(ref["dataset"], ref["id"])], ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
