"""``chaff train sections|headlines|offtopic``: fit a model on your labeled data."""

from __future__ import annotations

import json
import os
import sys

import click

from . import run_or_exit


@click.group()
def train() -> None:
    """Fit a model on your labeled data."""


def _described(paths: tuple[str, ...]) -> list[dict[str, str]]:
    from .. import artifact

    return [{"name": p, "sha256": artifact.file_digest(p) if p != "-" else ""} for p in paths]


@train.command("sections")
@click.option("--data", "data", multiple=True, required=True, help="Sections JSONL or pages JSONL (html + gold_text); repeatable.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write the model.")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True)
@click.option("--threads", type=click.IntRange(1), default=os.cpu_count() or 1, show_default="one per core",
              help="Threads for fitting.")  # fmt: skip
def train_sections(data: tuple[str, ...], out: str, folds: int, threads: int) -> None:
    """Train a content/noise section model; prints cross-validated metrics."""
    from tqdm import tqdm

    from .. import artifact
    from ..fit import sections
    from .data import labeled_pages

    def action() -> None:
        pages = labeled_pages(data)
        with tqdm(total=folds + 1, desc="fits (CV folds, then the model)", file=sys.stderr,
                  disable=not sys.stderr.isatty()) as bar:  # fmt: skip
            model = sections.train(
                pages, folds=folds, threads=threads, training_data=_described(data),
                progress=lambda done, total: bar.update(done - bar.n),
                warn=lambda message: click.echo(f"chaff: warning: {message}", err=True),
            )  # fmt: skip
        artifact.save(model, out)
        click.echo(json.dumps({"model": out, **model["metrics"]}, indent=1))

    run_or_exit(action)


@train.command("headlines")
@click.option("--data", "data", multiple=True, required=True, help="Headline CSV (text,label[,lang][,domain]); repeatable.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write the model.")
def train_headlines(data: tuple[str, ...], out: str) -> None:
    """Train a clickbait headline model; prints cross-validated metrics."""
    from .. import artifact
    from ..fit import headlines
    from .data import headline_table

    def action() -> None:
        model = headlines.train(headline_table(data), training_data=_described(data))
        artifact.save(model, out)
        click.echo(json.dumps({"model": out, **model["metrics"]}, indent=1))

    run_or_exit(action)


@train.command("offtopic")
@click.option("--data", "data", multiple=True, required=True,
              help="Pairs CSV (headline,article,label[,lang][,title]; label off/on or 1/0); repeatable.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write the model.")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True)
def train_offtopic(data: tuple[str, ...], out: str, folds: int) -> None:
    """Train an off-topic pair model; prints cross-validated metrics (folds grouped by article)."""
    from .. import artifact
    from ..fit import offtopic

    def action() -> None:
        pairs = offtopic.LabeledPairs.concat([offtopic.read_pairs_csv(p) for p in data])
        model = offtopic.train(pairs, folds=folds, training_data=_described(data))
        artifact.save(model, out)
        click.echo(json.dumps({"model": out, **model["metrics"]}, indent=1))

    run_or_exit(action)
