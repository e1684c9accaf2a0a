"""Hand labels of real pages (data/kinds English and Indonesian, data/inserted_links) and their loader (training/kinds_data.py):
file shapes, no page text, the draw, every sha1 re-found under today's parser, loader records.

The generator's own checks (sections equal the parser's for every layout, determinism by seed) are in
``tests/test_synthetic.py``.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from classifier.types import CONTENT_KINDS, NOISE_KINDS, Section
from training import kinds_data

DATA = Path(__file__).resolve().parents[1] / "data"
KINDS = set(CONTENT_KINDS) | set(NOISE_KINDS)
ITEMS = {"on", "off", "label"}
PAGE_KEYS = {"dataset", "id", "lang", "parser", "sections", "labels"}
CONTEXT = 15


def load_tool() -> ModuleType:
    """``data/kinds/tool.py`` (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location("kinds_tool", DATA / "kinds" / "tool.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("kinds_tool", module)
    spec.loader.exec_module(module)
    return module


def read(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def kinds_rows() -> list[dict[str, Any]]:
    return read(DATA / "kinds" / "labels.jsonl")


def test_kinds_labels_shape(kinds_rows: list[dict[str, Any]]) -> None:
    labeled = [r for r in kinds_rows if "skipped" not in r]
    assert len(labeled) >= 100
    assert len({(r["dataset"], r["id"]) for r in kinds_rows}) == len(kinds_rows)
    headless = 0  # pages whose headline is not text (an image): one
    for row in kinds_rows:
        if "skipped" in row:
            assert row.keys() == {"dataset", "id", "skipped"} and row["skipped"].strip(), row
            continue
        assert row.keys() == PAGE_KEYS and row["parser"] == "lexbor", row["id"]
        labels = row["labels"]
        indices = [x["index"] for x in labels]
        assert indices == list(range(indices[0], indices[-1] + 1)), f"{row['id']}: the span has holes"
        assert indices[-1] < row["sections"]
        for x in labels:
            assert x.keys() == {"index", "sha1", "kind", "item"}
            assert re.fullmatch(r"[0-9a-f]{12}", x["sha1"])
            assert x["kind"] in KINDS, x
            assert (x["item"] in ITEMS) if x["kind"] == "inserted_link" else x["item"] is None, x
        content = [x["index"] for x in labels if x["kind"] in CONTENT_KINDS]
        kinds = {x["kind"] for x in labels}
        assert "paragraph" in kinds, row["id"]
        headless += "heading" not in kinds
        # the span reaches 15 sections around the article, or the page's edge
        assert content[0] - indices[0] >= CONTEXT or indices[0] == 0, row["id"]
        assert indices[-1] - content[-1] >= CONTEXT or indices[-1] == row["sections"] - 1, row["id"]
    assert headless <= 1


def test_kinds_pages_are_new_pages(kinds_rows: list[dict[str, Any]]) -> None:
    """No page of data/kinds is one of the pages labeled before (inserted links, headlines)."""
    before = {(r["dataset"], r["id"]) for r in read(DATA / "inserted_links" / "real_labels.jsonl")}
    before |= {(r["dataset"], r["id"]) for r in read(DATA / "titles" / "labels.jsonl")}
    assert not {(r["dataset"], r["id"]) for r in kinds_rows} & before


def test_no_page_text_in_labels() -> None:
    """Label files hold ids, hashes, indices and kinds: no string that could be page text."""
    allowed = {"dataset", "id", "lang", "parser", "sha1", "kind", "item", "label", "skipped"}
    for path in (DATA / "kinds" / "labels.jsonl", DATA / "kinds" / "labels-id.jsonl",
                 DATA / "inserted_links" / "real_labels.jsonl"):  # fmt: skip
        for row in read(path):
            stack: list[Any] = [row]
            while stack:
                value = stack.pop()
                if isinstance(value, dict):
                    for key, inner in value.items():
                        assert key in allowed | {"sections", "labels", "items", "index"}, (path.name, key)
                        stack.append(inner)
                elif isinstance(value, list):
                    stack.extend(value)


def test_decisions_file_is_readable_and_complete(kinds_rows: list[dict[str, Any]]) -> None:
    tool = load_tool()
    decisions = tool.read_decisions()
    assert [(d.dataset, d.id) for d in decisions] == [(r["dataset"], r["id"]) for r in kinds_rows]
    for decision, row in zip(decisions, kinds_rows):
        if decision.skipped is not None:
            assert row.get("skipped") == decision.skipped
        else:
            assert decision.span == (row["labels"][0]["index"], row["labels"][-1]["index"])
            assert {x["index"]: x["kind"] for x in row["labels"]} == decision.kinds


def test_indonesian_kinds_cover_the_indonesian_inserted_links_pages_and_keep_their_items() -> None:
    rows = read(DATA / "kinds" / "labels-id.jsonl")
    real = read(DATA / "inserted_links" / "real_labels.jsonl")
    assert [(r["dataset"], r["id"]) for r in rows] == [(r["dataset"], r["id"]) for r in real if r["lang"] != "en"]
    assert len(rows) == 32
    items = {(r["dataset"], r["id"]): r["items"] for r in real}
    tool = load_tool()
    for row in rows:
        assert row.keys() == PAGE_KEYS and row["parser"] == "lexbor" and row["lang"] == "id", row["id"]
        indices = [x["index"] for x in row["labels"]]
        assert indices == list(range(indices[0], indices[-1] + 1)) and indices[-1] < row["sections"]
        for x in row["labels"]:
            assert x["kind"] in KINDS and (x["item"] in ITEMS) == (x["kind"] == "inserted_link"), x
        assert {"heading", "paragraph"} <= {x["kind"] for x in row["labels"]}, row["id"]
        content = [x["index"] for x in row["labels"] if x["kind"] in CONTENT_KINDS]
        assert content[0] - indices[0] >= CONTEXT or indices[0] == 0, row["id"]
        assert indices[-1] - content[-1] >= CONTEXT or indices[-1] == row["sections"] - 1, row["id"]
        assert tool.item_disagreements(row, items[(row["dataset"], row["id"])]) == [], row["id"]
    decisions = tool.read_decisions(DATA / "kinds" / "decisions-id.txt")
    assert [(d.dataset, d.id) for d in decisions] == [(r["dataset"], r["id"]) for r in rows]
    for decision, row in zip(decisions, rows):
        assert {x["index"]: x["kind"] for x in row["labels"]} == decision.kinds
        assert decision.span == (row["labels"][0]["index"], row["labels"][-1]["index"])


def test_kinds_id_supersedes_inserted_links_and_refuses_a_contradiction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = kinds_data.label_files(("kinds_id", "inserted_links"))
    assert Counter(p["labels_set"] for p in pages) == {"kinds_id": 32, "inserted_links": 68}
    assert len({(p["dataset"], p["id"]) for p in pages}) == 100
    item = {"index": 1, "sha1": "0123456789ab", "label": "on"}
    kinds = {"dataset": "d", "id": "p", "lang": "id", "parser": "lexbor", "sections": 3,
             "labels": [{"index": 1, "sha1": "0123456789ab", "kind": "inserted_link", "item": "off"}]}  # fmt: skip
    links = {"dataset": "d", "id": "p", "lang": "id", "parser": "lexbor", "sections": 3, "items": [item]}
    files: list[tuple[kinds_data.LabelSet, dict[str, Any]]] = [("kinds_id", kinds), ("inserted_links", links)]
    for name, row in files:
        (tmp_path / name).write_text(json.dumps(row) + "\n", encoding="utf-8")
        monkeypatch.setitem(kinds_data.LABEL_SETS, name, tmp_path / name)
    with pytest.raises(kinds_data.StaleLabels, match="d:p: kinds_id contradicts"):
        kinds_data.label_files(("kinds_id", "inserted_links"))
    assert len(kinds_data.label_files(("inserted_links",))) == 1


def test_inserted_links_labels_shape() -> None:
    rows = read(DATA / "inserted_links" / "real_labels.jsonl")
    assert len(rows) == 100
    for row in rows:
        assert row.keys() == {"dataset", "id", "lang", "parser", "sections", "items"} and row["parser"] == "lexbor"
        for item in row["items"]:
            assert item.keys() == {"index", "sha1", "label"} and item["label"] in ITEMS
            assert 0 <= item["index"] < row["sections"]


def test_stale_labels_are_refused() -> None:
    label: dict[str, Any] = {"index": 0, "sha1": "000000000000", "kind": "paragraph", "item": None}
    page = {"dataset": "d", "id": "p", "labels_set": "kinds", "sections": 1, "labels": [label]}
    with pytest.raises(kinds_data.StaleLabels, match="d:p: 1 labels do not match"):
        kinds_data.check_hashes(page, [Section("Some paragraph.")])
    label["sha1"] = kinds_data.sha1_12("Some paragraph.")
    kinds_data.check_hashes(page, [Section("Some paragraph.")])


def test_unlabeled_sections_take_the_gold_alignment() -> None:
    sections = [Section("Home"), Section("The first paragraph of the story goes here."), Section("Baca juga: Lain")]
    entries = kinds_data.page_sections(sections, "The first paragraph of the story goes here.",
                                       {2: ("inserted_link", "off")})  # fmt: skip
    assert [(e["label"], e["kind"], e["item"], e["labeled"]) for e in entries] == [
        ("noise", None, None, False), ("content", None, None, False), ("noise", "inserted_link", "off", True)
    ]  # fmt: skip


@pytest.fixture(scope="module")
def real_records(shared_data: Path) -> list[dict[str, Any]]:
    """Every labeled real page, HTML and text (this re-finds every label's sha1 on the way)."""
    return list(kinds_data.real_pages(shared=shared_data / "extraction"))


@pytest.mark.shared_data
def test_every_sha1_is_refound_and_records_have_the_generated_shape(real_records: list[dict[str, Any]]) -> None:
    labeled = [r for r in read(DATA / "kinds" / "labels.jsonl") if "labels" in r]
    assert len(real_records) == 2 * (len(labeled) + 100)
    counts: Counter[str] = Counter()
    by_group: dict[str, list[dict[str, Any]]] = {}
    for record in real_records:
        assert record.keys() == {"id", "group", "lang", "dataset", "layout", "source", "title", "labels",
                                 "sections", record["source"]}  # fmt: skip
        by_group.setdefault(record["group"], []).append(record)
        for section in record["sections"]:
            assert section["label"] in ("content", "noise")
            if section["labeled"]:
                assert section["label"] == ("content" if section["kind"] in CONTENT_KINDS else "noise")
                counts[record["labels"]] += 1
            else:
                assert section["kind"] is None and section["item"] is None
    for html, text in by_group.values():
        assert (html["source"], text["source"]) == ("html", "text")
        assert [s["text"] for s in html["sections"]] == [s["text"] for s in text["sections"]]
        assert [s["kind"] for s in html["sections"]] == [s["kind"] for s in text["sections"]]
    assert counts["kinds"] == 2 * sum(len(r["labels"]) for r in labeled)
    indonesian = read(DATA / "kinds" / "labels-id.jsonl")
    assert counts["kinds_id"] == 2 * sum(len(r["labels"]) for r in indonesian)
    superseded = {(r["dataset"], r["id"]) for r in indonesian}
    links = [r for r in read(DATA / "inserted_links" / "real_labels.jsonl") if (r["dataset"], r["id"]) not in superseded]
    assert counts["inserted_links"] == 2 * sum(len(r["items"]) for r in links)
