"""annotate: chaff's fields as DataFrame columns, row for row."""

from __future__ import annotations

import pandas as pd
from test_records import PAGE, fake_analyzer

from classifier.frame import COLUMNS, annotate


def test_adds_every_column_row_for_row():
    df = pd.DataFrame({"html": [PAGE.format("calm"), PAGE.format("BAIT"), None]}, index=[10, 20, 30])
    out = annotate(df, analyzer=fake_analyzer, max_clickbait=0.5)
    assert list(out.columns) == ["html", *COLUMNS] and list(out.index) == [10, 20, 30]
    assert out["clickbait_score"].tolist()[:2] == [0.1, 0.9]
    assert out["rejected"].tolist()[:2] == [None, "clickbait"]
    assert out.loc[30, "error"] == "record 3: field 'html' is null"
    assert "html" in df.columns and "content" not in df.columns  # the input is left alone


def test_text_column_and_jobs():
    df = pd.DataFrame({"body": [f"Line {i}.\n\nMore." for i in range(6)]})
    one = annotate(df, "body", kind="text", analyzer=fake_analyzer)
    assert one.equals(annotate(df, "body", kind="text", jobs=2, analyzer=fake_analyzer))
    assert one["content"].tolist() == df["body"].tolist()


def test_empty_frame_keeps_the_schema():
    out = annotate(pd.DataFrame({"html": pd.Series([], dtype=object)}))
    assert list(out.columns) == ["html", *COLUMNS] and out["clickbait_score"].dtype == "float64"


def test_real_scorer():
    out = annotate(pd.DataFrame({"html": [PAGE.format("A paragraph about the council meeting on the new bridge budget.")]}))
    assert "bridge" in out.loc[0, "content"] and out.loc[0, "lang"] == "en"
