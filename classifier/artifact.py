"""Model artifacts: a joblib dict holding a fitted pipeline plus the metadata to trust it.

Model files are pickles: load only files from a trusted source.
"""

from __future__ import annotations

import hashlib
import warnings
from datetime import datetime, timezone
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import joblib
import sklearn

from . import __version__
from .errors import ModelFormatError

FORMAT = "chaff-model"
FORMAT_VERSION = 1
Kind = Literal["sections", "headlines", "offtopic"]
DEFAULT_FILES: dict[str, str] = {"sections": "sections.joblib", "headlines": "headlines.joblib", "offtopic": "offtopic.joblib"}


def file_digest(path: str | Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build(
    pipeline: Any,
    *,
    kind: Kind,
    training_data: list[dict],
    metrics: dict,
    feature_names: list[str] | None = None,
    **extra: Any,
) -> dict:
    """Wrap a fitted pipeline with the metadata every chaff artifact carries.

    ``feature_names`` defaults to the names of every column the pipeline's model sees.
    """
    names = feature_names if feature_names is not None else pipeline[:-1].get_feature_names_out()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": kind,
        "chaff_version": __version__,
        "sklearn_version": sklearn.__version__,
        "feature_names": [str(n) for n in names],
        "training_data": training_data,
        "metrics": metrics,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **extra,
        "pipeline": pipeline,
    }


def save(artifact: dict, path: str | Path) -> Path:
    """Write an artifact, zlib-compressed (small, and quick to load)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(artifact, path, compress=("zlib", 6))
    return path


def load(path: str | Path, *, kind: Kind | None = None) -> dict:
    """Read and check an artifact.

    Raises:
        ModelFormatError: the file is missing, unreadable, not a chaff model, of another
            format version, or of another kind than asked.
    """
    path = Path(path)
    try:
        artifact = joblib.load(path)
    except FileNotFoundError:
        raise ModelFormatError(f"{path}: no such model file") from None
    except Exception as exc:  # joblib/pickle raise many types on foreign files
        raise ModelFormatError(f"{path}: not a chaff model file ({type(exc).__name__})") from None
    if not isinstance(artifact, dict) or artifact.get("format") != FORMAT:
        raise ModelFormatError(f"{path}: not a chaff model file")
    if artifact.get("format_version") != FORMAT_VERSION:
        raise ModelFormatError(
            f"{path}: model format version {artifact.get('format_version')!r}, "
            f"this chaff reads version {FORMAT_VERSION}; retrain it with `chaff train`"
        )
    if kind is not None and artifact.get("kind") != kind:
        raise ModelFormatError(f"{path}: a {artifact.get('kind')!r} model, expected {kind!r}")
    pipeline = artifact.get("pipeline")
    if artifact["kind"] == "sections":
        names = pipeline.feature_names() if hasattr(pipeline, "feature_names") else list(pipeline[:-1].get_feature_names_out())
    if artifact["kind"] == "sections" and names != artifact.get("feature_names"):
        raise ModelFormatError(f"{path}: its features differ from this chaff's; retrain it with `chaff train`")
    if artifact.get("sklearn_version") != sklearn.__version__:
        warnings.warn(
            f"{path}: built with scikit-learn {artifact.get('sklearn_version')}, "
            f"running {sklearn.__version__}; scores may differ",
            stacklevel=2,
        )
    return artifact


def default_path(kind: Kind, model_dir: str | Path | None = None) -> Path:
    """Where the model of ``kind`` lives: in ``model_dir`` when it holds one, else inside the package."""
    if model_dir is not None and (Path(model_dir) / DEFAULT_FILES[kind]).is_file():
        return Path(model_dir) / DEFAULT_FILES[kind]
    return Path(str(resources.files("classifier.pretrained").joinpath(DEFAULT_FILES[kind])))


@cache
def load_default(kind: Kind, model_dir: str | None = None) -> dict:
    """The model of ``kind``, loaded once per process (and per ``model_dir``)."""
    return load(default_path(kind, model_dir), kind=kind)
