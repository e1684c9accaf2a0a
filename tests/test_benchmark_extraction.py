"""The extraction benchmark's core: rendering, running extractors, scoring, aggregation (no shared data needed)."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "extraction.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("benchmark_extraction", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


ARTICLE = " ".join(
    f"Paragraph {i} of the harbour story: the council voted on the new ferry timetable after a long debate "
    "about fares, night crossings and the old pier that needs repairs before winter." for i in range(6)
)
PAGES = {
    "article": (
        "<html><head><title>Ferry vote</title><style>p {color: red}</style><script>var tracking = 1;</script></head>"
        "<body><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        "<article><h1>Council votes on ferry timetable</h1>"
        + "".join(f"<p>{sentence}.</p>" for sentence in ARTICLE.split(". ") if sentence)
        + "</article><footer>Copyright 2024 Harbour Times</footer></body></html>",
        "Council votes on ferry timetable\n" + ARTICLE,
    ),
    "brs": (
        "<html><body><div>first line<br>same paragraph<br><br>second paragraph</div>"
        "<div hidden>hidden words</div><div style='display: none'>more hidden</div><!-- a comment --></body></html>",
        "first line same paragraph\nsecond paragraph",
    ),
    "empty-gold": ("<html><body><p>Just a portal index page.</p></body></html>", ""),
}


def items(bench, dataset_of=lambda name: "a" if name != "brs" else "b"):
    return [bench.Item(name, dataset_of(name), "en", html, gold) for name, (html, gold) in PAGES.items()]


def test_plain_text_keeps_visible_blocks_only(bench):
    text = bench.plain_text(PAGES["brs"][0])
    assert text == "first line same paragraph\n\nsecond paragraph"
    article = bench.plain_text(PAGES["article"][0])
    assert "tracking" not in article and "color" not in article and "Ferry vote" not in article
    assert article.split("\n\n")[:2] == ["Home News Sport", "Council votes on ferry timetable"]


def test_plain_text_of_odd_input(bench):
    assert bench.plain_text("") == ""
    assert bench.plain_text("<?xml version='1.0' encoding='utf-8'?><p>x</p>") == "x"


def test_keep_everything_and_trafilatura_scores(bench):
    pytest.importorskip("trafilatura")
    for name in ("keep-everything", "trafilatura"):
        extractor = bench.bind(name, "html")
        results = {item.id: bench.score_page(extractor, item) for item in items(bench)}
        assert all(r.error is None for r in results.values())
        assert all(0.0 <= r.f1 <= 1.0 and r.seconds >= 0 for r in results.values())
        assert results["article"].recall > 0.9
        assert results["empty-gold"].gold_empty and results["empty-gold"].f1 == 0.0
    keep = bench.score_page(bench.bind("keep-everything", "html"), items(bench)[0])
    assert keep.recall == 1.0 and keep.precision < 1.0  # nav and footer words cost precision


def test_text_mode_baseline_is_the_input(bench):
    item = bench.Item("t", "a", "en", "one two\n\nthree", "one two three")
    result = bench.score_page(bench.bind("keep-everything", "text"), item)
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)


def test_aggregation_means(bench):
    R = bench.PageResult
    results = [
        R("a", 1.0, 1.0, 1.0, 0.5),
        R("a", 0.5, 0.5, 0.5, 0.5),
        R("b", 0.0, 0.0, 0.0, 1.0, error="ValueError: x", output_empty=True),
    ]
    report = bench.aggregate(results)
    assert report["datasets"]["a"]["f1"] == pytest.approx(0.75)
    assert report["datasets"]["b"]["f1"] == 0.0
    assert report["macro"]["f1"] == pytest.approx(0.375)  # mean of the data set means
    assert report["pooled"]["f1"] == pytest.approx(0.5)  # mean over the three pages
    assert report["pooled"]["pages"] == 3 and report["pooled"]["seconds"] == pytest.approx(2.0)
    assert report["pooled"]["pages_per_s"] == pytest.approx(1.5)
    assert report["datasets"]["a"]["pages_per_s"] == pytest.approx(2.0)
    assert report["pooled"]["errors"] == 1 and report["datasets"]["a"]["errors"] == 0


def test_failing_extractor_gives_empty_output_and_an_error(bench):
    calls = []

    def broken(page, lang, dataset=""):
        calls.append(page)
        if "ferry" in page:
            raise RuntimeError("boom")
        return page

    results = [bench.score_page(broken, item) for item in items(bench)]
    assert len(calls) == 3  # the failure did not stop the run
    failed = results[0]
    assert failed.error == "RuntimeError: boom" and failed.output_empty and failed.f1 == 0.0
    assert results[1].error is None and results[1].f1 > 0
    summary = bench.aggregate(results)
    assert summary["pooled"]["errors"] == 1 and summary["datasets"]["a"]["errors"] == 1


def test_non_string_output_counts_as_error(bench):
    result = bench.score_page(lambda page, lang, dataset="": None, items(bench)[0])
    assert result.error.startswith("TypeError") and result.f1 == 0.0


def test_empty_gold_counts_correctly_empty_outputs(bench):
    item = items(bench)[2]
    silent = bench.score_page(lambda page, lang, dataset="": "", item)
    chatty = bench.score_page(lambda page, lang, dataset="": "words", item)
    summary = bench.summarize([silent, chatty])
    assert summary["empty_gold"] == 2 and summary["correctly_empty"] == 1 and summary["f1"] == 0.0


def test_iter_records_skips_null_gold_limits_and_splits(bench, tmp_path):
    from training.split import is_dev

    ids = [f"page-{i}" for i in range(40)]
    records = [{"id": i, "dataset": "toy", "url": None, "lang": "en", "html": "<p>x</p>", "gold_text": "x"} for i in ids]
    records[0]["gold_text"] = None
    (tmp_path / "toy").mkdir()
    with gzip.open(tmp_path / "toy" / "pages.jsonl.gz", "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in records)
    assert [r["id"] for r in bench.iter_records(tmp_path, ["toy"])] == ids[1:]
    assert len(list(bench.iter_records(tmp_path, ["toy"], limit=5))) == 5
    dev = [r["id"] for r in bench.iter_records(tmp_path, ["toy"], split="dev")]
    assert dev and dev == [i for i in ids[1:] if is_dev(i)]


def test_run_extractor_reports_pages_and_memory(bench):
    result = bench.run_extractor("keep-everything", bench.bind("keep-everything", "html"), items(bench))
    assert len(result["pages"]) == 3 and result["peak_rss_mb"] >= result["warm_rss_mb"] > 0
    assert bench.aggregate([bench.PageResult(**p) for p in result["pages"]])["pooled"]["pages"] == 3


def test_huge_page_generator(bench):
    html, gold = bench.huge_page(0.05)
    assert len(html) >= 50_000 and "<nav" in html
    paragraphs = gold.split("\n")
    assert len(paragraphs) > 10 and all(p in html for p in paragraphs[:5])
    assert bench.huge_page(0.05) == (html, gold)  # deterministic


def test_markdown_tables(bench):
    runs = {"keep-everything": bench.aggregate([bench.PageResult("a", 0.5, 1.0, 0.667, 0.1)])
            | {"warm_rss_mb": 20.0, "peak_rss_mb": 30.0, "error_examples": []}}
    report = {"command": "x", "created": "now", "versions": {}, "mode": "html", "split": "all",
              "datasets": ["a", "b"], "extractors": runs, "skipped": {"chaff": "not importable"}, "failed": {}}
    text = bench.markdown(report)
    assert "| a | 1 | 0.667 |" in text and "| **mean over data sets** | 1 | 0.667 |" in text
    assert "Not run: **chaff**" in text and "| keep-everything | 1 | 0.1 | 10.0 | 30 | 20 | 0 | 0 |" in text


def test_catastrophic_pages_are_counted_against_keep_everything(bench):
    pages = lambda *f1s: {"pages": [{"f1": f} for f in f1s]}  # noqa: E731
    raw = {"keep-everything": pages(0.9, 0.4, 0.8), "chaff": pages(0.1, 0.1, 0.95), "other": {"failed": "x"}}
    assert bench.catastrophic(raw) == {"keep-everything": 0, "chaff": 1}
    assert bench.catastrophic({"chaff": pages(0.1)}) == {}

