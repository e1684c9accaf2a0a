"""Golden pages (tests/cases/pages.jsonl): what chaff must say about whole pages.

Each case: ``input`` (a file under the repository), ``expected`` (headline label, sections that
must be noise, inserted items with their off-topic flag, and ``content_from``: the index from which
every section that is not noise or an inserted item must be kept), ``expect`` (``pass`` or
``xfail`` for a known failure, run strictly, with ``known_failure`` saying what goes wrong).
"""

import json
from pathlib import Path

import pytest

from classifier import score

ROOT = Path(__file__).resolve().parents[1]
CASES = [json.loads(line) for line in (ROOT / "tests" / "cases" / "pages.jsonl").read_text().splitlines() if line]


def _params() -> list:
    return [
        pytest.param(case, id=case["label"], marks=[pytest.mark.xfail(strict=True)] if case["expect"] == "xfail" else [])
        for case in CASES
    ]


@pytest.mark.parametrize("case", _params())
def test_golden_page(case):
    expected = case["expected"]
    report = score((ROOT / case["input"]).read_bytes())
    labels = {s.text: s.label for s in report.sections}

    assert report.headline is not None and report.headline.label == expected["headline"]
    for text in expected["noise"]:
        assert labels[text] == "noise", text
    found = {link.text: link.off_topic for link in report.inserted_links}
    assert found == expected["inserted"]
    for text in expected["inserted"]:
        assert labels[text] == "noise" and text not in report.content
    if expected["content_from"] is not None:
        held_back = set(expected["noise"]) | set(expected["inserted"])
        story = [s for s in report.sections[expected["content_from"] :] if s.text not in held_back]
        assert [s.text for s in story if s.label != "content"] == []
