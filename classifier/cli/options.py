"""Options shared by the page commands (``score``, ``extract``); cheap to import (click only)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

MODEL_FILES = ("sections.chaff", "headlines.chaff", "offtopic.chaff")  # what --model-dir holds (artifact.DEFAULT_FILES)
LEGACY_FILES = ("sections.joblib", "headlines.joblib", "offtopic.joblib")  # artifact.LEGACY_FILES
FAVORS = ("precision", "balanced", "recall")  # config.FAVORS, repeated here to keep --help cheap


def _model_dir(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    if not Path(value).is_dir():
        raise click.BadParameter(f"{value} is not a folder", ctx=ctx, param=param)
    if not any((Path(value) / name).is_file() for name in (*MODEL_FILES, *LEGACY_FILES)):
        raise click.BadParameter(
            f"{value} holds neither {' nor '.join(MODEL_FILES)}; give a model file with --model FILE",
            ctx=ctx,
            param=param,
        )
    return value


def model_options(command: F) -> F:
    """``--model FILE`` (repeatable, the kind is read from the file) and ``--model-dir DIR``."""
    command = click.option(
        "--model",
        "model_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        help="A model file to use instead of the shipped one of its kind (sections or headlines); repeatable.",
    )(command)
    return click.option(
        "--model-dir",
        callback=_model_dir,
        help="Folder with sections.chaff, headlines.chaff and/or offtopic.chaff to use instead of the shipped models.",
    )(command)


def favor_option(command: F) -> F:
    """``--favor precision|balanced|recall``: which of the section model's thresholds to use."""
    return click.option(
        "--favor",
        type=click.Choice(FAVORS),
        default="balanced",
        show_default=True,
        help="Keep less text (precision) or more (recall); uses the section model's threshold for it "
        "(models with a single threshold use it for all three).",
    )(command)


def batch_options(command: F) -> F:
    """``--input-dir``, ``--output-dir`` and ``--jobs``."""
    command = click.option(
        "--jobs", type=click.IntRange(1), default=1, show_default=True, help="Worker processes."
    )(command)
    command = click.option(
        "--output-dir",
        type=click.Path(file_okay=False),
        help="Write one file per input here (relative names mirrored, suffix by format) instead of stdout.",
    )(command)
    return click.option(
        "--input-dir",
        type=click.Path(exists=True, file_okay=False),
        help="Process every file under this folder (recursively; hidden files skipped).",
    )(command)
