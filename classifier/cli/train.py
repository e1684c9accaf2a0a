"""``chaff train sections|headlines``: fit a model on your labeled data."""

from __future__ import annotations

import json

import click

from . import run_or_exit

ESTIMATORS = ("boosting", "logistic")  # sections.ESTIMATORS, repeated here to keep --help cheap


@click.group()
def train() -> None:
    """Fit a model on your labeled data."""


def _described(paths: tuple[str, ...]) -> list[dict[str, str]]:
    from .. import artifact

    return [{"name": p, "sha256": artifact.file_digest(p) if p != "-" else ""} for p in paths]


@train.command("sections")
@click.option("--data", "data", multiple=True, required=True, help="Sections JSONL or pages JSONL (html + gold_text); repeatable.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write the model.")
@click.option("--estimator", type=click.Choice(ESTIMATORS), default="boosting", show_default=True)
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True)
def train_sections(data: tuple[str, ...], out: str, estimator: str, folds: int) -> None:
    """Train a content/noise section model; prints cross-validated metrics."""
    from .. import artifact, sections
    from .data import labeled_pages

    def action() -> None:
        pages = labeled_pages(data)
        chosen: sections.Estimator = estimator  # type: ignore[assignment]  # click.Choice checked it
        model = sections.train(pages, estimator=chosen, folds=folds, training_data=_described(data))
        artifact.save(model, out)
        click.echo(json.dumps({"model": out, "threshold": model["threshold"], **model["metrics"]}, indent=1))

    run_or_exit(action)


@train.command("headlines")
@click.option("--data", "data", multiple=True, required=True, help="Headline CSV (text,label[,lang][,domain]); repeatable.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Where to write the model.")
def train_headlines(data: tuple[str, ...], out: str) -> None:
    """Train a clickbait headline model; prints cross-validated metrics."""
    from .. import artifact, headlines
    from .data import headline_table

    def action() -> None:
        model = headlines.train(headline_table(data), training_data=_described(data))
        artifact.save(model, out)
        click.echo(json.dumps({"model": out, **model["metrics"]}, indent=1))

    run_or_exit(action)
