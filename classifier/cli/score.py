"""``chaff score``: a report on each page (text, JSON Lines or a self-contained HTML page)."""

from __future__ import annotations

import sys

import click

from . import run_or_exit
from .options import batch_options, favor_option, model_options


@click.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text: a readable report; json: one object per input (JSON Lines), with its path; "
    "html: a self-contained page marking every section (open it in a browser).",
)
@model_options
@favor_option
@click.option(
    "--off-topic-probability",
    type=click.FloatRange(0, 1),
    help="Inserted items whose P(off-topic) reaches this are flagged off-topic (default: Config's).",
)
@batch_options
def score(
    paths: tuple[str, ...],
    fmt: str,
    model_files: tuple[str, ...],
    model_dir: str | None,
    favor: str,
    off_topic_probability: float | None,
    input_dir: str | None,
    output_dir: str | None,
    jobs: int,
) -> None:
    """Report on each page (HTML or plain text; - reads stdin).

    A failed input is reported on stderr (and as a JSON line with "error" and its "path" with
    --format json); the others are still processed, and the exit code is 1.
    """
    from ..config import Config
    from .pages import Job, gather_inputs, process, resolve_models

    inputs = gather_inputs(paths, input_dir)

    def action() -> None:
        config = Config(favor=favor)  # type: ignore[arg-type]  # click.Choice checked it
        if off_topic_probability is not None:
            config = Config(favor=favor, off_topic_probability=off_topic_probability)  # type: ignore[arg-type]
        job = Job("score", fmt, resolve_models(model_files, model_dir), config)
        process(inputs, job, jobs=jobs, stream=sys.stdout, output_dir=output_dir)

    run_or_exit(action)
