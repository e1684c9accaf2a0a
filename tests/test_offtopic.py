"""The off-topic pair model: named finite features, explanations, calibration, CLI round trip, the motivating page."""

from __future__ import annotations

import doctest
import importlib
import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from classifier import artifact
from classifier.cli import main
from classifier.config import Config
from classifier.features.pair import FEATURE_NAMES, FEATURES, Pair
from classifier.fit.offtopic import LabeledPairs, news_topic, off_topic_scores, read_pairs_csv, train
from classifier.models.offtopic import OffTopicModel

REPO_ROOT = Path(__file__).resolve().parents[1]
MOTIVATING = REPO_ROOT / "data" / "examples" / "motivating-id.txt"

ARTICLES = {
    "natuna": ("Menlu Panggil Dubes Tiongkok soal Kapal di Natuna",
               "Kementerian Luar Negeri memanggil Duta Besar Tiongkok setelah kapal penjaga pantai Tiongkok masuk "
               "perairan Natuna. Menlu Retno menyampaikan nota protes. Bakamla mengerahkan kapal patroli ke Natuna."),
    "banjir": ("Banjir Rendam Ribuan Rumah di Bekasi",
               "Banjir merendam ribuan rumah di Bekasi setelah hujan deras semalaman. BPBD Bekasi mengevakuasi warga "
               "ke posko pengungsian. Ketinggian air mencapai satu meter di perumahan warga Bekasi."),
    "election": ("Senate passes budget bill after long night",
                 "The Senate passed the budget bill early on Friday after a long night of debate. Senator Collins "
                 "said the budget would fund schools. The House will vote on the Senate budget next week."),
    "storm": ("Storm knocks out power across Florida",
              "A powerful storm knocked out power to thousands of homes across Florida on Monday. Utility crews in "
              "Florida worked to restore power. Governor DeSantis declared a state of emergency for the storm."),
}  # fmt: skip
HEADLINES = {
    "natuna": ("Bakamla Kerahkan Kapal Patroli ke Natuna", "Resep Rendang Padang yang Empuk dan Lezat"),
    "banjir": ("BPBD Bekasi Evakuasi Warga Korban Banjir", "Timnas U-23 Menang Telak atas Brunei"),
    "election": ("Senate budget bill heads to the House", "Ten best beaches to visit this summer"),
    "storm": ("Florida power crews restore homes after storm", "New smartphone launches with bigger battery"),
}  # fmt: skip


def small_pairs() -> LabeledPairs:
    pairs, labels, groups = [], [], []
    for key, (title, body) in ARTICLES.items():
        lang = "en" if key in ("election", "storm") else "id"
        on, off = HEADLINES[key]
        for headline, label in ((on, 0), (off, 1), (title, 0)):
            pairs.append(Pair(headline, title, body, lang))
            labels.append(label)
            groups.append(key)
    return LabeledPairs(pairs, np.array(labels), np.array(groups, dtype=object))


@pytest.fixture(scope="module")
def fitted() -> tuple[OffTopicModel, LabeledPairs]:
    data = small_pairs()
    return OffTopicModel().fit(data.pairs, data.labels), data


def test_features_are_named_documented_and_finite(fitted):
    model, data = fitted
    matrix = model.features_.transform(data.pairs + [Pair("", "", "", None), Pair("!!!", "", "x", "en")])
    assert matrix.shape == (len(data) + 2, len(FEATURES))
    assert np.isfinite(matrix).all()
    assert list(model.features_.get_feature_names_out()) == list(FEATURE_NAMES) == model.feature_names()
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES)
    assert all(f.__doc__ for f in FEATURES)


def test_fitted_state_is_numpy_arrays(fitted):
    model, _ = fitted
    features = model.features_
    for name in ("word_idf_", "char_idf_"):
        assert isinstance(getattr(features, name), np.ndarray)
    assert all(isinstance(a, np.ndarray) for a in features.topic_columns_ + features.topic_components_)


def test_explanations_sum_to_the_logit(fitted):
    model, data = fitted
    for pair in data.pairs[:4]:
        reasons = model.explain(pair)
        assert [name for name, _ in sorted(reasons)] == sorted(FEATURE_NAMES)
        total = model.intercept_ + sum(c for _, c in reasons)
        assert math.isclose(total, float(model.decision_function([pair])[0]), rel_tol=1e-9, abs_tol=1e-9)
        assert abs(reasons[0][1]) >= abs(reasons[-1][1])


def test_probabilities_and_separation(fitted):
    model, data = fitted
    proba = model.predict_proba(data.pairs)
    assert proba.shape == (len(data), 2) and np.allclose(proba.sum(axis=1), 1.0)
    assert proba[data.labels == 1, 1].min() > proba[data.labels == 0, 1].max()
    assert list(model.predict(data.pairs)) == list(data.labels)


def test_calibration_is_measured_in_cross_validation():
    built = train(small_pairs(), folds=2)
    scores = built["metrics"]["cross_validated"]
    assert 0.0 <= scores["ece"] <= 1.0 and 0.0 <= scores["f1"] <= 1.0
    assert scores["pairs"] == len(small_pairs())
    assert built["kind"] == "offtopic" and built["feature_names"] == list(FEATURE_NAMES)


def test_off_topic_scores_counts():
    scores = off_topic_scores([1, 1, 0, 0], [0.9, 0.1, 0.6, 0.2])
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 1, 1)
    assert scores["precision"] == scores["recall"] == scores["f1"] == 0.5
    assert math.isclose(scores["ece"], (0.1 + 0.9 + 0.6 + 0.2) / 4)


def test_news_topics_normalise_publisher_categories():
    assert news_topic("News", "Megapolitan") == "metro"
    assert news_topic("bola", None) == news_topic("Sports", "bola") == "sport"
    assert news_topic("nope", "nothing") is None


@pytest.mark.parametrize("name", ["classifier.features.pair", "classifier.fit.offtopic", "classifier.models.offtopic"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0


# --- CSV and CLI -------------------------------------------------------------------------------------


def write_csv(path: Path, rows: list[tuple[str, str, str]], header: str = "headline,article,label") -> Path:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header.split(","))
        writer.writerows(rows)
    return path


def csv_rows() -> list[tuple[str, str, str]]:
    data = small_pairs()
    return [(p.headline, f"{p.title}\n{p.body}", "off" if y else "on") for p, y in zip(data.pairs, data.labels)]


def test_read_pairs_csv_splits_title_and_detects_language(tmp_path):
    pairs = read_pairs_csv(str(write_csv(tmp_path / "p.csv", csv_rows())))
    assert len(pairs) == 12 and list(pairs.labels[:3]) == [0, 1, 0]
    assert pairs.pairs[0].title == ARTICLES["natuna"][0] and pairs.pairs[0].lang == "id"
    assert pairs.pairs[-1].lang == "en"


def test_cli_train_and_evaluate_round_trip(tmp_path):
    runner = CliRunner()
    data = write_csv(tmp_path / "pairs.csv", csv_rows())
    model = tmp_path / "offtopic.joblib"
    result = runner.invoke(main, ["train", "offtopic", "--data", str(data), "--out", str(model), "--folds", "2"])
    assert result.exit_code == 0, result.output
    assert '"cross_validated"' in result.output and model.is_file()
    loaded = artifact.load(model, kind="offtopic")
    assert isinstance(loaded["pipeline"], OffTopicModel)
    result = runner.invoke(main, ["evaluate", "offtopic", "--data", str(data), "--model", str(model)])
    assert result.exit_code == 0, result.output
    assert '"f1"' in result.output and '"ece"' in result.output


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        (csv_rows(), "headline,text,label", "missing column(s) article"),
        ([(h, a, "maybe") for h, a, _ in csv_rows()], "headline,article,label", "unknown label(s) 'maybe'"),
        ([(h, a, "on") for h, a, _ in csv_rows()], "headline,article,label", "every label is on"),
        (csv_rows()[:3], "headline,article,label", "need at least"),
    ],
)
def test_cli_bad_csv_is_one_line(tmp_path, rows, header, message):
    data = write_csv(tmp_path / "bad.csv", rows, header)
    for command in (["train", "offtopic", "--out", str(tmp_path / "m.joblib")], ["evaluate", "offtopic"]):
        result = CliRunner().invoke(main, [*command, "--data", str(data)])
        assert result.exit_code == 1
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and "bad.csv" in lines[0] and message in lines[0], lines


def test_cli_missing_csv_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "offtopic", "--data", str(tmp_path / "none.csv")])
    assert result.exit_code == 1 and "none.csv" in result.output


def test_evaluate_refuses_another_kind_of_model(tmp_path):
    data = write_csv(tmp_path / "pairs.csv", csv_rows())
    other = artifact.default_path("headlines")
    result = CliRunner().invoke(main, ["evaluate", "offtopic", "--data", str(data), "--model", str(other)])
    assert result.exit_code == 1 and "expected 'offtopic'" in result.output


# --- the shipped model on the motivating page ------------------------------------------------------


def motivating_pairs() -> dict[str, Pair]:
    lines = [line.strip() for line in MOTIVATING.read_text(encoding="utf-8").splitlines() if line.strip()]
    title = lines[0]
    items = [line for line in lines if line.startswith("Baca Juga:")]
    body = "\n".join(line for line in lines[1:] if line not in items and line != "Artikel Terkait")
    return {item.removeprefix("Baca Juga:").strip(): Pair(item.removeprefix("Baca Juga:").strip(), title, body, "id")
            for item in items}  # fmt: skip


def test_shipped_model_flags_only_the_unrelated_crime_headline():
    model = artifact.load_default("offtopic")["pipeline"]
    pairs = motivating_pairs()
    crime = [h for h in pairs if h.startswith("Polisi Tangkap")]
    same_story = [h for h in pairs if h not in crime]
    assert len(crime) == 1 and len(same_story) == 2
    proba = dict(zip(pairs, model.predict_proba(list(pairs.values()))[:, 1]))
    threshold = Config().off_topic_probability
    assert proba[crime[0]] >= threshold
    assert all(proba[h] < threshold for h in same_story), proba
    top, contribution = model.explain(pairs[crime[0]])[0]
    assert top == "word_overlap_idf" and contribution > 0  # its words are not the article's: off-topic
    top, contribution = model.explain(pairs[same_story[0]])[0]
    assert top == "word_overlap_idf" and contribution < 0


def test_skops_round_trip(fitted):
    sio = pytest.importorskip("skops.io")
    model, data = fitted
    blob = sio.dumps(model)
    loaded = sio.loads(blob, trusted=sio.get_untrusted_types(data=blob))
    assert np.allclose(loaded.predict_proba(data.pairs), model.predict_proba(data.pairs))
