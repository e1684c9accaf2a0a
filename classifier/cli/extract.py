"""``chaff extract``: the clean article of each page, as text, Markdown or JSON with metadata."""

from __future__ import annotations

from typing import IO

import click

from . import run_or_exit
from .options import batch_options, favor_option, model_options


@click.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["txt", "json", "markdown"]),
    default="txt",
    show_default=True,
    help="txt: the article text; markdown: with headings, lists and tables; "
    "json: one object per input with path, title, author, date, site_name, lang and content.",
)
@click.option("--with-score", is_flag=True, help="With --format json: add the headline's clickbait_score.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Where to write (default stdout).")
@model_options
@favor_option
@batch_options
def extract(
    paths: tuple[str, ...],
    fmt: str,
    with_score: bool,
    output: IO[str],
    model_files: tuple[str, ...],
    model_dir: str | None,
    favor: str,
    input_dir: str | None,
    output_dir: str | None,
    jobs: int,
) -> None:
    """Write the clean article text of each page.

    With several inputs, txt and markdown outputs are separated by a line "== PATH" before each
    article; json writes one line per input. A failed input is reported on stderr (and as a JSON
    line with "error" with --format json); the others are still processed, and the exit code is 1.
    """
    from ..config import Config
    from .pages import Job, gather_inputs, process, resolve_models

    if with_score and fmt != "json":
        raise click.UsageError("--with-score needs --format json")
    given = click.get_current_context().get_parameter_source("output")
    if output_dir is not None and given is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError("give -o FILE or --output-dir DIR, not both")
    inputs = gather_inputs(paths, input_dir)

    def action() -> None:
        config = Config(favor=favor)  # type: ignore[arg-type]  # click.Choice checked it
        job = Job("extract", fmt, resolve_models(model_files, model_dir), config, with_score=with_score)
        process(inputs, job, jobs=jobs, stream=output, output_dir=output_dir)

    run_or_exit(action)
