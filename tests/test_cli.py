"""The chaff command line, driven through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLE_EN, ARTICLE_ID, ID_NAV, ID_PARAGRAPHS, PLAIN_TEXT_ID

from classifier import artifact, extract
from classifier.cli import main

REPORT_KEYS = {
    "path", "title", "lang", "author", "date", "site_name", "headline", "sections", "inserted_links", "content",
    "empty_reason", "replaced", "limits",
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def pages(tmp_path) -> dict[str, Path]:
    paths = {"id": tmp_path / "id.html", "en": tmp_path / "en.html", "text": tmp_path / "plain.txt"}
    paths["id"].write_text(ARTICLE_ID, encoding="utf-8")
    paths["en"].write_text(ARTICLE_EN, encoding="utf-8")
    paths["text"].write_text(PLAIN_TEXT_ID, encoding="utf-8")
    return paths


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# --- help -------------------------------------------------------------------------------------


def test_help_lists_the_commands(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("score", "extract", "train", "evaluate"):
        assert command in result.stdout
    assert runner.invoke(main, ["-h"]).exit_code == 0
    sub = runner.invoke(main, ["train", "--help"])
    assert sub.exit_code == 0 and "sections" in sub.stdout


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert "chaff" in result.stdout


def test_usage_error_exits_2(runner):
    assert runner.invoke(main, ["score"]).exit_code == 2  # PATH is required
    assert runner.invoke(main, ["score", "--format", "xml", "x"]).exit_code == 2
    assert runner.invoke(main, ["no-such-command"]).exit_code == 2


# --- score ------------------------------------------------------------------------------------


def test_score_text_report(runner, pages):
    result = runner.invoke(main, ["score", str(pages["id"])])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"== {pages['id']}")
    assert "title: Presiden bertemu menteri luar negeri" in out
    assert "lang:  id" in out
    assert "noise" in out and "content" in out
    assert ID_PARAGRAPHS[0][:60] in out


def test_score_json_one_object(runner, pages):
    result = runner.invoke(main, ["score", "--format", "json", str(pages["id"])])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data) == REPORT_KEYS
    assert data["content"] == extract(ARTICLE_ID)
    assert all(p in data["content"] for p in ID_PARAGRAPHS)


def test_score_json_lines_for_several(runner, pages):
    result = runner.invoke(main, ["score", "--format", "json", *(str(p) for p in pages.values())])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    assert [r["lang"] for r in records] == ["id", "en", "id"]
    assert all(set(r) == REPORT_KEYS for r in records)


def test_score_reads_stdin(runner):
    result = runner.invoke(main, ["score", "--format", "json", "-"], input=ARTICLE_ID.encode("utf-8"))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Presiden bertemu menteri luar negeri"
    assert data["content"] == extract(ARTICLE_ID)


def test_score_missing_file_is_reported_and_others_still_processed(runner, pages, tmp_path):
    missing = tmp_path / "missing.html"
    result = runner.invoke(main, ["score", "--format", "json", str(pages["id"]), str(missing), str(pages["en"])])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["path"] for r in records] == [str(pages["id"]), str(missing), str(pages["en"])]
    assert [r.get("lang") for r in records] == ["id", None, "en"]
    assert set(records[1]) == {"path", "error"} and str(missing) in records[1]["error"]
    errors = error_lines(result)
    assert len(errors) == 1
    assert str(missing) in errors[0]
    assert errors[0].startswith("chaff: error:")
    assert "Traceback" not in result.output


def test_score_non_utf8_file(runner, tmp_path):
    path = tmp_path / "latin.html"
    path.write_bytes(b"<html><head><meta charset='iso-8859-1'></head><body><p>caf\xe9</p></body></html>")
    result = runner.invoke(main, ["score", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sections"][0]["text"] == "café"


def test_score_model_dir_must_be_a_folder(runner, pages, tmp_path):
    result = runner.invoke(main, ["score", "--model-dir", str(tmp_path / "nope"), str(pages["id"])])
    assert result.exit_code == 2
    assert "--model-dir" in result.output


# --- extract ----------------------------------------------------------------------------------


def test_extract_to_stdout(runner, pages):
    result = runner.invoke(main, ["extract", str(pages["text"])])
    assert result.exit_code == 0, result.output
    assert result.stdout == extract(PLAIN_TEXT_ID) + "\n"


def test_extract_to_file(runner, pages, tmp_path):
    out = tmp_path / "out.txt"
    result = runner.invoke(main, ["extract", "-o", str(out), str(pages["id"]), str(pages["en"])])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    written = out.read_text(encoding="utf-8")
    assert written == f"== {pages['id']}\n{extract(ARTICLE_ID)}\n\n== {pages['en']}\n{extract(ARTICLE_EN)}\n"
    assert all(p in written for p in ID_PARAGRAPHS)
    assert not any(line == word for line in written.splitlines() for word in ID_NAV)


def test_extract_missing_file(runner, pages, tmp_path):
    missing = tmp_path / "gone.txt"
    result = runner.invoke(main, ["extract", str(missing), str(pages["text"])])
    assert result.exit_code == 1
    assert result.stdout == f"== {pages['text']}\n" + extract(PLAIN_TEXT_ID) + "\n"
    errors = error_lines(result)
    assert len(errors) == 1 and str(missing) in errors[0]


# --- train / evaluate sections ----------------------------------------------------------------

STORY = (
    "Pemerintah daerah mengumumkan rencana pembangunan jalan baru yang akan menghubungkan dua kecamatan di wilayah utara.",
    "Menurut kepala dinas, proyek tersebut akan dimulai bulan depan dan diperkirakan selesai dalam waktu dua tahun.",
    "Warga setempat menyambut baik rencana itu karena jalan lama sering rusak saat musim hujan tiba.",
    "The council said the new road would cut travel times between the two districts by almost half.",
)
NOISE = ("Beranda", "Berita Terkini", "Baca Juga: Harga cabai naik", "Copyright 2024 Media", "Bagikan artikel ini", "Login | Daftar")


def sections_record(number: int) -> dict:
    story = [f"{text} Catatan nomor {number}." for text in STORY]
    items = [{"text": NOISE[number % len(NOISE)], "label": "noise", "kind": "navigation"}]
    items += [{"text": story[0], "label": "content"}, {"text": NOISE[(number + 2) % len(NOISE)], "label": "noise"}]
    items += [{"text": t, "label": "content"} for t in story[1:]]
    items += [{"text": NOISE[(number + 3) % len(NOISE)], "label": "noise"}, {"text": "   ", "label": "noise"}]
    return {"id": f"page-{number}", "lang": "id", "title": f"Jalan baru nomor {number}", "sections": items}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_train_and_evaluate_sections(runner, tmp_path):
    data = write_jsonl(tmp_path / "sections.jsonl", [sections_record(n) for n in range(8)])
    model = tmp_path / "models" / "sections.joblib"
    result = runner.invoke(
        main, ["train", "sections", "--data", str(data), "--out", str(model), "--folds", "2", "--threads", "1"]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["model"] == str(model)
    assert printed["pages"] == 8 and printed["folds"] == 2
    assert printed["sections"] == 8 * (len(STORY) + 3)  # the blank section is dropped
    assert 0.0 <= printed["cv_page_f1"] <= 1.0
    assert model.is_file()

    loaded = artifact.load(model, kind="sections")
    assert loaded["training_data"] == [{"name": str(data), "sha256": artifact.file_digest(data)}]
    assert len(loaded["feature_names"]) > 50

    result = runner.invoke(main, ["evaluate", "sections", "--data", str(data), "--model", str(model)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["pages"] == 8
    assert scores["sections"] == printed["sections"]
    assert scores["section_accuracy"] >= 0.9  # scored on its own training data
    assert scores["page_f1"] >= 0.9

    # the freshly trained model serves extract through --model-dir
    page = tmp_path / "page.txt"
    page.write_text("\n\n".join(("Beranda", *STORY, "Copyright 2024 Media")), encoding="utf-8")
    result = runner.invoke(main, ["extract", "--model-dir", str(model.parent), str(page)])
    assert result.exit_code == 0, result.output
    assert STORY[0] in result.stdout
    # score needs a headline model too: a folder without one is an error, never the shipped model
    result = runner.invoke(main, ["score", "--format", "json", "--model-dir", str(model.parent), str(page)])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert "no headlines model in this folder" in line


def test_train_sections_warns_on_a_small_set(runner, tmp_path):
    data = write_jsonl(tmp_path / "sections.jsonl", [sections_record(n) for n in range(6)])
    model = tmp_path / "small.joblib"
    result = runner.invoke(main, ["train", "sections", "--data", str(data), "--out", str(model), "--folds", "2",
                                  "--threads", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "warning" in result.stderr and "small set" in result.stderr
    assert artifact.load(model, kind="sections")["metrics"]["pages"] == 6


def test_evaluate_with_the_shipped_model(runner, tmp_path):
    data = write_jsonl(tmp_path / "sections.jsonl", [sections_record(n) for n in range(3)])
    result = runner.invoke(main, ["evaluate", "sections", "--data", str(data)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["pages"] == 3
    assert 0.0 <= scores["page_f1"] <= 1.0


def test_train_too_few_pages(runner, tmp_path):
    data = write_jsonl(tmp_path / "few.jsonl", [sections_record(n) for n in range(3)])
    result = runner.invoke(main, ["train", "sections", "--data", str(data), "--out", str(tmp_path / "m.joblib")])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert "3 labeled pages" in line and "--folds" in line
    assert not (tmp_path / "m.joblib").exists()


def test_train_single_class(runner, tmp_path):
    records = []
    for n in range(6):
        record = sections_record(n)
        record["sections"] = [s for s in record["sections"] if s["label"] == "content"]
        records.append(record)
    data = write_jsonl(tmp_path / "content_only.jsonl", records)
    result = runner.invoke(main, ["train", "sections", "--data", str(data), "--out", str(tmp_path / "m.joblib"), "--folds", "2"])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert "same label" in line and "content and noise" in line


def test_train_malformed_jsonl_names_file_and_line(runner, tmp_path):
    data = tmp_path / "broken.jsonl"
    good = json.dumps(sections_record(0))
    data.write_text(f"{good}\n\n{good}\n{{not json\n", encoding="utf-8")
    result = runner.invoke(main, ["train", "sections", "--data", str(data), "--out", str(tmp_path / "m.joblib")])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert f"{data}:4" in line
    assert "Traceback" not in result.output


def test_train_jsonl_line_that_is_not_an_object(runner, tmp_path):
    data = tmp_path / "list.jsonl"
    data.write_text('[1, 2]\n', encoding="utf-8")
    result = runner.invoke(main, ["evaluate", "sections", "--data", str(data)])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert f"{data}:1" in line and "not a JSON object" in line


def test_train_bad_section_label(runner, tmp_path):
    record = sections_record(0)
    record["sections"][0]["label"] = "maybe"
    data = write_jsonl(tmp_path / "bad_label.jsonl", [record])
    result = runner.invoke(main, ["train", "sections", "--data", str(data), "--out", str(tmp_path / "m.joblib")])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert "page-0" in line and "content or noise" in line


def test_train_missing_data_file(runner, tmp_path):
    missing = tmp_path / "nope.jsonl"
    result = runner.invoke(main, ["train", "sections", "--data", str(missing), "--out", str(tmp_path / "m.joblib")])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert str(missing) in line


def test_evaluate_with_a_non_model_file(runner, tmp_path):
    data = write_jsonl(tmp_path / "sections.jsonl", [sections_record(0)])
    fake = tmp_path / "fake.joblib"
    fake.write_bytes(b"definitely not a model")
    result = runner.invoke(main, ["evaluate", "sections", "--data", str(data), "--model", str(fake)])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert str(fake) in line and "not a chaff model" in line


def test_evaluate_empty_data(runner, tmp_path):
    data = tmp_path / "empty.jsonl"
    data.write_text("\n", encoding="utf-8")
    result = runner.invoke(main, ["evaluate", "sections", "--data", str(data)])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert str(data) in line


# --- train / evaluate headlines ---------------------------------------------------------------

HEADLINES_CSV = "text,label,lang\n" + "\n".join(
    f'"{text} {n}",{label},{lang}'
    for n in range(10)
    for text, label, lang in (
        ("Ternyata Begini Cara Artis Merawat Kulit, Kamu Wajib Coba", 1, "id"),
        ("DPR Gelar Paripurna Bahas RUU Perkoperasian", 0, "id"),
        ("You Won't Believe What Happened Next", 1, "en"),
        ("Parliament passes budget bill after long debate", 0, "en"),
    )
)


def test_train_and_evaluate_headlines(runner, tmp_path):
    data, model = tmp_path / "h.csv", tmp_path / "h.joblib"
    data.write_text(HEADLINES_CSV, encoding="utf-8")
    result = runner.invoke(main, ["train", "headlines", "--data", str(data), "--out", str(model)])
    assert result.exit_code == 0, result.output
    trained = artifact.load(model, kind="headlines")
    assert set(trained["pipeline"][-1].experts_) == {"*", "en", "id"}
    result = runner.invoke(main, ["evaluate", "headlines", "--data", str(data), "--model", str(model)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["rows"] == 40 and scores["accuracy"] >= 0.9  # scored on its own training data


def test_train_headlines_bad_csv_is_one_line(runner, tmp_path):
    data = tmp_path / "bad.csv"
    data.write_text(HEADLINES_CSV.replace("text,label,lang", "headline,label,lang"), encoding="utf-8")
    result = runner.invoke(main, ["train", "headlines", "--data", str(data), "--out", str(tmp_path / "m.joblib")])
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert "bad.csv" in line and "missing column" in line
