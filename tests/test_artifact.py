"""classifier.artifact: build/save/load round trip and refusal of foreign files."""

from __future__ import annotations

import os
import warnings
from datetime import datetime

import joblib
import numpy as np
import pytest
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

import classifier
from classifier import artifact
from classifier.errors import ChaffError, ModelFormatError

METADATA = (
    "format",
    "format_version",
    "kind",
    "chaff_version",
    "sklearn_version",
    "feature_names",
    "training_data",
    "metrics",
    "created",
    "pipeline",
)


@pytest.fixture(scope="module")
def fitted() -> Pipeline:
    X = np.array([[0.0, 1.0], [1.0, 0.0], [0.2, 0.9], [0.9, 0.1]])
    return Pipeline([("scale", StandardScaler()), ("model", LogisticRegression())]).fit(X, [0, 1, 0, 1])


@pytest.fixture
def built(fitted) -> dict:
    return artifact.build(
        fitted,
        kind="sections",
        training_data=[{"name": "toy", "rows": 4, "sha256": "0" * 64}],
        metrics={"cv_page_f1": 0.5},
        threshold=0.4,
    )


def test_build_has_every_metadata_field(built, fitted):
    assert set(METADATA) <= set(built)
    assert built["format"] == "chaff-model"
    assert built["format_version"] == artifact.FORMAT_VERSION
    assert built["kind"] == "sections"
    assert built["chaff_version"] == classifier.__version__
    assert built["sklearn_version"] == sklearn.__version__
    assert built["feature_names"] == ["x0", "x1"]
    assert built["training_data"] == [{"name": "toy", "rows": 4, "sha256": "0" * 64}]
    assert built["metrics"] == {"cv_page_f1": 0.5}
    assert datetime.fromisoformat(built["created"]).tzinfo is not None
    assert built["threshold"] == 0.4
    assert built["pipeline"] is fitted


def test_save_load_round_trip(tmp_path, built):
    path = artifact.save(built, tmp_path / "nested" / "model.joblib")
    assert path.is_file()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # same sklearn: no warning
        loaded = artifact.load(path, kind="sections")
    assert {k: v for k, v in loaded.items() if k != "pipeline"} == {k: v for k, v in built.items() if k != "pipeline"}
    X = np.array([[0.1, 0.8], [0.8, 0.3]])
    np.testing.assert_allclose(loaded["pipeline"].predict_proba(X), built["pipeline"].predict_proba(X))
    assert artifact.load(str(path))["kind"] == "sections"  # kind check is optional; str paths work


def test_file_digest(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"abc")
    assert artifact.file_digest(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def assert_refused(path, match: str, **kwargs) -> ModelFormatError:
    with pytest.raises(ModelFormatError, match=match) as info:
        artifact.load(path, **kwargs)
    message = str(info.value)
    assert str(path) in message, f"message does not name the file: {message!r}"
    assert "\n" not in message
    assert isinstance(info.value, ChaffError)
    return info.value


def test_missing_file(tmp_path):
    assert_refused(tmp_path / "absent.joblib", "no such model file")


def test_non_chaff_joblib_file(tmp_path, fitted):
    path = tmp_path / "bare.joblib"
    joblib.dump(fitted, path)  # a bare pipeline, the jusText/dragnet way
    assert_refused(path, "not a chaff model")


def test_foreign_dict_joblib_file(tmp_path):
    path = tmp_path / "dict.joblib"
    joblib.dump({"format": "other-model", "pipeline": None}, path)
    assert_refused(path, "not a chaff model")


def test_random_bytes_file(tmp_path):
    path = tmp_path / "noise.joblib"
    path.write_bytes(np.random.default_rng(0).bytes(4096))
    assert_refused(path, "not a chaff model")


def test_text_file_and_empty_file(tmp_path):
    text = tmp_path / "model.txt"
    text.write_text("hello, I am not a model\n")
    assert_refused(text, "not a chaff model")
    empty = tmp_path / "empty.joblib"
    empty.write_bytes(b"")
    assert_refused(empty, "not a chaff model")


def test_directory_instead_of_file(tmp_path):
    assert_refused(tmp_path, "not a chaff model|no such model")


def test_wrong_format_version(tmp_path, built):
    path = artifact.save({**built, "format_version": 99}, tmp_path / "future.joblib")
    error = assert_refused(path, "format version 99")
    assert "version 1" in str(error)
    assert "chaff train" in str(error)  # says what to do


def test_missing_format_version(tmp_path, built):
    old = {k: v for k, v in built.items() if k != "format_version"}
    path = artifact.save(old, tmp_path / "old.joblib")
    assert_refused(path, "format version None")


def test_wrong_kind(tmp_path, built):
    path = artifact.save({**built, "kind": "headlines"}, tmp_path / "headlines.joblib")
    error = assert_refused(path, "'headlines' model", kind="sections")
    assert "'sections'" in str(error)
    assert artifact.load(path, kind="headlines")["kind"] == "headlines"


def test_sklearn_version_mismatch_warns(tmp_path, built):
    path = artifact.save({**built, "sklearn_version": "0.0.1"}, tmp_path / "old_sklearn.joblib")
    with pytest.warns(UserWarning, match="scikit-learn 0.0.1") as record:
        loaded = artifact.load(path, kind="sections")
    assert str(path) in str(record[0].message)
    assert sklearn.__version__ in str(record[0].message)
    assert loaded["kind"] == "sections"


def test_default_path_and_model_dir(tmp_path, built):
    assert artifact.default_path("sections").name == "sections.joblib"
    assert artifact.default_path("sections").is_file()
    # a folder without a model of that kind falls back to the shipped one
    assert artifact.default_path("headlines", tmp_path) == artifact.default_path("headlines")
    artifact.save(built, tmp_path / "sections.joblib")
    assert artifact.default_path("sections", tmp_path) == tmp_path / "sections.joblib"
    loaded = artifact.load_default("sections", str(tmp_path))
    assert loaded["training_data"] == built["training_data"]
    assert artifact.load_default("sections", str(tmp_path)) is loaded  # cached once per process


def test_load_missing_model_file(tmp_path):
    with pytest.raises(ModelFormatError, match="no such model file"):
        artifact.load(tmp_path / "nothing-here" / "sections.joblib")
