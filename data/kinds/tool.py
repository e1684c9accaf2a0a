"""The annotator's tool for ``data/kinds``: the draw, a section printer, and the build of ``labels.jsonl``.

    .venv/bin/python data/kinds/tool.py draw                 # quotas and the draw order (ids)
    .venv/bin/python data/kinds/tool.py show DATASET ID      # print a page's sections to read and label
    .venv/bin/python data/kinds/tool.py build                # decisions.txt -> labels.jsonl
    .venv/bin/python data/kinds/tool.py check                # labels.jsonl re-found, follows the draw
    .venv/bin/python data/kinds/tool.py build --set id       # decisions-id.txt -> labels-id.jsonl
    .venv/bin/python data/kinds/tool.py check --set id       # labels-id.jsonl re-found, agrees with inserted_links

**Draw.** English news pages of ``../shared/datasets/extraction`` that are in neither
``data/inserted_links/real_labels.jsonl`` nor ``data/titles/labels.jsonl`` (their ``lang`` field ``en``, gold
text present and not empty; in ``wcxb`` only the pages filed as ``article``). Each data set's pool, sorted by
id, is shuffled by ``random.Random("chaff-kinds-1:<dataset>")``; its quota (``QUOTAS``) is filled by walking
that order, a page that is not a news article (a listing, a product, a forum, a book chapter ...) recorded as
skipped with the reason. So a data set's entries are always a prefix of its draw order. (The shared data hold
no unused Indonesian news page: all 32 Indonesian pages are already in ``inserted_links`` or ``titles``.)

**Show.** Every section of the page from 30 before the first gold-aligned section to 30 after the last one
(``--all`` for the whole page): index, a ``G`` where ``classifier.align`` finds it in the gold text, the tag
and the last class/id words, the share of link characters, and the text (cut at ``--width``). The gold mark
is a pointer for the eye, not a label: every label is decided by reading.

**Decisions** (``decisions.txt``, typed by the annotator; no page text). A block per page::

    == DATASET ID
    range FIRST LAST            # the labeled span (inclusive)
    FIRST-LAST KIND             # a kind for a run of sections; later lines override earlier ones
    N inserted_link on|off|label
    skip REASON                 # instead of the above: the page is not a news article

``build`` parses each page, checks that every section of the span has a kind and writes
``{"dataset", "id", "lang", "parser": "lexbor", "sections", "labels": [{"index", "sha1", "kind", "item"}]}``
(``sha1``: the first 12 hex digits of the SHA-1 of the section text), or ``{"dataset", "id", "skipped"}``.

**Indonesian set** (``--set id``): the kinds of the 32 Indonesian pages of ``data/inserted_links``, typed the same
way in ``decisions-id.txt`` and built into ``labels-id.jsonl``. There is no draw; instead every item of
``real_labels.jsonl`` on these pages must lie in the span with the same index, hash and ``on``/``off``/``label``,
and any other ``inserted_link`` section must be a ``label`` (a teaser's count or kicker line the item labels left
unlabeled).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from classifier.align import label_sections  # noqa: E402
from classifier.io import read_jsonl  # noqa: E402
from classifier.parsing import parse  # noqa: E402
from classifier.types import CONTENT_KINDS, NOISE_KINDS  # noqa: E402
from training.kinds_data import sha1_12  # noqa: E402

SHARED = REPO_ROOT.parent / "shared" / "datasets" / "extraction"
DECISIONS = HERE / "decisions.txt"
LABELS = HERE / "labels.jsonl"
USED = (REPO_ROOT / "data" / "inserted_links" / "real_labels.jsonl", REPO_ROOT / "data" / "titles" / "labels.jsonl")
SEED = "chaff-kinds-1"
PARSER = "lexbor"
QUOTAS = {
    "l3s-gn1": 22, "dragnet": 23, "google-trends-2017": 14, "scrapinghub": 12, "wcxb": 10, "fundus": 10,
    "cleanportaleval": 6, "readability": 5, "cleaneval": 5,
}  # fmt: skip
KINDS = frozenset(CONTENT_KINDS + NOISE_KINDS)
ITEMS = ("on", "off", "label")
CONTEXT = 30
SETS = {"en": (DECISIONS, LABELS), "id": (HERE / "decisions-id.txt", HERE / "labels-id.jsonl")}
REAL_LABELS = USED[0]


def read_pages(dataset: str, shared: Path = SHARED) -> Iterator[dict[str, Any]]:
    """The records of one shared extraction data set, in file order."""
    path = shared / dataset / "pages.jsonl.gz"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file (the shared data sets are needed)")
    return read_jsonl(path)


def used_pages() -> set[tuple[str, str]]:
    """``(dataset, id)`` of every page labeled in ``data/inserted_links`` or ``data/titles``."""
    return {(r["dataset"], r["id"]) for path in USED for r in read_jsonl(path)}


def in_pool(record: Mapping[str, Any], used: set[tuple[str, str]]) -> bool:
    """True for an English page with gold text, not labeled elsewhere (``wcxb``: articles only)."""
    if record.get("lang") != "en" or not record.get("gold_text") or (record["dataset"], record["id"]) in used:
        return False
    return record["dataset"] != "wcxb" or str(record["id"]).split("-")[1] == "article"


def draw_order(dataset: str, ids: Sequence[str]) -> list[str]:
    """The pool's ids in draw order (a seeded shuffle of the sorted ids).

    >>> draw_order("x", ["c", "a", "b"]) == draw_order("x", ["a", "b", "c"])
    True
    """
    order = sorted(ids)
    random.Random(f"{SEED}:{dataset}").shuffle(order)
    return order


def plan(shared: Path = SHARED) -> dict[str, tuple[int, list[str]]]:
    """``{dataset: (quota, draw order)}``."""
    used = used_pages()
    return {
        d: (q, draw_order(d, [r["id"] for r in read_pages(d, shared) if in_pool(r, used)])) for d, q in QUOTAS.items()
    }


@dataclass(slots=True)
class Decision:
    """The annotator's decisions for one page (see the module docstring)."""

    dataset: str
    id: str
    span: tuple[int, int] | None = None
    kinds: dict[int, str] = field(default_factory=dict)
    items: dict[int, str] = field(default_factory=dict)
    skipped: str | None = None


LINE = re.compile(r"^(\d+)(?:-(\d+))?\s+([a-z_]+)(?:\s+(on|off|label))?$")


def read_decisions(path: Path = DECISIONS) -> list[Decision]:
    """The page blocks of a decisions file, in file order.

    Raises:
        ValueError: a line that does not follow the format (the message names it).
    """
    pages: list[Decision] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{path.name}:{number}"
        if line.startswith("=="):
            dataset, page_id = line[2:].split()
            pages.append(Decision(dataset, page_id))
            continue
        if not pages:
            raise ValueError(f"{where}: a decision before the first '== DATASET ID' line")
        page = pages[-1]
        if line.startswith("skip "):
            page.skipped = line[5:].strip()
        elif line.startswith("range "):
            first, last = (int(x) for x in line[6:].split())
            page.span = (first, last)
        else:
            match = LINE.match(line)
            if match is None or match[3] not in KINDS or (match[4] is not None) != (match[3] == "inserted_link"):
                raise ValueError(f"{where}: cannot read {raw!r}")
            first = int(match[1])
            last = int(match[2] or first)
            for index in range(first, last + 1):
                page.kinds[index] = match[3]
                if match[4]:
                    page.items[index] = match[4]
                else:
                    page.items.pop(index, None)
    return pages


def build_record(decision: Decision, record: Mapping[str, Any]) -> dict[str, Any]:
    """The ``labels.jsonl`` line of one decided page.

    Raises:
        ValueError: a section of the span without a kind, or a label outside the span or the page.
    """
    if decision.skipped is not None:
        return {"dataset": decision.dataset, "id": decision.id, "skipped": decision.skipped}
    sections = parse(record["html"], lang_hint=record.get("lang")).sections
    if decision.span is None:
        raise ValueError(f"{decision.id}: no range")
    first, last = decision.span
    if not 0 <= first <= last < len(sections):
        raise ValueError(f"{decision.id}: range {first}-{last} outside the page's {len(sections)} sections")
    missing = [i for i in range(first, last + 1) if i not in decision.kinds]
    outside = [i for i in decision.kinds if not first <= i <= last]
    if missing or outside:
        raise ValueError(f"{decision.id}: sections without a kind {missing[:10]}, labels outside the range {outside[:10]}")
    labels = [
        {"index": i, "sha1": sha1_12(sections[i].text), "kind": decision.kinds[i], "item": decision.items.get(i)}
        for i in range(first, last + 1)
    ]
    return {
        "dataset": decision.dataset, "id": decision.id, "lang": record.get("lang"), "parser": PARSER,
        "sections": len(sections), "labels": labels,
    }  # fmt: skip


def item_disagreements(labeled: Mapping[str, Any], items: Sequence[Mapping[str, Any]]) -> list[str]:
    """Where a page's kinds contradict its ``real_labels.jsonl`` items (see "Indonesian set" above).

    >>> page = {"labels": [{"index": 3, "sha1": "a", "kind": "inserted_link", "item": "label"},
    ...                    {"index": 4, "sha1": "b", "kind": "inserted_link", "item": "on"}]}
    >>> item_disagreements(page, [{"index": 4, "sha1": "b", "label": "on"}])
    []
    >>> item_disagreements(page, [{"index": 4, "sha1": "b", "label": "off"}, {"index": 9, "sha1": "c", "label": "on"}])
    ['item 4 on (off in inserted_links)', 'item 9 outside the span or not an inserted_link']
    """
    kinds = {x["index"]: x for x in labeled["labels"]}
    problems = []
    for item in items:
        x = kinds.get(item["index"])
        if x is None or x["kind"] != "inserted_link" or x["sha1"] != item["sha1"]:
            problems.append(f"item {item['index']} outside the span or not an inserted_link")
        elif x["item"] != item["label"]:
            problems.append(f"item {item['index']} {x['item']} ({item['label']} in inserted_links)")
    known = {item["index"] for item in items}
    problems += [f"item {i} not in inserted_links and not a label" for i, x in kinds.items()
                 if x["kind"] == "inserted_link" and i not in known and x["item"] != "label"]  # fmt: skip
    return problems


def real_items() -> dict[tuple[str, str], list[dict[str, Any]]]:
    """``{(dataset, id): items}`` of ``data/inserted_links/real_labels.jsonl``."""
    return {(r["dataset"], r["id"]): list(r["items"]) for r in read_jsonl(REAL_LABELS)}


def records_of(keys: set[tuple[str, str]], shared: Path = SHARED) -> dict[tuple[str, str], dict[str, Any]]:
    """The shared records of the given ``(dataset, id)`` pairs."""
    found = {}
    for dataset in sorted({d for d, _ in keys}):
        for record in read_pages(dataset, shared):
            if (dataset, record["id"]) in keys:
                found[(dataset, record["id"])] = record
    return found


def show(record: Mapping[str, Any], *, width: int, whole: bool, start: int | None, end: int | None) -> str:
    """The page's sections as lines to read (see the module docstring)."""
    page = parse(record["html"], lang_hint=record.get("lang"))
    sections = page.sections
    gold = label_sections(sections, record.get("gold_text") or "")
    hits = [i for i, g in enumerate(gold) if g]
    lo = 0 if whole or not hits else max(0, hits[0] - CONTEXT)
    hi = len(sections) if whole or not hits else min(len(sections), hits[-1] + CONTEXT + 1)
    lo = lo if start is None else start
    hi = hi if end is None else end + 1
    out = [f"# {record['dataset']} {record['id']} {record.get('url')}", f"# title: {page.title!r}",
           f"# {len(sections)} sections, gold-aligned {len(hits)}: {hits[:1]}..{hits[-1:]}, shown {lo}-{hi - 1}"]  # fmt: skip
    for i in range(lo, hi):
        s = sections[i]
        attrs = " ".join(a for a in (s.attrs or ())[-2:] if a)[-28:]
        link = round(100 * (s.link_chars or 0) / max(len(s.text), 1))
        text = s.text if len(s.text) <= width else s.text[: width - 1] + "…"
        out.append(f"{i:4d}{'G' if gold[i] else ' '} {s.tag or '-':>10}.{attrs:<28} {link:3d}% {text}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one of ``draw``, ``show``, ``build``, ``check``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    draw = sub.add_parser("draw")
    draw.add_argument("--extra", type=int, default=5)
    shown = sub.add_parser("show")
    shown.add_argument("dataset")
    shown.add_argument("ids", nargs="+")
    shown.add_argument("--width", type=int, default=140)
    shown.add_argument("--all", action="store_true")
    shown.add_argument("--start", type=int)
    shown.add_argument("--end", type=int)
    for name in ("build", "check"):
        sub.add_parser(name).add_argument("--set", choices=sorted(SETS), default="en", dest="label_set")
    args = parser.parse_args(argv)
    try:
        if args.command == "draw":
            labels = list(read_jsonl(LABELS)) if LABELS.is_file() else []
            for dataset, (quota, order) in plan().items():
                skipped = sum(1 for r in labels if r["dataset"] == dataset and "skipped" in r)
                print(f"# {dataset}: quota {quota}, pool {len(order)}, skipped so far {skipped}")
                for rank, page_id in enumerate(order[: quota + skipped + args.extra]):
                    print(f"{dataset}\t{rank}\t{page_id}")
        elif args.command == "show":
            found = records_of({(args.dataset, i) for i in args.ids})
            for page_id in args.ids:
                print(show(found[(args.dataset, page_id)], width=args.width, whole=args.all, start=args.start, end=args.end))
        elif args.command == "build":
            decisions_path, labels_path = SETS[args.label_set]
            decisions = read_decisions(decisions_path)
            found = records_of({(d.dataset, d.id) for d in decisions if d.skipped is None})
            lines = [build_record(d, found.get((d.dataset, d.id), {})) for d in decisions]
            if args.label_set == "id":
                items = real_items()
                for x in lines:
                    problems = item_disagreements(x, items.get((x["dataset"], x["id"]), []))
                    if problems:
                        raise ValueError(f"{x['id']}: {'; '.join(problems)}")
            labels_path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
            print(f"{labels_path.name}: {sum('labels' in x for x in lines)} labeled pages, {sum('skipped' in x for x in lines)} skipped")
        else:
            return check(args.label_set)
    except (FileNotFoundError, ValueError, KeyError) as error:
        print(f"tool.py: error: {error}", file=sys.stderr)
        return 1
    return 0


def check(label_set: str = "en") -> int:
    """Every label's hash re-found at its index; English: each data set a prefix of its draw order;
    Indonesian: every page of ``real_labels.jsonl`` that is not English, its items agreeing."""
    labels = list(read_jsonl(SETS[label_set][1]))
    problems = []
    if label_set == "en":
        for dataset, (_, order) in plan().items():
            ids = [r["id"] for r in labels if r["dataset"] == dataset]
            if ids != order[: len(ids)]:
                problems.append(f"{dataset}: entries are not the first {len(ids)} pages of the draw order")
    else:
        wanted = {(r["dataset"], r["id"]) for r in read_jsonl(REAL_LABELS) if r.get("lang") != "en"}
        if wanted != {(r["dataset"], r["id"]) for r in labels}:
            problems.append(f"the pages are not the {len(wanted)} non-English pages of {REAL_LABELS.name}")
        items = real_items()
        problems += [f"{r['id']}: {p}" for r in labels for p in item_disagreements(r, items.get((r["dataset"], r["id"]), []))]
    found = records_of({(r["dataset"], r["id"]) for r in labels if "labels" in r})
    for r in labels:
        if "labels" not in r:
            continue
        sections = parse(found[(r["dataset"], r["id"])]["html"], lang_hint=r["lang"]).sections
        stale = [x["index"] for x in r["labels"] if x["index"] >= len(sections) or sha1_12(sections[x["index"]].text) != x["sha1"]]
        if stale or len(sections) != r["sections"]:
            problems.append(f"{r['id']}: {len(stale)} labels not re-found, {len(sections)} sections (was {r['sections']})")
    for problem in problems:
        print(problem)
    print(f"{len(labels)} entries, {sum('labels' in r for r in labels)} labeled: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
