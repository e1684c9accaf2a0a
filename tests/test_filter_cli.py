"""chaff filter: counts, summary, gzip, routing, resume after a kill."""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ID_PARAGRAPHS, PLAIN_TEXT_ID

import classifier.records
from classifier import score
from classifier.cli_filter import complete_lines, filter_command

PARAGRAPH = "The council met on {} to discuss the new bridge, the budget and the repairs to the old market hall."


def page(i: int, bait: bool = False) -> dict:
    title = "You won't believe this" if bait else f"Council meeting {i}"
    return {"id": i, "html": f"<html><head><title>{title}</title></head><body><p>{PARAGRAPH.format(i)}</p></body></html>"}


def write_jsonl(path: Path, records: list, extra_lines: tuple[str, ...] = ()) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in records)
        handle.writelines(line + "\n" for line in extra_lines)
    return path


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def invoke(*args: str):
    return CliRunner().invoke(filter_command, list(args))


def bait_by_title(page_: str | bytes, **_):
    """``score`` with a fake headline score: clickbait when the title says so."""
    from classifier.report import HeadlineResult, PageReport

    real = score(page_)
    rate = 0.95 if "believe" in real.title else 0.05
    return PageReport(real.title, real.lang, HeadlineResult(real.title, rate, "not_clickbait"), real.sections, (), real.content)


@pytest.fixture
def fake_clickbait(monkeypatch):
    monkeypatch.setattr(classifier.records, "score", bait_by_title)


def test_counts_and_summary(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [page(i) for i in range(4)], ("not json", '{"id": 9}'))
    result = invoke("--input", str(source), "--output", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0, result.output
    out = read_jsonl(tmp_path / "out.jsonl")
    assert len(out) == 6 and [r.get("id") for r in out[:4]] == [0, 1, 2, 3]
    assert out[4]["error"].endswith("in.jsonl:5: not JSON (Expecting value)")
    assert "6 records in, 6 out, 2 errors" in result.stderr and "pages/s" in result.stderr


def test_gzip_in_and_out(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl.gz", [page(i) for i in range(3)])
    result = invoke("--input", str(source), "--output", str(tmp_path / "out.jsonl.gz"), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in read_jsonl(tmp_path / "out.jsonl.gz")] == [0, 1, 2]


def test_text_field(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [{"text": PLAIN_TEXT_ID}])
    assert invoke("--input", str(source), "--output", str(tmp_path / "o.jsonl"), "--text-field", "text").exit_code == 0
    assert ID_PARAGRAPHS[1] in read_jsonl(tmp_path / "o.jsonl")[0]["content"]


@pytest.mark.parametrize(("mode", "kept", "note"), [("flag", 3, "1 flagged"), ("drop", 2, "1 dropped"), ("route", 2, "1 routed")])
def test_clickbait_handling(tmp_path, fake_clickbait, mode, kept, note):
    source = write_jsonl(tmp_path / "in.jsonl", [page(0), page(1, bait=True), page(2)])
    rejects = ["--rejects", str(tmp_path / "rejects.jsonl")] if mode == "route" else []
    result = invoke("--input", str(source), "--output", str(tmp_path / "out.jsonl"), "--max-clickbait", "0.5", "--on-clickbait", mode, *rejects)
    assert result.exit_code == 0, result.output
    assert len(read_jsonl(tmp_path / "out.jsonl")) == kept and note in result.stderr
    if mode == "route":
        assert [r["id"] for r in read_jsonl(tmp_path / "rejects.jsonl")] == [1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input", "missing.jsonl"], "missing.jsonl: No such file"),
        (["--input", "{in}", "--on-clickbait", "route"], "--on-clickbait route and --rejects FILE go together"),
        (["--input", "{in}", "--resume", "--on-clickbait", "drop"], "--resume counts output lines"),
        (["--input", "{in}", "--model-dir", "nowhere"], "nowhere: --model-dir is not a folder"),
    ],
)
def test_usage_and_input_errors_exit_1(tmp_path, args, message):
    source = write_jsonl(tmp_path / "in.jsonl", [page(0)])
    args = [a.replace("{in}", str(source)) for a in args]
    result = invoke(*args, "--output", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    [line] = [x for x in result.stderr.splitlines() if x.startswith("chaff: error:")]
    assert message in line


def test_complete_lines_cuts_a_partial_line(tmp_path):
    path = tmp_path / "o.jsonl"
    path.write_bytes(b'{"a": 1}\n{"a": 2}\n{"a"')
    assert complete_lines(str(path)) == 2 and path.read_bytes() == b'{"a": 1}\n{"a": 2}\n'
    assert complete_lines(str(tmp_path / "none.jsonl")) == 0


def test_resume_after_a_cut_equals_one_run(tmp_path, fake_clickbait):
    source = write_jsonl(tmp_path / "in.jsonl", [page(i, bait=i == 3) for i in range(6)])
    route = ["--max-clickbait", "0.5", "--on-clickbait", "route"]
    invoke("--input", str(source), "--output", str(tmp_path / "full.jsonl"), *route, "--rejects", str(tmp_path / "full.rej"))
    full = (tmp_path / "full.jsonl").read_bytes()
    # as if killed while writing record 5: records 0-2 out, 3 routed, half of 4
    cut = full.split(b"\n")
    (tmp_path / "out.jsonl").write_bytes(b"\n".join(cut[:3]) + b"\n" + cut[3][:20])
    (tmp_path / "out.rej").write_bytes((tmp_path / "full.rej").read_bytes())
    result = invoke("--input", str(source), "--output", str(tmp_path / "out.jsonl"), *route, "--rejects", str(tmp_path / "out.rej"), "--resume")
    assert result.exit_code == 0, result.output
    assert "4 skipped (resumed)" in result.stderr
    assert (tmp_path / "out.jsonl").read_bytes() == full
    assert (tmp_path / "out.rej").read_bytes() == (tmp_path / "full.rej").read_bytes()


SLOW_CHAFF = f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
import classifier.records, slow_analyzer
classifier.records.score = slow_analyzer.slow_score
from classifier.cli_filter import filter_command
filter_command.main(sys.argv[1:])
"""


@pytest.mark.slow
def lingering(marker: str, within: float) -> list[int]:
    """Processes whose command line holds ``marker``, still there after waiting up to ``within`` s."""
    deadline = time.monotonic() + within
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_resume_after_a_kill_equals_one_run(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [page(i) for i in range(10)])
    out = tmp_path / "out.jsonl"
    run = [sys.executable, "-c", SLOW_CHAFF, "--input", str(source), "--output", str(out), "--jobs", "2"]
    child = subprocess.Popen(run, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 3):
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert not lingering(str(out), within=30), "the killed run's workers are still running"
    interrupted = out.read_bytes().count(b"\n")
    assert 3 <= interrupted < 10
    assert subprocess.run([*run, "--resume"], stderr=subprocess.PIPE).returncode == 0
    invoke("--input", str(source), "--output", str(tmp_path / "full.jsonl"))
    assert out.read_bytes() == (tmp_path / "full.jsonl").read_bytes()


@pytest.mark.parametrize("how", ["same path", "relative path", "symlink", "hard link"])
def test_output_that_is_the_input_is_refused_before_truncating(tmp_path, monkeypatch, how):
    source = write_jsonl(tmp_path / "in.jsonl", [page(0)])
    before = source.read_bytes()
    if how == "same path":
        output = str(source)
    elif how == "relative path":
        monkeypatch.chdir(tmp_path)
        output = "./sub/../in.jsonl"
        (tmp_path / "sub").mkdir()
    elif how == "symlink":
        (tmp_path / "link.jsonl").symlink_to(source)
        output = str(tmp_path / "link.jsonl")
    else:
        (tmp_path / "hard.jsonl").hardlink_to(source)
        output = str(tmp_path / "hard.jsonl")
    result = invoke("--input", str(source), "--output", output)
    assert result.exit_code == 1
    [line] = [x for x in result.stderr.splitlines() if x.startswith("chaff: error:")]
    assert "--output is the same file as --input" in line
    assert source.read_bytes() == before


def test_rejects_that_is_the_output_is_refused(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [page(0)])
    out = str(tmp_path / "out.jsonl")
    result = invoke("--input", str(source), "--output", out, "--on-clickbait", "route", "--rejects", out)
    assert result.exit_code == 1 and "--rejects is the same file as --output" in result.stderr


POISON = (
    '{"id": "surrogate", "html": "<p>caf\\ud800 au lait</p>"}',
    '{"id": "digits", "n": ' + "1" * 4400 + "}",
    "[" * 100_000 + "]" * 100_000,
    '{"id": "nan", "html": NaN}',
    '{"id": "cr", "html": "<p>a\rb</p>"}',
)


def test_poison_records_pass_and_resume_passes_them(tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [json.dumps(page(0)), *POISON, json.dumps(page(1))]
    source.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n")
    full = tmp_path / "full.jsonl"
    result = invoke("--input", str(source), "--output", str(full))
    assert result.exit_code == 0, result.output
    out = [json.loads(line, parse_constant=lambda c: pytest.fail(c)) for line in full.read_text(encoding="utf-8").splitlines()]
    assert len(out) == len(lines)
    assert [r.get("id") for r in out] == [0, "surrogate", None, None, "nan", "cr", 1]
    assert "error" not in out[0] and "error" not in out[1] and "error" not in out[5] and "error" not in out[6]
    assert out[1]["repairs"] == {"lone_surrogates": 1}
    assert "4300 digits" in out[2]["error"] and "nested too deeply" in out[3]["error"]
    assert out[4]["html"] is None and out[4]["repairs"] == {"non_finite_numbers": 1}
    assert "4 errors" not in result.stderr and "3 errors" in result.stderr and "repaired" in result.stderr
    for cut in range(1, len(lines)):  # killed after any record: resume gives the same bytes
        partial = tmp_path / f"cut-{cut}.jsonl"
        partial.write_bytes(b"".join(full.read_bytes().splitlines(keepends=True)[:cut]))
        assert invoke("--input", str(source), "--output", str(partial), "--resume").exit_code == 0
        assert partial.read_bytes() == full.read_bytes()


def test_pickled_models_need_allow_pickle(tmp_path):
    import shutil

    import joblib

    from classifier import artifact

    models = tmp_path / "models"
    models.mkdir()
    sections = artifact.load_default("sections")
    joblib.dump({**sections, "format_version": 1}, models / "sections.joblib")
    shutil.copy(artifact.shipped_path("headlines"), models / "headlines.joblib")
    shutil.copy(artifact.shipped_path("offtopic"), models / "offtopic.chaff")  # a folder holds every model
    source = write_jsonl(tmp_path / "in.jsonl", [page(0)])
    args = ["--input", str(source), "--output", str(tmp_path / "out.jsonl"), "--model-dir", str(models)]
    result = invoke(*args)
    assert result.exit_code == 1 and "pickle/joblib model file" in result.stderr and "--allow-pickle" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()  # refused before any output is opened
    result = invoke(*args, "--allow-pickle")
    assert result.exit_code == 0, result.output
    assert "error" not in read_jsonl(tmp_path / "out.jsonl")[0]


def test_model_dir_without_the_headline_model_is_an_error(tmp_path):
    from classifier import artifact

    (tmp_path / "models").mkdir()
    artifact.save(artifact.load_default("sections"), tmp_path / "models" / "sections.chaff")
    source = write_jsonl(tmp_path / "in.jsonl", [page(0)])
    result = invoke("--input", str(source), "--output", str(tmp_path / "out.jsonl"), "--model-dir", str(tmp_path / "models"), "--jobs", "2")
    assert result.exit_code == 1
    assert "no headlines model in this folder" in result.stderr
