"""chaff as datatrove steps, run with datatrove's LocalPipelineExecutor on a small JSONL."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import ARTICLE_EN, ARTICLE_ID, EN_PARAGRAPHS, html_page

from classifier import extract, score

pytest.importorskip("datatrove")
pytest.importorskip("orjson")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from classifier.integrations.datatrove import ChaffExtractor, ChaffFilter

NAV_ONLY = html_page("<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>", title="Home")
BAIT_TITLE = "You Won't Believe What This Minister Did Next, Number 7 Will Shock You"
BAIT = html_page(f"<h1>{BAIT_TITLE}</h1>" + "".join(f"<p>{p}</p>" for p in EN_PARAGRAPHS), title=BAIT_TITLE)


def read_output(folder: Path) -> dict[str, dict]:
    documents = {}
    for path in folder.glob("*.jsonl.gz"):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                documents[record["id"]] = record
    return documents


def test_pipeline_with_the_local_executor(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    records = [("id", ARTICLE_ID), ("en", ARTICLE_EN), ("nav", NAV_ONLY), ("bait", BAIT)]
    for number, chunk in enumerate((records[:2], records[2:])):  # two files: one per task
        (pages / f"part{number}.jsonl").write_text(
            "".join(json.dumps({"id": i, "html": h}) + "\n" for i, h in chunk), encoding="utf-8"
        )
    limit = (score(ARTICLE_EN).headline.score + score(BAIT).headline.score) / 2
    assert score(ARTICLE_EN).headline.score < limit < score(BAIT).headline.score
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(pages), text_key="html"),
            ChaffExtractor(),
            ChaffFilter(max_clickbait=limit, min_words=10, exclusion_writer=JsonlWriter(str(tmp_path / "rejected"))),
            JsonlWriter(str(tmp_path / "clean")),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
        skip_completed=False,
    ).run()

    kept = read_output(tmp_path / "clean")
    assert set(kept) == {"id", "en"}
    assert kept["id"]["text"] == extract(ARTICLE_ID)
    metadata = kept["en"]["metadata"]
    assert metadata["title"] == "Floods damage roads in the north" and metadata["language"] == "en"
    assert metadata["clickbait_score"] == round(score(ARTICLE_EN).headline.score, 4)
    assert {"author", "date", "site_name", "noise_sections", "inserted_links"} <= set(metadata)

    rejected = read_output(tmp_path / "rejected")
    # the navigation-only page has no content: when nothing of it is kept, datatrove's extractor step drops the
    # empty document (its "dropped" stat); when a few words are kept, the filter rejects it as no_content
    expected = {"bait": "clickbait"} | ({"nav": "no_content"} if extract(NAV_ONLY) else {})
    assert {i: r["metadata"]["filter_reason"] for i, r in rejected.items()} == expected


def test_filter_without_the_extractor_scores_the_text():
    keep = ChaffFilter(max_clickbait=1.0)
    assert keep.filter(Document(text=ARTICLE_EN, id="en")) is True
    assert ChaffFilter(min_words=10).filter(Document(text=NAV_ONLY, id="nav")) == (False, "no_content")
    drop_all = ChaffFilter(max_clickbait=0.0)
    doc = Document(text=BAIT, id="bait")
    assert drop_all.filter(doc) == (False, "clickbait")
    assert doc.metadata["clickbait_score"] == round(score(BAIT).headline.score, 4)


def test_extractor_interface():
    assert ChaffExtractor().extract(ARTICLE_ID) == extract(ARTICLE_ID)
    text, metadata = ChaffExtractor().extract_with_metadata(ARTICLE_EN)
    assert text == extract(ARTICLE_EN) and metadata["title"] == "Floods damage roads in the north"
