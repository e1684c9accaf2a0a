"""The page generator (training/synthetic.py): sections equal the parser's for every layout and source,
labels agree with kinds, the train/eval split by seed, determinism, and the command line."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from classifier.parsing import parse
from classifier.types import CONTENT_KINDS, NOISE_KINDS
from training import synthetic
from training.split import is_dev

KINDS = set(CONTENT_KINDS) | set(NOISE_KINDS)
RECORD_KEYS = {"id", "lang", "dataset", "layout", "source", "title", "split", "seed", "article", "sections"}


Articles = dict[str, list[synthetic.Article]]


@pytest.fixture(scope="module")
def articles(shared_data: Path) -> Articles:
    """A few hundred articles per language (the first records of the shared files)."""
    return {
        "id": synthetic.indonesian_articles(shared_data, limit=2500),
        "en": synthetic.english_articles(shared_data, limit=250),
    }


def pages(articles: Articles, lang: str, n: int, seed: int, **kw: Any) -> list[dict[str, Any]]:
    return list(synthetic.generate(lang, n, seed, articles=articles[lang], **kw))  # type: ignore[arg-type]


def check_record(record: dict[str, Any]) -> None:
    """The record's shape, and its sections are the parser's sections of its page, in order."""
    assert record.keys() == RECORD_KEYS | {record["source"]}
    assert record["dataset"] == f"synthetic-{record['lang']}"
    page = parse(record[record["source"]])
    assert page.source == record["source"]
    assert [s.text for s in page.sections] == [s["text"] for s in record["sections"]]
    for section in record["sections"]:
        assert section.keys() == {"text", "label", "kind", "item"}
        assert section["kind"] in KINDS
        assert section["label"] == ("content" if section["kind"] in CONTENT_KINDS else "noise")
        assert section["item"] in (None, "on", "off", "label")
        assert (section["item"] is not None) == (section["kind"] == "inserted_link")


@pytest.mark.shared_data
@pytest.mark.parametrize("lang,layout", [(lang, name) for lang in ("id", "en") for name in synthetic.layouts(lang)])
@pytest.mark.parametrize("source", ["html", "text"])
def test_sections_are_the_parsers_for_every_layout(articles: Articles, lang: str, layout: str, source: str) -> None:
    records = pages(articles, lang, 4, 3, source=source, layout=layout)
    for record in records:
        assert record["layout"] == layout and record["source"] == source
        check_record(record)
    kinds = Counter(s["kind"] for r in records for s in r["sections"])
    assert kinds["heading"] == 4 and kinds["paragraph"] >= 4 * synthetic.Settings().min_paragraphs


@pytest.mark.shared_data
def test_pages_hold_the_phenomena(articles: Articles) -> None:
    """Over a few dozen pages every noise kind, every item label and long items occur."""
    records = pages(articles, "id", 60, 5)
    kinds = Counter(s["kind"] for r in records for s in r["sections"])
    assert set(NOISE_KINDS) <= set(kinds), set(NOISE_KINDS) - set(kinds)
    items = Counter(s["item"] for r in records for s in r["sections"] if s["item"])
    assert set(items) == {"on", "off", "label"}
    long_items = [s for r in records for s in r["sections"] if s["item"] in ("on", "off") and len(s["text"].split()) >= 30]
    assert long_items
    assert {r["source"] for r in records} == {"html", "text"}


@pytest.mark.shared_data
def test_same_seed_same_pages_other_seed_other_pages(articles: Articles) -> None:
    first = pages(articles, "en", 5, 11)
    assert first == pages(articles, "en", 5, 11)
    other = pages(articles, "en", 5, 12)
    assert [r.get("html") or r.get("text") for r in first] != [r.get("html") or r.get("text") for r in other]


@pytest.mark.shared_data
def test_split_by_seed(articles: Articles) -> None:
    """Training seeds draw non-dev articles only, evaluation seeds dev articles only (headlines included)."""
    pool = {a.title: a.id for a in articles["id"]}
    for seed, split in ((2, "train"), (synthetic.EVAL_SEEDS + 2, "eval")):
        for record in pages(articles, "id", 8, seed):
            assert record["split"] == split == synthetic.split_of_seed(seed)
            assert is_dev(record["article"]) == (split == "eval")
            for section in record["sections"]:
                if section["item"] in ("on", "off") and section["text"] in pool:
                    assert is_dev(pool[section["text"]]) == (split == "eval")


@pytest.mark.shared_data
def test_command_line_writes_records(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages.jsonl.gz"
    assert synthetic.main(["--lang", "en", "--pages", "3", "--seed", "1", "--source", "text", "--limit", "250",
                           "--shared", str(shared_data), "--out", str(out)]) == 0
    with gzip.open(out, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    assert len(records) == 3
    for record in records:
        assert record["source"] == "text" and record["split"] == "train"
        check_record(record)


def test_cleaning_repairs_and_refuses() -> None:
    repaired = synthetic.clean_indonesian(
        ["JAKARTA, KOMPAS.com - Harga naik 39", "78 persen sejak pagi di pasar induk kota itu menurut data",
         "pedagang setempat.", "Warga mengeluh karena harga terus naik.", "Baca Juga :",
         "Pemerintah berjanji akan menurunkan harga minggu depan.", "Pedagang berharap pasokan kembali normal."]
    )  # fmt: skip
    assert repaired == (
        "Harga naik 39,78 persen sejak pagi di pasar induk kota itu menurut data pedagang setempat.",
        "Warga mengeluh karena harga terus naik.",
        "Pemerintah berjanji akan menurunkan harga minggu depan.",
        "Pedagang berharap pasokan kembali normal.",
    )
    assert synthetic.clean_indonesian(["Satu dua tiga empat.", "\", kata dia.", "Lima enam tujuh.", "Delapan sembilan."]) is None
    assert synthetic.clean_indonesian(["Terlalu pendek."]) is None


def test_unknown_layout_is_refused() -> None:
    article = synthetic.Article("x", "Judul berita yang cukup", ("Satu dua tiga.",) * 4, "news", "t")
    with pytest.raises(ValueError, match="not one of the id layouts"):
        next(synthetic.generate("id", 1, 1, articles=[article] * 3, layout="guardian"))
