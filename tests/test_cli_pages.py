"""``chaff score`` / ``chaff extract``: formats, --input-dir/--output-dir, --jobs, --model, --favor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLE_EN, ARTICLE_ID, EN_PARAGRAPHS, PLAIN_TEXT_ID

from classifier import artifact, extract, score
from classifier.cli import COMMANDS, main

SHIPPED_SECTIONS = str(artifact.default_path("sections"))
SHIPPED_HEADLINES = str(artifact.default_path("headlines"))
ARTICLE_KEYS = {"path", "title", "author", "date", "site_name", "lang", "content"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def pages(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    paths = {"id": folder / "id.html", "en": folder / "sub" / "en.html", "text": folder / "plain.txt"}
    paths["id"].write_text(ARTICLE_ID, encoding="utf-8")
    paths["en"].write_text(ARTICLE_EN, encoding="utf-8")
    paths["text"].write_text(PLAIN_TEXT_ID, encoding="utf-8")
    (folder / ".hidden.html").write_text(ARTICLE_EN, encoding="utf-8")
    return paths


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


# --- the group ----------------------------------------------------------------------------------


def test_help_summaries_match_the_commands(runner):
    """``chaff --help`` lists commands from COMMANDS without importing them; the summaries are theirs."""
    for name in COMMANDS:
        command = main.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None
        assert command.help is not None and command.help.startswith(COMMANDS[name][2])


def test_cli_import_is_cheap():
    """``import classifier`` and the CLI's import load none of the heavy libraries."""
    code = (
        "import sys, classifier, classifier.cli, classifier.cli.options\n"
        "heavy = [m for m in ('sklearn', 'pandas', 'lightgbm', 'scipy', 'numpy', 'lxml') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    help_run = subprocess.run([sys.executable, "-m", "classifier", "--help"], capture_output=True, text=True, check=True)
    assert "score" in help_run.stdout and "filter" in help_run.stdout


def test_lazy_public_names():
    import classifier

    assert classifier.score is score and "score" in dir(classifier)
    with pytest.raises(AttributeError, match="no_such_name"):
        classifier.no_such_name  # noqa: B018


# --- extract formats --------------------------------------------------------------------------


def test_extract_json_with_metadata(runner, pages):
    result = runner.invoke(main, ["extract", "--format", "json", str(pages["id"]), str(pages["en"])])
    assert result.exit_code == 0, result.output
    records = json_lines(result.stdout)
    assert [r["path"] for r in records] == [str(pages["id"]), str(pages["en"])]
    assert all(set(r) == ARTICLE_KEYS for r in records)
    assert records[0]["content"] == extract(ARTICLE_ID)
    assert records[0]["title"] == "Presiden bertemu menteri luar negeri" and records[0]["lang"] == "id"


def test_extract_json_with_score(runner, pages):
    result = runner.invoke(main, ["extract", "--format", "json", "--with-score", str(pages["en"])])
    assert result.exit_code == 0, result.output
    (record,) = json_lines(result.stdout)
    assert set(record) == ARTICLE_KEYS | {"clickbait_score"}
    assert record["clickbait_score"] == round(score(ARTICLE_EN).headline.score, 4)


def test_with_score_needs_json(runner, pages):
    result = runner.invoke(main, ["extract", "--with-score", str(pages["en"])])
    assert result.exit_code == 2 and "--format json" in result.output


def test_extract_markdown(runner, pages):
    result = runner.invoke(main, ["extract", "--format", "markdown", str(pages["en"])])
    assert result.exit_code == 0, result.output
    blocks = result.stdout.rstrip("\n").split("\n\n")
    assert all(p in blocks for p in EN_PARAGRAPHS)
    assert "# Floods damage roads in the north" in blocks


def test_extract_several_articles_are_separated(runner, pages):
    result = runner.invoke(main, ["extract", str(pages["text"]), str(pages["en"])])
    assert result.exit_code == 0, result.output
    first, second = result.stdout.split(f"\n== {pages['en']}\n")
    assert first == f"== {pages['text']}\n{extract(PLAIN_TEXT_ID)}\n"
    assert second == extract(ARTICLE_EN) + "\n"


def test_extract_json_failed_input_still_has_a_line(runner, pages, tmp_path):
    missing = tmp_path / "missing.html"
    result = runner.invoke(main, ["extract", "--format", "json", str(missing), str(pages["id"])])
    assert result.exit_code == 1
    records = json_lines(result.stdout)
    assert records[0] == {"path": str(missing), "error": f"{missing}: No such file or directory"}
    assert records[1]["path"] == str(pages["id"]) and records[1]["content"] == extract(ARTICLE_ID)
    (line,) = error_lines(result)
    assert line == f"chaff: error: {missing}: No such file or directory"


# --- input and output folders -----------------------------------------------------------------


def test_input_dir_to_output_dir_mirrors_names(runner, pages, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["extract", "--input-dir", str(tmp_path / "in"), "--output-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["id.txt", "plain.txt", "sub/en.txt"]  # hidden files skipped
    assert (out / "sub" / "en.txt").read_text(encoding="utf-8") == extract(ARTICLE_EN) + "\n"


def test_output_dir_suffix_by_format(runner, pages, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["score", "--format", "json", "--output-dir", str(out), str(pages["id"])])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "id.json").read_text(encoding="utf-8"))
    assert data["path"] == str(pages["id"]) and data["content"] == extract(ARTICLE_ID)
    result = runner.invoke(main, ["extract", "--format", "markdown", "--output-dir", str(out), str(pages["id"])])
    assert result.exit_code == 0 and (out / "id.md").is_file()
    result = runner.invoke(main, ["score", "--format", "html", "--output-dir", str(out), str(pages["id"])])
    assert result.exit_code == 0 and (out / "id.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_output_names_that_collide_are_refused(runner, tmp_path):
    (tmp_path / "a.html").write_text(ARTICLE_EN, encoding="utf-8")
    (tmp_path / "a.txt").write_text(PLAIN_TEXT_ID, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["extract", "--output-dir", str(out), str(tmp_path / "a.html"), str(tmp_path / "a.txt")])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert "a.html" in line and "a.txt" in line and "both be written" in line
    assert not out.exists()


def test_output_and_output_dir_together_is_a_usage_error(runner, pages, tmp_path):
    result = runner.invoke(main, ["extract", "-o", str(tmp_path / "x.txt"), "--output-dir", str(tmp_path / "o"), str(pages["id"])])
    assert result.exit_code == 2


def test_no_input_is_a_usage_error(runner, tmp_path):
    assert runner.invoke(main, ["extract"]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(main, ["score", "--input-dir", str(empty)])
    assert result.exit_code == 0 and result.stdout == ""


# --- jobs ---------------------------------------------------------------------------------------


def test_jobs_2_gives_the_same_lines_in_order(runner, pages, tmp_path):
    missing = tmp_path / "missing.html"
    args = ["score", "--format", "json", str(pages["id"]), str(missing), str(pages["text"]), str(pages["en"])]
    one = runner.invoke(main, args)
    two = runner.invoke(main, [*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1
    assert two.stdout == one.stdout
    assert [r["path"] for r in json_lines(two.stdout)] == [str(p) for p in (pages["id"], missing, pages["text"], pages["en"])]


def test_stdin_with_jobs(runner):
    result = runner.invoke(main, ["extract", "--jobs", "2", "-"], input=ARTICLE_ID.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert result.stdout == extract(ARTICLE_ID) + "\n"


# --- models -----------------------------------------------------------------------------------


def test_model_files_by_kind(runner, pages):
    base = runner.invoke(main, ["score", "--format", "json", str(pages["id"])])
    given = runner.invoke(
        main, ["score", "--format", "json", "--model", SHIPPED_HEADLINES, "--model", SHIPPED_SECTIONS, str(pages["id"])]
    )
    assert given.exit_code == 0, given.output
    assert given.stdout == base.stdout


def test_missing_model_file_is_an_error(runner, pages, tmp_path):
    result = runner.invoke(main, ["extract", "--model", str(tmp_path / "my-sections.joblib"), str(pages["id"])])
    assert result.exit_code == 2
    assert "my-sections.joblib" in result.output and "does not exist" in result.output


def test_non_model_file_is_one_line(runner, pages, tmp_path):
    fake = tmp_path / "fake.joblib"
    fake.write_bytes(b"not a model")
    result = runner.invoke(main, ["score", "--model", str(fake), str(pages["id"])])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert str(fake) in line and "not a chaff model" in line
    assert result.stdout == ""


def test_two_models_of_one_kind(runner, pages):
    result = runner.invoke(main, ["extract", "--model", SHIPPED_SECTIONS, "--model", SHIPPED_SECTIONS, str(pages["id"])])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert "a second sections model" in line


def test_model_dir_without_models_is_refused(runner, pages, tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "my-sections.joblib").write_bytes(b"")
    result = runner.invoke(main, ["extract", "--model-dir", str(tmp_path / "models"), str(pages["id"])])
    assert result.exit_code == 2
    assert "sections.chaff" in result.output and "--model FILE" in result.output


# --- favor ----------------------------------------------------------------------------------------


def test_favor_keeps_more_text_towards_recall(runner, pages):
    words = {
        favor: len(runner.invoke(main, ["extract", "--favor", favor, str(pages["id"])]).stdout.split())
        for favor in ("precision", "balanced", "recall")
    }
    assert 0 < words["precision"] <= words["balanced"] <= words["recall"]
    assert runner.invoke(main, ["extract", "--favor", "maximum", str(pages["id"])]).exit_code == 2


def test_unwritable_output_is_one_line_per_input(runner, pages, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "id.txt").mkdir()  # a folder where the output file should go
    result = runner.invoke(main, ["extract", "--output-dir", str(out), str(pages["id"]), str(pages["text"])])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert line.startswith(f"chaff: error: {pages['id']}: cannot write {out / 'id.txt'}")
    assert (out / "plain.txt").read_text(encoding="utf-8") == extract(PLAIN_TEXT_ID) + "\n"


def test_choices_repeated_for_a_cheap_help_agree_with_their_source():
    from classifier import config
    from classifier.cli import options

    assert options.FAVORS == config.FAVORS
    assert options.MODEL_FILES == tuple(artifact.DEFAULT_FILES.values())
