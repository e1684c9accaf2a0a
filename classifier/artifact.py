"""Model artifacts: a fitted pipeline plus the metadata to trust it, in a file that cannot run code.

A chaff model file (format version 2) is a zip archive holding two members:

- ``metadata.json``: every JSON-serialisable field of the artifact (``format``, ``format_version``,
  ``kind``, ``chaff_version``, ``sklearn_version``, ``feature_names``, ``training_data``,
  ``metrics``, ``created``, thresholds, ...) and the SHA-256 digest and size of the payload;
- ``payload.skops``: the fitted estimators (``pipeline`` and any other estimator-valued field)
  stored with ``skops.io``.

``load`` reads the metadata, checks the payload's digest *before* deserialising anything, asks
``skops.io.get_untrusted_types`` which types the payload would build and refuses any that is not in
``TRUSTED_TYPES`` (kept in this module: a new chaff-defined type is one added line), then validates
every field. Nothing in the file is executed: skops builds objects from data, never from code.

Pickle and joblib files (format version 1, and bare pickles) can run code when loaded: they are
read only with an explicit ``allow_pickle=True`` (CLI ``--allow-pickle``). The one exception is
``LEGACY_SHIPPED``: models inside this package still stored as joblib, trusted as the package's own
code is (see ``load_default``).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import warnings
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

import sklearn

from . import __version__
from .errors import ModelFormatError

FORMAT = "chaff-model"
FORMAT_VERSION = 2
PICKLE_FORMAT_VERSION = 1
Kind = Literal["sections", "headlines", "offtopic"]
KINDS: tuple[str, ...] = get_args(Kind)
SUFFIX = ".chaff"
DEFAULT_FILES: dict[str, str] = {kind: f"{kind}{SUFFIX}" for kind in KINDS}
LEGACY_FILES: dict[str, str] = {kind: f"{kind}.joblib" for kind in KINDS}
# Shipped models not yet converted to the safe format (loaded from the package as before).
LEGACY_SHIPPED: frozenset[str] = frozenset()

METADATA_MEMBER = "metadata.json"
PAYLOAD_MEMBER = "payload.skops"
REQUIRED: dict[str, type | tuple[type, ...]] = {
    "format": str,
    "format_version": int,
    "kind": str,
    "chaff_version": str,
    "sklearn_version": str,
    "feature_names": list,
    "training_data": list,
    "metrics": dict,
    "created": str,
}

# Every type a model payload may build beyond those skops trusts by default (builtins, numpy,
# scipy, scikit-learn). One line per type: a new chaff transformer is one added line here, and
# tests/test_artifact.py checks that every shipped model's types are listed.
TRUSTED_TYPES: frozenset[str] = frozenset(
    {
        # chaff's own estimators and transformers
        "classifier.features.context.SectionFeatures",
        "classifier.models.sections.SectionModel",
        "classifier.features.headline.HeadlineFeatures",
        "classifier.features.ngrams.HashedNgrams",
        "classifier.lang.LanguageDetector",
        "classifier.models.headlines.BlockScaler",
        "classifier.models.headlines.HeadlineInputs",
        "classifier.models.headlines.HeadlineVectorizer",
        "classifier.models.headlines.LanguageRouter",
        "classifier.features.pair.PairFeatures",
        "classifier.models.offtopic.OffTopicModel",
        # LightGBM's scikit-learn wrapper and its booster (saved as LightGBM's own text model)
        "lightgbm.sklearn.LGBMClassifier",
        "lightgbm.basic.Booster",
        # containers
        "collections.OrderedDict",
        "scipy.sparse._csr.csr_matrix",
        "numpy.dtype",
    }
)

# Tables of named feature functions ``(module, attribute)``: transformers such as HeadlineFeatures
# hold their functions, and every function listed in these tables is trusted by name.
TRUSTED_FEATURE_TABLES: tuple[tuple[str, str], ...] = (("classifier.features.headline", "FEATURES"),)

# First bytes of files that unpickle: pickle protocols 2-5, and joblib's compressed containers.
PICKLE_MAGIC = (b"\x80", b"x", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"ZF", b"\x04\x22\x4d\x18", b"]\x00\x00")

ZIP_MAGIC = b"PK\x03\x04"

Artifact = dict[str, Any]


def file_digest(path: str | Path) -> str:
    """SHA-256 hex digest of a file's bytes.

    Args:
        path: the file.

    Returns:
        64 hex digits.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build(
    pipeline: Any,
    *,
    kind: Kind,
    training_data: list[dict[str, Any]],
    metrics: dict[str, Any],
    feature_names: list[str] | None = None,
    **extra: Any,
) -> Artifact:
    """Wrap a fitted pipeline with the metadata every chaff artifact carries.

    Args:
        pipeline: the fitted scikit-learn pipeline (features, then the model).
        kind: ``"sections"`` or ``"headlines"``.
        training_data: descriptions (``name``, ``rows``/``pages``, ``sha256``) of the data.
        metrics: cross-validated figures.
        feature_names: defaults to the names of every column the pipeline's model sees.
        **extra: further fields (thresholds, parameters, other fitted estimators).

    Returns:
        The artifact dict, ready for ``save``.
    """
    names = feature_names if feature_names is not None else _feature_names(pipeline)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": kind,
        "chaff_version": __version__,
        "sklearn_version": sklearn.__version__,
        "feature_names": [str(n) for n in names],
        "training_data": training_data,
        "metrics": metrics,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        **extra,
        "pipeline": pipeline,
    }


def trusted_types() -> frozenset[str]:
    """``TRUSTED_TYPES`` plus the functions of ``TRUSTED_FEATURE_TABLES`` (by qualified name)."""
    functions = set()
    for module_name, attribute in TRUSTED_FEATURE_TABLES:
        for _, fn in getattr(importlib.import_module(module_name), attribute):
            functions.add(f"{fn.__module__}.{fn.__qualname__}")
    return TRUSTED_TYPES | functions


def _is_json(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


def save(artifact: Mapping[str, Any], path: str | Path) -> Path:
    """Write an artifact in the safe format (whatever the file's suffix).

    JSON-serialisable fields go to ``metadata.json``; ``pipeline`` and every other field go to the
    skops payload, whose digest the metadata records.

    Args:
        artifact: a dict from ``build``.
        path: where to write; parent folders are created.

    Returns:
        The path written.

    Raises:
        ModelFormatError: the artifact has no pipeline, or holds a type ``load`` would refuse.
    """
    import skops.io as sio

    path = Path(path)
    if artifact.get("pipeline") is None:
        raise ModelFormatError(f"{path}: the artifact has no pipeline to save")
    metadata = {k: v for k, v in artifact.items() if k != "pipeline" and _is_json(v)}
    estimators = {k: v for k, v in artifact.items() if k not in metadata}
    payload = sio.dumps(estimators)
    refused = sorted(set(sio.get_untrusted_types(data=payload)) - trusted_types())
    if refused:
        raise ModelFormatError(f"{path}: the model holds types chaff would not load ({', '.join(refused)}); add them to TRUSTED_TYPES")
    metadata |= {"format": FORMAT, "format_version": FORMAT_VERSION}
    metadata["payload"] = {"sha256": hashlib.sha256(payload).hexdigest(), "size": len(payload), "fields": sorted(estimators)}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(METADATA_MEMBER, json.dumps(metadata, ensure_ascii=False, indent=1, allow_nan=False))
        archive.writestr(PAYLOAD_MEMBER, payload)
    partial.replace(path)
    return path


def _read_container(path: Path) -> tuple[dict[str, Any], bytes]:
    """The metadata and the raw payload of a safe model file, payload digest checked."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if not {METADATA_MEMBER, PAYLOAD_MEMBER} <= names:
                raise ModelFormatError(f"{path}: not a chaff model file (no {METADATA_MEMBER} and {PAYLOAD_MEMBER})")
            metadata = json.loads(archive.read(METADATA_MEMBER))
            payload = archive.read(PAYLOAD_MEMBER)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError, OSError) as exc:
        raise ModelFormatError(f"{path}: damaged chaff model file ({type(exc).__name__}: {exc})") from None
    if not isinstance(metadata, dict) or metadata.get("format") != FORMAT:
        raise ModelFormatError(f"{path}: not a chaff model file")
    _check_version(path, metadata.get("format_version"))
    described = metadata.get("payload")
    if not isinstance(described, dict) or not isinstance(described.get("sha256"), str):
        raise ModelFormatError(f"{path}: the metadata has no payload checksum")
    if described.get("size") != len(payload) or hashlib.sha256(payload).hexdigest() != described["sha256"]:
        raise ModelFormatError(f"{path}: the payload does not match its SHA-256 checksum (a damaged or altered file)")
    return metadata, payload


def _check_version(path: Path, version: Any) -> None:
    if version != FORMAT_VERSION:
        raise ModelFormatError(
            f"{path}: model format version {version!r}, this chaff reads version {FORMAT_VERSION}; "
            "retrain it with `chaff train`"
        )


def _load_payload(path: Path, payload: bytes) -> dict[str, Any]:
    """Deserialise the payload, refusing any type outside ``TRUSTED_TYPES``."""
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(data=payload)
    except Exception as exc:  # skops raises many types on a malformed payload
        raise ModelFormatError(f"{path}: unreadable model payload ({type(exc).__name__})") from None
    refused = sorted(set(untrusted) - trusted_types())
    if refused:
        raise ModelFormatError(f"{path}: refused, the model would build the untrusted type {refused[0]}")
    try:
        estimators = sio.loads(payload, trusted=list(untrusted))
    except Exception as exc:  # a payload whose types are trusted can still be malformed
        raise ModelFormatError(f"{path}: unreadable model payload ({type(exc).__name__}: {exc})") from None
    if not isinstance(estimators, dict):
        raise ModelFormatError(f"{path}: the model payload is not a dict of estimators")
    return estimators


def _head(path: Path) -> bytes:
    """The first bytes of a file (empty if unreadable)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(8)
    except OSError:
        return b""


def _load_pickle(path: Path) -> dict[str, Any]:
    import joblib

    try:
        artifact = joblib.load(path)
    except Exception as exc:  # joblib/pickle raise many types on foreign files
        raise ModelFormatError(f"{path}: not a chaff model file ({type(exc).__name__})") from None
    if not isinstance(artifact, dict) or artifact.get("format") != FORMAT:
        raise ModelFormatError(f"{path}: not a chaff model file")
    if artifact.get("format_version") != PICKLE_FORMAT_VERSION:
        _check_version(path, artifact.get("format_version"))
    return artifact


def _validate(path: Path, artifact: dict[str, Any], kind: Kind | None) -> None:
    """Check every field an artifact must have; one-line errors naming the file."""
    for field, expected in REQUIRED.items():
        if not isinstance(artifact.get(field), expected):
            raise ModelFormatError(f"{path}: field {field!r} is missing or not a {getattr(expected, '__name__', expected)}")
    found = artifact["kind"]
    if found not in KINDS:
        raise ModelFormatError(f"{path}: unknown model kind {found!r} (expected one of {', '.join(KINDS)})")
    if kind is not None and found != kind:
        raise ModelFormatError(f"{path}: a {found!r} model, expected {kind!r}")
    if not all(isinstance(name, str) for name in artifact["feature_names"]):
        raise ModelFormatError(f"{path}: field 'feature_names' is not a list of strings")
    pipeline: Any = artifact.get("pipeline")
    if not hasattr(pipeline, "predict_proba") or not hasattr(pipeline, "fit"):
        raise ModelFormatError(f"{path}: field 'pipeline' is not a fitted scikit-learn classifier")
    if found == "sections":
        try:
            names = [str(n) for n in _feature_names(pipeline)]
        except Exception as exc:  # a pipeline of the wrong shape fails in many ways
            raise ModelFormatError(f"{path}: its pipeline cannot name its features ({type(exc).__name__})") from None
        if names != artifact["feature_names"]:
            raise ModelFormatError(f"{path}: its features differ from this chaff's; retrain it with `chaff train`")


def _feature_names(pipeline: Any) -> list[str]:
    """The names of the columns a model's estimator sees: its own ``feature_names()`` (the section
    model), else a Pipeline's feature steps' ``get_feature_names_out()``."""
    if hasattr(pipeline, "feature_names"):
        return [str(n) for n in pipeline.feature_names()]
    return [str(n) for n in pipeline[:-1].get_feature_names_out()]


def load(path: str | Path, *, kind: Kind | None = None, allow_pickle: bool = False) -> Artifact:
    """Read and check an artifact.

    Args:
        path: the model file.
        kind: the kind expected (any kind if ``None``).
        allow_pickle: also read pickle/joblib model files (format version 1). They can run
            arbitrary code when loaded: allow them only for files from a trusted source.

    Returns:
        The artifact dict: metadata fields plus ``pipeline`` (and other fitted estimators).

    Raises:
        ModelFormatError: the file is missing, damaged (checksum), not a chaff model, of another
            format version or kind, holds an untrusted type, or has a missing or malformed field;
            or it is a pickle and ``allow_pickle`` is false.
    """
    path = Path(path)
    if not path.exists():
        raise ModelFormatError(f"{path}: no such model file")
    if not path.is_file():
        raise ModelFormatError(f"{path}: not a chaff model file (not a regular file)")
    head = _head(path)
    if head.startswith(ZIP_MAGIC):
        metadata, payload = _read_container(path)
        estimators = _load_payload(path, payload)
        artifact: dict[str, Any] = {k: v for k, v in metadata.items() if k != "payload"} | estimators
    elif head.startswith(PICKLE_MAGIC):
        if not allow_pickle and not _is_legacy_shipped(path):
            raise ModelFormatError(
                f"{path}: a pickle/joblib model file, which can run code when loaded; "
                "convert it (chaff train), or pass allow_pickle=True / --allow-pickle if you trust its source"
            )
        artifact = _load_pickle(path)
    else:
        raise ModelFormatError(f"{path}: not a chaff model file")
    _validate(path, artifact, kind)
    if artifact["sklearn_version"] != sklearn.__version__:
        warnings.warn(
            f"{path}: built with scikit-learn {artifact['sklearn_version']}, "
            f"running {sklearn.__version__}; scores may differ",
            stacklevel=2,
        )
    return artifact


def shipped_path(kind: Kind) -> Path:
    """The model of ``kind`` shipped inside the package."""
    name = LEGACY_FILES[kind] if kind in LEGACY_SHIPPED else DEFAULT_FILES[kind]
    return Path(str(resources.files("classifier.pretrained").joinpath(name)))


def _is_legacy_shipped(path: Path) -> bool:
    """Whether ``path`` is a shipped model still stored as joblib: the package's own file, trusted as its code is."""
    for kind in LEGACY_SHIPPED:
        shipped = shipped_path(kind)  # type: ignore[arg-type]
        if shipped.is_file() and path.resolve() == shipped.resolve():
            return True
    return False


def default_path(kind: Kind, model_dir: str | Path | None = None) -> Path:
    """Where the model of ``kind`` lives: in ``model_dir`` when given, else inside the package.

    In ``model_dir`` the model is ``<kind>.chaff`` (or ``<kind>.joblib``, read by content).

    Raises:
        ModelFormatError: ``model_dir`` is given but is not a folder or holds no model of ``kind``
            (never a silent fall back to the shipped model).
    """
    if model_dir is None:
        return shipped_path(kind)
    folder = Path(model_dir)
    if not folder.is_dir():
        raise ModelFormatError(f"{folder}: the model folder does not exist or is not a folder")
    for name in (DEFAULT_FILES[kind], LEGACY_FILES[kind]):
        if (folder / name).is_file():
            return folder / name
    raise ModelFormatError(f"{folder}: no {kind} model in this folder (expected {DEFAULT_FILES[kind]})")


_LOADED: dict[tuple[str, str | None], Artifact] = {}


def load_default(kind: Kind, model_dir: str | Path | None = None, *, allow_pickle: bool = False) -> Artifact:
    """The model of ``kind``, loaded once per process (and per ``model_dir``).

    Args:
        kind: ``"sections"`` or ``"headlines"``.
        model_dir: a folder holding the model (see ``default_path``); the shipped one if ``None``.
        allow_pickle: passed to ``load`` on first use (a model already loaded is returned as is).

    Returns:
        The artifact, the same object on every call.

    Raises:
        ModelFormatError: see ``default_path`` and ``load``.
    """
    key = (kind, None if model_dir is None else str(model_dir))
    if key not in _LOADED:
        _LOADED[key] = load(default_path(kind, model_dir), kind=kind, allow_pickle=allow_pickle)
    return _LOADED[key]


def loaded_models() -> dict[tuple[str, str | None], Artifact]:
    """The models this process has loaded so far, by ``(kind, model_dir)`` (a copy)."""
    return dict(_LOADED)


def convert(source: str | Path, target: str | Path, *, kind: Kind | None = None) -> Path:
    """Rewrite a pickle/joblib model file (format version 1) in the safe format.

    Loading the source unpickles it: convert only files from a trusted source.

    Args:
        source: the old model file.
        target: where to write the safe file.
        kind: the kind expected (any if ``None``).

    Returns:
        The path written.
    """
    artifact = load(source, kind=kind, allow_pickle=True)
    return save({**artifact, "format_version": FORMAT_VERSION}, target)
