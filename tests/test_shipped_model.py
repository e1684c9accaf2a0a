"""The shipped sections model: metadata, and loose quality floors on real pages (needs ../shared).

These are smoke floors only; the pinned quality gates live in benchmarks/. Note that the shipped
model was trained on indonesian-news among others, so these pages are in-sample for it.
"""

from __future__ import annotations

from statistics import mean

import numpy as np
import pytest
import sklearn
from conftest import ARTICLE_ID, read_pages

import classifier
from classifier import artifact, extract
from classifier.align import label_sections
from classifier.features.context import SectionFeatures
from classifier.fit.sections import attr_cues
from classifier.metrics import token_prf
from classifier.models.sections import SectionModel, content_proba
from classifier.parsing import parse, to_text

PAGES = 10
ORACLE_FLOOR = 0.9
EXTRACT_FLOOR = 0.7


@pytest.fixture(scope="module")
def model() -> dict:
    return artifact.load_default("sections")


def test_loads_with_metadata(model):
    assert model["format"] == "chaff-model"
    assert model["format_version"] == artifact.FORMAT_VERSION
    assert model["kind"] == "sections"
    assert isinstance(model["chaff_version"], str) and model["chaff_version"]
    assert model["sklearn_version"] == sklearn.__version__  # the shipped file matches the pinned sklearn
    assert isinstance(model["created"], str) and model["created"]
    assert isinstance(model["metrics"], dict) and model["metrics"]
    assert isinstance(model["training_data"], list) and model["training_data"]
    for item in model["training_data"]:
        assert item["name"]
        assert len(item["sha256"]) == 64


def test_feature_names_match_the_pipeline(model):
    names = model["feature_names"]
    assert len(names) == len(set(names))
    pipeline = model["pipeline"]
    assert isinstance(pipeline, SectionModel) and isinstance(pipeline.features, SectionFeatures)
    assert names == pipeline.feature_names()
    code = list(SectionFeatures(attr_cues()).fit(None).get_feature_names_out())
    assert names[: len(code)] == code  # code and model agree


def test_loaded_once_per_process(model):
    assert artifact.load_default("sections") is model


def test_predicts_probabilities(model):
    page = parse(ARTICLE_ID)
    proba, words = content_proba(page, model["pipeline"])
    assert proba.shape == words.shape == (len(page.sections),)
    assert np.all((proba >= 0) & (proba <= 1))
    assert content_proba(parse(""), model["pipeline"])[0].shape == (0,)


@pytest.fixture(scope="module")
def indonesian_pages(shared_data) -> list[dict]:
    path = shared_data / "extraction" / "indonesian-news" / "pages.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"needs {path}")
    pages = [r for r in read_pages(path) if r.get("gold_text")][:PAGES]
    assert len(pages) == PAGES
    return pages


@pytest.mark.shared_data
def test_alignment_oracle_f1(indonesian_pages):
    scores = []
    for record in indonesian_pages:
        page = parse(record["html"], lang_hint=record["lang"])
        labels = label_sections(page.sections, record["gold_text"])
        kept = "\n\n".join(s.text for s, keep in zip(page.sections, labels) if keep)
        scores.append(token_prf(kept, record["gold_text"]).f1)
    assert mean(scores) >= ORACLE_FLOOR, [round(s, 3) for s in scores]


@pytest.mark.shared_data
def test_extraction_f1_html(indonesian_pages):
    scores = [token_prf(extract(r["html"]), r["gold_text"]).f1 for r in indonesian_pages]
    assert mean(scores) >= EXTRACT_FLOOR, [round(s, 3) for s in scores]


@pytest.mark.shared_data
def test_extraction_f1_plain_text(indonesian_pages):
    # DESIGN.md: one model serves HTML and plain text; the same pages as plain text, gold unchanged
    scores = [token_prf(extract(to_text(parse(r["html"]))), r["gold_text"]).f1 for r in indonesian_pages]
    keep_all = [token_prf(to_text(parse(r["html"])), r["gold_text"]).f1 for r in indonesian_pages]
    assert mean(scores) >= EXTRACT_FLOOR, [round(s, 3) for s in scores]
    assert mean(scores) > mean(keep_all)  # better than the keep-everything baseline


@pytest.mark.shared_data
def test_extraction_from_raw_bytes_matches_str(indonesian_pages):
    record = indonesian_pages[0]
    assert classifier.extract(record["html"].encode("utf-8")) == classifier.extract(record["html"])
