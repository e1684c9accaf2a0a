"""filter_records: one output per input, in order, errors in place, routing, workers, timeouts."""

from __future__ import annotations

import io
import json
import os
import time

import pytest

from classifier.records import Line, binary_share, filter_records, read_lines, repair, to_json_line
from classifier.report import HeadlineResult, PageReport

PAGE = "<html><head><title>Big news</title></head><body><h1>Big news</h1><p>{}</p></body></html>"


def fake_analyzer(page: str | bytes) -> PageReport:
    """A fast stand-in for classifier.score: the clickbait score is read from the page text."""
    text = page if isinstance(page, str) else page.decode()
    if "SLOW" in text:
        time.sleep(30)
    if "DIE" in text:
        os._exit(3)
    if "RAISE" in text:
        raise ValueError("boom")
    score = 0.9 if "BAIT" in text else 0.1
    headline = HeadlineResult("t", score, "clickbait" if score > 0.5 else "not_clickbait")
    return PageReport("t", "en", headline, (), (), text)


def pages(*bodies: str) -> list[dict]:
    return [{"id": i, "html": PAGE.format(body)} for i, body in enumerate(bodies)]


def run(records, **options) -> list[dict]:
    return list(filter_records(records, analyzer=fake_analyzer, **options))


def test_real_scorer_adds_the_fields():
    [out] = filter_records(pages("A long enough paragraph about the election results in the city today."))
    assert {"content", "clickbait_score", "inserted_links", "noise_sections", "lang"} <= out.keys()
    assert isinstance(out["noise_sections"], list) and "election" in out["content"]
    json.dumps(out)


def test_order_and_count_kept():
    records = pages(*(f"page {i}" for i in range(20)))
    out = run(records)
    assert [r["id"] for r in out] == list(range(20))
    assert all("error" not in r and r["lang"] == "en" for r in out)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"id": 1}, "record 1: no 'html' field"),
        ({"html": 42}, "record 1: field 'html' is int, expected a string"),
        ({"html": None}, "record 1: field 'html' is null"),
        ({"html": "\x00\x01\x02\x03 binary junk"}, "record 1: field 'html' is binary data, not a page"),
        ({"html": "\ufffd" * 50 + "<p>x</p>"}, "is not decodable text"),
        ({"html": "RAISE"}, "record 1: analysis failed (ValueError: boom)"),
    ],
)
def test_bad_records_get_an_error(record, message):
    [out] = run([record])
    assert message in out["error"]
    assert {k: out[k] for k in record} == record


def test_bad_json_lines_are_kept_in_place():
    stream = io.StringIO('{"html": "<p>ok</p>"}\n{not json\n\n[1, 2]\n{"html": "<p>two</p>"}\n')
    out = run(read_lines(stream, "in.jsonl"))
    assert len(out) == 4
    assert out[1]["error"].startswith("in.jsonl:2: not JSON") and out[1]["raw"] == "{not json"
    assert out[2] == {"raw": "[1, 2]", "error": "in.jsonl:4: not a JSON object"}
    assert "error" not in out[0] and "error" not in out[3]


def test_text_field():
    [out] = run([{"text": "Just text.\n\nMore text."}], text_field="text")
    assert out["content"] == "Just text.\n\nMore text."


def test_max_clickbait_routing():
    out = run(pages("calm", "BAIT", "calm"), max_clickbait=0.5)
    assert [r.get("rejected") for r in out] == [None, "clickbait", None]
    assert all("rejected" not in r for r in run(pages("BAIT")))


def test_unknown_clickbait_score_is_never_rejected():
    no_headline = lambda page: PageReport("t", None, None, (), (), "")  # noqa: E731
    [out] = filter_records(pages("x"), max_clickbait=0.0, analyzer=no_headline)
    assert out["clickbait_score"] is None and "rejected" not in out


def test_binary_share():
    assert binary_share("") == 0.0
    assert binary_share(b"\x00\x00ab") == 0.5


def test_two_jobs_match_one_job():
    records = pages(*(f"page {i}" for i in range(12)), "BAIT", "RAISE") + [{"nope": 1}]
    assert run(records, jobs=2, max_clickbait=0.5) == run(records, max_clickbait=0.5)


def test_timeout_is_reported_and_the_run_goes_on():
    out = run(pages("one", "SLOW", "three", "four"), jobs=2, timeout=1)
    assert out[1]["error"] == "record 2: timeout after 1 s"
    assert [r["id"] for r in out] == [0, 1, 2, 3]
    assert all("error" not in out[i] for i in (0, 2, 3))


def test_timeout_with_one_job_runs_in_a_worker():
    out = run(pages("SLOW", "after"), timeout=0.5)
    assert out[0]["error"].endswith("timeout after 0.5 s")
    assert "error" not in out[1]


def test_dead_worker_is_replaced_and_its_record_reported():
    out = run(pages("a", "DIE", "c", "DIE", "e", "f"), jobs=2)
    assert [r["id"] for r in out] == list(range(6))
    assert out[1]["error"] == "record 2: worker crashed (exit code 3)"
    assert out[3]["error"] == "record 4: worker crashed (exit code 3)"
    assert all("error" not in out[i] for i in (0, 2, 4, 5))


def test_lines_and_dicts_can_mix():
    out = run([Line('{"html": "<p>a</p>"}', 7, "f.jsonl"), {"html": 1}])
    assert "error" not in out[0] and out[1]["error"].startswith("record 2:")


# --- poison records: every failure is the record's error, output is always strict JSON ----------


def strict_json(line: str) -> dict:
    """Parse as strict JSON: no NaN/Infinity, and encodable as UTF-8 (no lone surrogates)."""
    line.encode("utf-8")
    return json.loads(line, parse_constant=lambda name: pytest.fail(f"{name} in output"))


def run_lines(*lines: str | bytes, **options) -> list[dict]:
    raw = b"".join((line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")) + b"\n" for line in lines)
    out = run(read_lines(io.BytesIO(raw), "in.jsonl"), **options)
    return [strict_json(to_json_line(record)) for record in out]


GOOD = '{"html": "<p>fine</p>"}'


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"html": "<p>x</p>", "n": ' + "9" * 5000 + "}", "in.jsonl:1: not JSON (Exceeds the limit (4300 digits)"),
        ("[" * 100_000 + "]" * 100_000, "in.jsonl:1: not JSON (nested too deeply)"),
        ('{"html": ' * 100_000, "in.jsonl:1: not JSON"),
        ("{not json", "in.jsonl:1: not JSON (Expecting property name"),
        ('"just a string"', "in.jsonl:1: not a JSON object"),
    ],
    ids=["4301+ digits", "100k deep", "100k deep unclosed", "broken", "not an object"],
)
def test_poison_lines_become_errors_and_the_run_goes_on(line, message):
    out = run_lines(line, GOOD)
    assert out[0]["error"].startswith(message)
    assert out[0]["raw"] == line  # the input is kept
    assert "error" not in out[1] and out[1]["content"] == "<p>fine</p>"


def test_lone_surrogates_are_replaced_and_counted():
    out = run_lines('{"html": "<p>caf\\ud800 au lait</p>", "title": "\\udfff"}', GOOD)
    assert "error" not in out[0]
    assert out[0]["title"] == "\ufffd" and "\ud800" not in out[0]["content"]  # the input's own title kept
    assert "chaff_title" in out[0]
    assert out[0]["repairs"] == {"lone_surrogates": 2}
    assert "repairs" not in out[1]


def test_nan_and_infinity_become_null_and_are_counted():
    out = run_lines('{"html": NaN, "x": [Infinity, -Infinity, 1.5]}')
    assert out[0]["html"] is None and out[0]["x"] == [None, None, 1.5]
    assert out[0]["error"] == "in.jsonl:1: field 'html' is null"
    assert out[0]["repairs"] == {"non_finite_numbers": 3}


def test_dict_records_with_nan_are_written_as_strict_json():
    [out] = run([{"html": float("nan"), "score": float("inf")}])
    line = to_json_line(out)
    assert strict_json(line) == {"html": None, "score": None, "error": "record 1: field 'html' is null", "repairs": {"non_finite_numbers": 2}}


def test_invalid_utf8_is_replaced_and_counted():
    out = run_lines(b'{"html": "<p>caf\xe9 \xff and a long enough paragraph</p>"}')
    assert out[0]["content"] == "<p>caf\ufffd \ufffd and a long enough paragraph</p>"
    assert out[0]["repairs"] == {"invalid_utf8": 2}


def test_carriage_return_inside_a_record_does_not_split_it():
    out = run_lines('{"html": "<p>one\rtwo</p>", "id": 1}', '{"html": "<p>crlf</p>", "id": 2}\r')
    assert [r.get("id") for r in out] == [1, 2]
    assert all("error" not in r for r in out)
    assert out[0]["content"] == "<p>one\rtwo</p>"


def test_a_byte_order_mark_at_the_start_is_dropped():
    out = run_lines(b"\xef\xbb\xbf" + GOOD.encode(), GOOD)
    assert all("error" not in r for r in out) and len(out) == 2


def test_line_numbers_count_blank_lines():
    out = run_lines(GOOD, "", "{broken")
    assert out[1]["error"].startswith("in.jsonl:3:")


def test_analysis_errors_are_one_line():
    [out] = run([{"html": "RAISE"}])
    assert "\n" not in out["error"]


def test_repair_leaves_clean_values_alone():
    value = {"a": ["x", 1, 2.5, None, True]}
    counts: dict[str, int] = {}
    assert repair(value, counts) == value and counts == {}


def test_poison_with_workers_matches_inline():
    lines = ['{"html": "<p>caf\\ud800</p>"}', "[" * 100_000, '{"html": NaN}', GOOD, "9" * 5000, '{"html": "RAISE"}']
    assert run_lines(*lines, jobs=2) == run_lines(*lines)
