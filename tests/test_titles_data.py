"""The hand-labeled headline check set (data/titles): file shape, the checker, the draw."""

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

TITLES = Path(__file__).resolve().parents[1] / "data" / "titles"
LABEL_KEYS = {"dataset", "id", "lang", "tokens", "sha1", "source"}
SOURCES = {"h1", "h2", "og:title", "twitter:title", "json-ld", "itemprop", "meta", "title", "title-part", "gold"}


def load(name: str) -> ModuleType:
    """A module of data/titles by file name (the folder is not a package)."""
    if str(TITLES) not in sys.path:
        sys.path.insert(0, str(TITLES))
    spec = importlib.util.spec_from_file_location(f"titles_{name}", TITLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    with open(TITLES / "labels.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_labels_shape(rows: list[dict[str, Any]]) -> None:
    sample = load("sample")
    labeled = [r for r in rows if "skipped" not in r]
    skipped = [r for r in rows if "skipped" in r]
    assert len(labeled) == sample.TOTAL
    assert len({(r["dataset"], r["id"]) for r in rows}) == len(rows)
    for r in labeled:
        assert LABEL_KEYS <= r.keys() <= LABEL_KEYS | {"note"}, r
        assert re.fullmatch(r"[0-9a-f]{16}", r["sha1"]), r
        assert isinstance(r["tokens"], int) and r["tokens"] >= 1, r
        assert set(r["source"]) <= SOURCES, r
        assert r["id"].startswith(r["dataset"] + "-"), r
    for r in skipped:
        assert r.keys() == {"dataset", "id", "skipped"} and r["skipped"].strip(), r
    per = Counter(r["dataset"] for r in labeled)
    assert set(per) == set(sample.DATASETS)
    assert min(per.values()) >= sample.MINIMUM
    assert sum(1 for r in labeled if r["dataset"] == sample.ALL_OF and r["lang"] == sample.FIRST_LANG) == per[sample.ALL_OF]


def test_no_page_text_in_labels() -> None:
    """Labels carry hashes and counts only: no field holds a headline."""
    text = (TITLES / "labels.jsonl").read_text(encoding="utf-8")
    assert '"headline"' not in text and '"text"' not in text


def test_quotas_fill_total() -> None:
    sample = load("sample")
    sizes = {"indonesian-news": 30, "big": 1000, "mid": 400, "small": 40, "tiny": 10}
    quota = sample.quotas(sizes, total=120, minimum=15)
    assert sum(quota.values()) == 120
    assert quota["indonesian-news"] == 30 and quota["tiny"] == 10 and quota["small"] == 15
    assert quota["big"] > quota["mid"] > quota["small"]


def test_key_normalises_tokens() -> None:
    check = load("check")
    assert check.key("Floods, damage  ROADS!") == check.key("floods damage roads")
    assert check.key("a") != check.key("b")


@pytest.mark.shared_data
def test_check_runs_on_a_few_pages(shared_data: Path) -> None:
    check = load("check")
    shared = shared_data / "extraction"
    result = check.check(check.today, shared=shared, limit=6)
    assert result["n"] == 6
    assert 0 <= result["right"] <= 6 and len(result["misses"]) == 6 - result["right"]
    assert sum(t["n"] for t in result["per_dataset"].values()) == 6
    assert all(set(m) == {"dataset", "id", "lang", "chosen"} for m in result["misses"])

    def broken(html: str) -> str:
        raise RuntimeError("no title")

    failed = check.check(broken, shared=shared, limit=3)
    assert failed["right"] == 0 and all(m["chosen"].startswith("<error: RuntimeError") for m in failed["misses"])


@pytest.mark.shared_data
def test_labels_match_the_pages(shared_data: Path, rows: list[dict[str, Any]]) -> None:
    """On the first labeled pages, each recorded source holds a text that hashes to the label."""
    check = load("check")
    candidates = load("candidates")
    wanted = [r for r in rows if "skipped" not in r][:8]
    for label, html in check.labeled_pages(wanted, shared_data / "extraction"):
        found = candidates.candidates(html, None)
        for kind in set(label["source"]) - {"title-part", "gold"}:
            texts = [t for k, t in found if k.split(" ")[0] == kind]
            assert label["sha1"] in {check.key(t) for t in texts}, (label["id"], kind)


@pytest.mark.slow
@pytest.mark.shared_data
def test_labels_follow_the_draw_order(shared_data: Path, rows: list[dict[str, Any]]) -> None:
    sample = load("sample")
    assert sample.check_order(rows, sample.plan(shared_data / "extraction")) == []
