"""classifier.artifact: build/save/load round trip, refusal of foreign, damaged, unsafe and malformed files."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import warnings
import zipfile
from datetime import datetime

import joblib
import numpy as np
import pytest
import sklearn
import skops.io as sio
from sklearn.base import BaseEstimator
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
    path = artifact.save(built, tmp_path / "nested" / "model.chaff")
    assert path.is_file()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # same sklearn: no warning
        loaded = artifact.load(path, kind="sections")
    assert {k: v for k, v in loaded.items() if k != "pipeline"} == {k: v for k, v in built.items() if k != "pipeline"}
    X = np.array([[0.1, 0.8], [0.8, 0.3]])
    np.testing.assert_allclose(loaded["pipeline"].predict_proba(X), built["pipeline"].predict_proba(X))
    assert artifact.load(str(path))["kind"] == "sections"  # kind check is optional; str paths work


def test_file_is_a_zip_of_json_metadata_and_a_checksummed_skops_payload(tmp_path, built):
    path = artifact.save(built, tmp_path / "model.chaff")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["metadata.json", "payload.skops"]
        metadata = json.loads(archive.read("metadata.json"))
        payload = archive.read("payload.skops")
    assert metadata["format"] == "chaff-model" and metadata["threshold"] == 0.4
    assert metadata["payload"] == {"sha256": hashlib.sha256(payload).hexdigest(), "size": len(payload), "fields": ["pipeline"]}
    assert "pipeline" not in metadata


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


def write_container(path, metadata: dict, payload: bytes, *, checksum: bytes | None = None) -> None:
    """A model file written by hand: ``metadata`` plus a payload whose recorded checksum is of ``checksum``."""
    described = checksum if checksum is not None else payload
    metadata = {**metadata, "payload": {"sha256": hashlib.sha256(described).hexdigest(), "size": len(described)}}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("metadata.json", json.dumps(metadata))
        archive.writestr("payload.skops", payload)


def metadata_of(built: dict) -> dict:
    return {k: v for k, v in built.items() if k != "pipeline"}


def test_missing_file(tmp_path):
    assert_refused(tmp_path / "absent.chaff", "no such model file")


def test_random_bytes_file(tmp_path):
    path = tmp_path / "noise.chaff"
    path.write_bytes(np.random.default_rng(0).bytes(4096))
    assert_refused(path, "not a chaff model")


def test_text_file_and_empty_file(tmp_path):
    text = tmp_path / "model.txt"
    text.write_text("hello, I am not a model\n")
    assert_refused(text, "not a chaff model")
    empty = tmp_path / "empty.chaff"
    empty.write_bytes(b"")
    assert_refused(empty, "not a chaff model")


def test_directory_instead_of_file(tmp_path):
    assert_refused(tmp_path, "not a chaff model|no such model")


def test_a_zip_that_is_not_a_model(tmp_path, fitted):
    bare = tmp_path / "bare.skops"
    sio.dump(fitted, bare)  # a bare skops file (itself a zip)
    assert_refused(bare, "not a chaff model")


@pytest.mark.parametrize("keep", [-1, -100, 0.5])
def test_truncated_file_is_refused(tmp_path, built, keep):
    path = artifact.save(built, tmp_path / "model.chaff")
    data = path.read_bytes()
    path.write_bytes(data[: keep if isinstance(keep, int) else int(len(data) * keep)])
    assert_refused(path, "damaged")


def test_altered_payload_fails_its_checksum_before_loading(tmp_path, built, monkeypatch):
    payload = sio.dumps({"pipeline": built["pipeline"]})
    path = tmp_path / "altered.chaff"
    write_container(path, metadata_of(built), payload, checksum=payload[:-1] + b"x")
    monkeypatch.setattr(sio, "loads", lambda *a, **k: pytest.fail("deserialised before the checksum"))
    monkeypatch.setattr(sio, "get_untrusted_types", lambda *a, **k: pytest.fail("read before the checksum"))
    assert_refused(path, "SHA-256 checksum")


def test_untrusted_type_is_refused_naming_it(tmp_path, built):
    path = tmp_path / "evil.chaff"
    write_container(path, metadata_of(built), sio.dumps({"pipeline": built["pipeline"], "hook": os.system}))
    error = assert_refused(path, "untrusted type")
    assert "system" in str(error)


class Marker(BaseEstimator):
    """A class outside the allow-list (skops would have to import and build it)."""


def test_unknown_class_is_refused(tmp_path, built):
    path = tmp_path / "unknown.chaff"
    write_container(path, metadata_of(built), sio.dumps({"pipeline": built["pipeline"], "extra": Marker()}))
    assert_refused(path, "untrusted type test_artifact.Marker")


def test_save_refuses_what_load_would_refuse(tmp_path, built):
    with pytest.raises(ModelFormatError, match="TRUSTED_TYPES"):
        artifact.save({**built, "extra": Marker()}, tmp_path / "m.chaff")
    assert not (tmp_path / "m.chaff").exists()


class RunsCode:
    """A pickle that creates a file when unpickled."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("dump", ["pickle", "joblib"])
def test_pickles_are_refused_without_running_them(tmp_path, built, dump):
    marker = tmp_path / "ran"
    path = tmp_path / "model.joblib"
    evil = {**built, "format_version": 1, "extra": RunsCode(str(marker))}
    if dump == "pickle":
        path.write_bytes(pickle.dumps(evil))
    else:
        joblib.dump(evil, path, compress=("zlib", 6))
    error = assert_refused(path, "pickle/joblib model file")
    assert "allow_pickle=True" in str(error) and "--allow-pickle" in str(error)
    assert not marker.exists()


def test_legacy_pickle_loads_with_allow_pickle(tmp_path, built):
    path = tmp_path / "old.joblib"
    joblib.dump({**built, "format_version": 1}, path, compress=("zlib", 6))
    assert artifact.load(path, kind="sections", allow_pickle=True)["threshold"] == 0.4
    converted = artifact.convert(path, tmp_path / "new.chaff", kind="sections")
    assert artifact.load(converted)["format_version"] == artifact.FORMAT_VERSION


def test_non_chaff_pickles_are_refused_even_when_allowed(tmp_path, fitted):
    bare = tmp_path / "bare.joblib"
    joblib.dump(fitted, bare)  # a bare pipeline, the jusText/dragnet way
    assert_refused(bare, "not a chaff model", allow_pickle=True)
    foreign = tmp_path / "dict.joblib"
    joblib.dump({"format": "other-model", "pipeline": None}, foreign)
    assert_refused(foreign, "not a chaff model", allow_pickle=True)


def test_wrong_format_version(tmp_path, built):
    path = tmp_path / "future.chaff"
    write_container(path, {**metadata_of(built), "format_version": 99}, sio.dumps({"pipeline": built["pipeline"]}))
    error = assert_refused(path, "format version 99")
    assert f"version {artifact.FORMAT_VERSION}" in str(error)
    assert "chaff train" in str(error)  # says what to do


def test_missing_format_version(tmp_path, built):
    old = {k: v for k, v in metadata_of(built).items() if k != "format_version"}
    path = tmp_path / "old.chaff"
    write_container(path, old, sio.dumps({"pipeline": built["pipeline"]}))
    assert_refused(path, "format version None")


def test_wrong_kind(tmp_path, built):
    path = artifact.save({**built, "kind": "headlines"}, tmp_path / "headlines.chaff")
    error = assert_refused(path, "'headlines' model", kind="sections")
    assert "'sections'" in str(error)
    assert artifact.load(path, kind="headlines")["kind"] == "headlines"


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"kind": "sentiment"}, "unknown model kind 'sentiment'"),
        ({"kind": None}, "field 'kind' is missing"),
        ({"metrics": [1, 2]}, "field 'metrics' is missing or not a dict"),
        ({"feature_names": "x0,x1"}, "field 'feature_names'"),
        ({"feature_names": [0, 1]}, "not a list of strings"),
        ({"feature_names": ["a", "b"]}, "features differ"),
        ({"created": 5}, "field 'created'"),
    ],
)
def test_malformed_metadata_fields(tmp_path, built, change, match):
    path = tmp_path / "bad.chaff"
    metadata = {k: v for k, v in {**metadata_of(built), **change}.items() if v is not None}
    write_container(path, metadata, sio.dumps({"pipeline": built["pipeline"]}))
    assert_refused(path, match)


@pytest.mark.parametrize(
    "payload",
    [{}, {"pipeline": None}, {"pipeline": LogisticRegression()}, {"pipeline": {"steps": []}}, [1, 2]],
    ids=["no pipeline", "null pipeline", "bare estimator", "dict", "list"],
)
def test_malformed_pipelines(tmp_path, built, payload):
    path = tmp_path / "bad.chaff"
    write_container(path, metadata_of(built), sio.dumps(payload))
    assert_refused(path, "pipeline|payload is not a dict")


def test_save_without_a_pipeline(tmp_path, built):
    with pytest.raises(ModelFormatError, match="no pipeline"):
        artifact.save({**built, "pipeline": None}, tmp_path / "m.chaff")


def test_sklearn_version_mismatch_warns(tmp_path, built):
    path = artifact.save({**built, "sklearn_version": "0.0.1"}, tmp_path / "old_sklearn.chaff")
    with pytest.warns(UserWarning, match="scikit-learn 0.0.1") as record:
        loaded = artifact.load(path, kind="sections")
    assert str(path) in str(record[0].message)
    assert sklearn.__version__ in str(record[0].message)
    assert loaded["kind"] == "sections"


def test_default_path_and_model_dir(tmp_path, built):
    assert artifact.default_path("sections").name == "sections.chaff"
    assert artifact.default_path("sections").is_file()
    artifact.save(built, tmp_path / "sections.chaff")
    assert artifact.default_path("sections", tmp_path) == tmp_path / "sections.chaff"
    loaded = artifact.load_default("sections", str(tmp_path))
    assert loaded["training_data"] == built["training_data"]
    assert artifact.load_default("sections", str(tmp_path)) is loaded  # cached once per process


def test_model_dir_without_the_model_is_an_error(tmp_path, built):
    artifact.save(built, tmp_path / "my-sections.chaff")  # not the expected name
    with pytest.raises(ModelFormatError, match=r"no headlines model in this folder \(expected headlines.chaff\)") as info:
        artifact.load_default("headlines", str(tmp_path))
    assert str(tmp_path) in str(info.value)
    with pytest.raises(ModelFormatError, match="no sections model"):
        artifact.default_path("sections", tmp_path)
    with pytest.raises(ModelFormatError, match="not a folder"):
        artifact.default_path("sections", tmp_path / "missing")


def test_model_dir_reads_a_joblib_name_by_content(tmp_path, built):
    artifact.save(built, tmp_path / "sections.joblib")  # the old name, the safe format inside
    assert artifact.load_default("sections", str(tmp_path))["kind"] == "sections"


def test_model_dir_pickle_needs_allow_pickle(tmp_path, built):
    joblib.dump({**built, "format_version": 1}, tmp_path / "sections.joblib")
    with pytest.raises(ModelFormatError, match="pickle"):
        artifact.load_default("sections", str(tmp_path))
    assert artifact.load_default("sections", str(tmp_path), allow_pickle=True)["kind"] == "sections"


def test_load_missing_model_file(tmp_path):
    with pytest.raises(ModelFormatError, match="no such model file"):
        artifact.load(tmp_path / "nothing-here" / "sections.chaff")


def estimator_types(value, seen=None) -> set[str]:
    """Qualified names of the chaff-defined classes and functions inside nested estimators."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return set()
    seen.add(id(value))
    found = set()
    kind = type(value)
    if kind.__module__.startswith("classifier."):
        found.add(f"{kind.__module__}.{kind.__qualname__}")
    if callable(value) and getattr(value, "__module__", "").startswith("classifier.") and hasattr(value, "__qualname__") and not isinstance(value, type):
        found.add(f"{value.__module__}.{value.__qualname__}")
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else []
    if hasattr(value, "__dict__") and not isinstance(value, type) and not callable(value) or isinstance(value, BaseEstimator):
        children = list(children) + list(vars(value).values())
    for child in children:
        found |= estimator_types(child, seen)
    return found


@pytest.mark.parametrize("kind", artifact.KINDS)
def test_shipped_models_types_are_all_trusted(kind):
    path = artifact.shipped_path(kind)
    trusted = artifact.trusted_types()
    if kind in artifact.LEGACY_SHIPPED:  # still a joblib file: check the chaff types it would need
        model = artifact.load(path, kind=kind, allow_pickle=True)
        needed = estimator_types({k: v for k, v in model.items()})
        assert needed and needed <= trusted, sorted(needed - trusted)
        return
    with zipfile.ZipFile(path) as archive:
        untrusted = set(sio.get_untrusted_types(data=archive.read("payload.skops")))
    assert untrusted <= trusted, sorted(untrusted - trusted)
    own = {"sections": "classifier.models.sections.SectionModel", "headlines": "classifier.models.headlines.LanguageRouter",
           "offtopic": "classifier.models.offtopic.OffTopicModel"}  # fmt: skip
    assert own[kind] in untrusted
