"""``chaff evaluate sections|headlines|offtopic``: metrics of a model on labeled data."""

from __future__ import annotations

import json

import click

from . import run_or_exit


@click.group()
def evaluate() -> None:
    """Score a model on labeled data."""


@evaluate.command("sections")
@click.option("--data", "data", multiple=True, required=True, help="Sections JSONL or pages JSONL; repeatable.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="A model file (default: the shipped one).")
def evaluate_sections(data: tuple[str, ...], model_path: str | None) -> None:
    """Section accuracy and page F1 of a section model."""
    from .. import artifact
    from ..errors import InputError
    from ..fit import sections
    from .data import labeled_pages

    def action() -> None:
        model = artifact.load(model_path, kind="sections") if model_path else artifact.load_default("sections")
        pages = labeled_pages(data)
        if not pages:
            raise InputError(f"{', '.join(data)}: no labeled pages")
        click.echo(json.dumps(sections.evaluate(pages, model), indent=1))

    run_or_exit(action)


@evaluate.command("headlines")
@click.option("--data", "data", multiple=True, required=True, help="Headline CSV (text,label[,lang][,domain]); repeatable.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="A model file (default: the shipped one).")
def evaluate_headlines(data: tuple[str, ...], model_path: str | None) -> None:
    """Accuracy, F1, ROC-AUC, Brier score and calibration error of a headline model."""
    from .. import artifact
    from ..metrics import classification_scores
    from ..models import headlines
    from .data import headline_table

    def action() -> None:
        model = artifact.load(model_path, kind="headlines") if model_path else artifact.load_default("headlines")
        table = headline_table(data)
        proba = headlines.score_table(table, model)
        click.echo(json.dumps({"rows": len(table), **classification_scores(table["label"], proba)}, indent=1))

    run_or_exit(action)


@evaluate.command("offtopic")
@click.option("--data", "data", multiple=True, required=True,
              help="Pairs CSV (headline,article,label[,lang][,title]; label off/on or 1/0); repeatable.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), help="A model file (default: the shipped one).")
def evaluate_offtopic(data: tuple[str, ...], model_path: str | None) -> None:
    """Off-topic precision, recall, F1 and calibration error of a pair model."""
    from .. import artifact
    from ..config import Config
    from ..fit import offtopic

    def action() -> None:
        pairs = offtopic.LabeledPairs.concat([offtopic.read_pairs_csv(p) for p in data])
        model = artifact.load(model_path, kind="offtopic") if model_path else artifact.load_default("offtopic")
        scores = offtopic.evaluate(pairs, model["pipeline"], threshold=Config().off_topic_probability)
        click.echo(json.dumps(scores, indent=1))

    run_or_exit(action)
