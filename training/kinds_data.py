"""Real pages labeled by hand, as records in the shape of the generated ones (``training/synthetic.py``).

    python -m training.kinds_data --out /tmp/chaff/real-kinds.jsonl            # both label sets, HTML and text
    python -m training.kinds_data --sets kinds --no-text --out /tmp/chaff/k.jsonl

Three label sets, all references into ``../shared/datasets/extraction`` (no page text is stored here):

- ``kinds`` (``data/kinds/labels.jsonl``): 107 English pages, a kind for every section of a span (from 15 or
  more sections before the headline to 15 or more after the body) and ``on``/``off``/``label`` for inserted
  items;
- ``kinds_id`` (``data/kinds/labels-id.jsonl``): the same for the 32 Indonesian pages of ``inserted_links``;
  their items there are kept exactly (checked), so with both sets asked for, such a page comes once, from
  ``kinds_id``;
- ``inserted_links`` (``data/inserted_links/real_labels.jsonl``): the inserted items of a page (kind
  ``inserted_link``), every other section unlabeled.

A labeled section gets its ``kind``, its ``item`` and ``label`` = ``content`` for the content kinds,
``noise`` otherwise. An unlabeled section gets ``kind: null``, ``item: null`` and the content/noise label
of the gold-text alignment (``classifier.align.label_sections``); ``labeled`` says which is which. Every
label is checked against its section by the SHA-1 of the section text: a label that does not match (the
parser changed) raises ``StaleLabels`` naming the page, it is never dropped silently.

Records: ``{"id", "group", "lang", "dataset", "layout": null, "source": "html"|"text", "html" or "text",
"title", "labels": "kinds"|"kinds_id"|"inserted_links", "sections": [{"text", "label", "kind", "item", "labeled"}]}``.
With ``text`` (the default) each page also comes as its plain-text rendering (``classifier.parsing.to_text``,
sections and labels carried over by index), with the same ``group``, so that grouped cross-validation keeps
both renderings of a page in one fold.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from classifier.align import label_sections
from classifier.parsing import parse, to_text
from classifier.types import CONTENT_KINDS, Section

__all__ = ["LABEL_SETS", "LabelSet", "StaleLabels", "label_files", "real_pages", "sha1_12"]

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared" / "datasets" / "extraction"
LabelSet = Literal["kinds", "kinds_id", "inserted_links"]
LABEL_SETS: dict[LabelSet, Path] = {
    "kinds": REPO_ROOT / "data" / "kinds" / "labels.jsonl",
    "kinds_id": REPO_ROOT / "data" / "kinds" / "labels-id.jsonl",
    "inserted_links": REPO_ROOT / "data" / "inserted_links" / "real_labels.jsonl",
}
KIND_SETS = ("kinds", "kinds_id")


class StaleLabels(ValueError):
    """Labels of a page whose sections are no longer the ones they were made for (a parser change)."""


def sha1_12(text: str) -> str:
    """First 12 hex digits of the SHA-1 of ``text`` (UTF-8): how labels name a section.

    >>> sha1_12("Advertisement")
    'a1329a711dc6'
    """
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def label_files(sets: Iterable[LabelSet] = tuple(LABEL_SETS)) -> list[dict[str, Any]]:
    """The labeled pages of the given sets (skipped draws left out), each with a ``labels_set`` key.

    A page of ``inserted_links`` that ``kinds_id`` also labels is left out when both are asked for, after
    checking that its items are the ``kinds_id`` ones.

    Raises:
        StaleLabels: an inserted_links item that the kinds_id labels contradict.
    """
    pages = []
    for name in sets:
        with open(LABEL_SETS[name], encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    if "skipped" not in record:
                        pages.append({**record, "labels_set": name})
    kinds_id = {(p["dataset"], p["id"]): p for p in pages if p["labels_set"] == "kinds_id"}
    kept = []
    for page in pages:
        superseding = kinds_id.get((page["dataset"], page["id"]))
        if page["labels_set"] == "inserted_links" and superseding is not None:
            mine = {x["index"]: (x["sha1"], x["item"]) for x in superseding["labels"]}
            if any(mine.get(x["index"]) != (x["sha1"], x["label"]) for x in page["items"]):
                raise StaleLabels(f"{page['dataset']}:{page['id']}: kinds_id contradicts an inserted_links item")
            continue
        kept.append(page)
    return kept


def section_labels(page: Mapping[str, Any]) -> dict[int, tuple[str, str | None]]:
    """``{index: (kind, item)}`` of one labeled page."""
    if page["labels_set"] in KIND_SETS:
        return {x["index"]: (x["kind"], x["item"]) for x in page["labels"]}
    return {x["index"]: ("inserted_link", x["label"]) for x in page["items"]}


def expected_hashes(page: Mapping[str, Any]) -> dict[int, str]:
    """``{index: sha1}`` of the labeled sections of a page."""
    entries = page["labels"] if page["labels_set"] in KIND_SETS else page["items"]
    return {x["index"]: x["sha1"] for x in entries}


def check_hashes(page: Mapping[str, Any], sections: Sequence[Section]) -> None:
    """Raise ``StaleLabels`` unless every labeled index holds the section its sha1 names."""
    stale = [
        i for i, sha in expected_hashes(page).items() if i >= len(sections) or sha1_12(sections[i].text) != sha
    ]
    if stale or len(sections) != page["sections"]:
        raise StaleLabels(
            f"{page['dataset']}:{page['id']}: {len(stale)} labels do not match today's sections "
            f"({len(sections)} sections, labeled with {page['sections']}); run data/inserted_links/migrate.py "
            "or re-label (data/kinds/tool.py)"
        )


def page_sections(
    sections: Sequence[Section], gold: str, labels: Mapping[int, tuple[str, str | None]]
) -> list[dict[str, Any]]:
    """The record entries of a page's sections: hand labels where given, gold alignment elsewhere."""
    aligned = label_sections(sections, gold)
    out = []
    for i, section in enumerate(sections):
        if i in labels:
            kind, item = labels[i]
            label = "content" if kind in CONTENT_KINDS else "noise"
            out.append({"text": section.text, "label": label, "kind": kind, "item": item, "labeled": True})
        else:
            label = "content" if aligned[i] else "noise"
            out.append({"text": section.text, "label": label, "kind": None, "item": None, "labeled": False})
    return out


def read_shared(datasets: Iterable[str], shared: Path) -> Iterator[dict[str, Any]]:
    """The records of the named shared data sets."""
    for dataset in sorted(set(datasets)):
        path = shared / dataset / "pages.jsonl.gz"
        if not path.is_file():
            raise FileNotFoundError(f"{path}: not found (the shared data sets are needed)")
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)


def real_pages(
    *, sets: Sequence[LabelSet] = tuple(LABEL_SETS), shared: Path = SHARED, text: bool = True
) -> Iterator[dict[str, Any]]:
    """Records of the hand-labeled real pages (see the module docstring), in label-file order.

    Args:
        sets: which label sets.
        shared: the ``datasets/extraction`` folder.
        text: also yield each page's plain-text rendering.

    Returns:
        An iterator of records.

    Raises:
        FileNotFoundError: the shared data are absent.
        StaleLabels: labels that no longer match their page.
    """
    pages = label_files(sets)
    wanted = {(p["dataset"], p["id"]): p for p in pages}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for record in read_shared((p["dataset"] for p in pages), shared):
        if (record["dataset"], record["id"]) in wanted:
            found[(record["dataset"], record["id"])] = record
    for labeled in pages:
        key = (labeled["dataset"], labeled["id"])
        if key not in found:
            raise FileNotFoundError(f"{key[0]}:{key[1]}: labeled page not in the shared data")
        record = found[key]
        page = parse(record["html"], lang_hint=record.get("lang"))
        check_hashes(labeled, page.sections)
        labels = section_labels(labeled)
        gold = record.get("gold_text") or ""
        group = f"{labeled['dataset']}:{labeled['id']}"
        base = {
            "group": group, "lang": labeled.get("lang") or record.get("lang"), "dataset": labeled["dataset"],
            "layout": None, "title": page.title, "labels": labeled["labels_set"],
        }  # fmt: skip
        yield {"id": group, **base, "source": "html", "html": record["html"],
               "sections": page_sections(page.sections, gold, labels)}  # fmt: skip
        if text:
            rendering = to_text(page)
            text_sections = parse(rendering, lang_hint=record.get("lang"), source="text").sections
            if [s.text for s in text_sections] != [s.text for s in page.sections]:
                raise StaleLabels(f"{group}: the plain-text rendering does not keep the page's sections")
            yield {"id": f"{group}#text", **base, "source": "text", "text": rendering,
                   "sections": page_sections(text_sections, gold, labels)}  # fmt: skip


def summary(records: Iterable[Mapping[str, Any]]) -> Counter[str]:
    """Counts of pages, labeled sections per kind and items per label."""
    counts: Counter[str] = Counter()
    for record in records:
        counts[f"pages:{record['source']}"] += 1
        for section in record["sections"]:
            if section["labeled"]:
                counts[f"kind:{section['kind']}"] += 1
                if section["item"]:
                    counts[f"item:{section['item']}"] += 1
            else:
                counts[f"unlabeled:{section['label']}"] += 1
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    """Write the real labeled pages as JSON Lines (``.gz`` by suffix) and print counts."""
    parser = argparse.ArgumentParser(prog="python -m training.kinds_data", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--sets", nargs="+", choices=tuple(LABEL_SETS), default=list(LABEL_SETS))
    parser.add_argument("--no-text", action="store_true", help="HTML pages only")
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    counts: Counter[str] = Counter()
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        opener = gzip.open if args.out.suffix == ".gz" else open
        with opener(args.out, "wt", encoding="utf-8") as out:
            for record in real_pages(sets=args.sets, shared=args.shared, text=not args.no_text):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                counts.update(summary([record]))
    except (FileNotFoundError, StaleLabels) as error:
        print(f"training.kinds_data: error: {error}", file=sys.stderr)
        return 1
    print(f"{args.out}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
